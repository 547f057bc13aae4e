import type { Core } from '../app.ts';
import { ephemeral } from '../commands/reply.ts';
import { currentProgramme, normalize, requireConsultant } from '../commands/resolve.ts';
import { COMMAND } from '../commands/texts.ts';
import type { CommandContext, CommandReply } from '../commands/types.ts';
import type { Programme } from '../domain/entities.ts';
import { UserError } from '../domain/errors.ts';
import type { Template } from '../domain/template.ts';
import { pick, type Locale } from '../domain/text.ts';
import { findByChannel } from '../store/programmes.ts';
import { evaluationService } from './context.ts';
import { evaluationCsv, exportFilename } from './export.ts';
import { formTitle } from './forms.ts';
import { indexAnswers, type ProgrammeResults } from './results.ts';
import { et } from './texts.ts';
import { localDate } from './timing.ts';
import { resultsMessage, type ResultScope, type ViewContext } from './view.ts';

/** `resultater [partnerskab] [aktivitet]`: the consultant's view of the evaluations. */
export function resultsCommand(core: Core, args: string[], ctx: CommandContext, locale: Locale): CommandReply {
  const { programme, template, scope, data } = prepare(core, args, ctx);
  const message = resultsMessage(data, scope, viewContext(core, programme, template, locale));
  return { type: 'message', visibility: 'ephemeral', message };
}

/** `eksport [partnerskab] [aktivitet]`: every answer as a CSV file in the consultant's direct conversation. */
export function exportCommand(core: Core, args: string[], ctx: CommandContext, locale: Locale): CommandReply {
  const { programme, template, scope, data } = prepare(core, args, ctx);
  if (!core.platforms.get(programme.platform)?.uploadFile) return ephemeral(et(locale, 'exportUnsupported', { command: COMMAND }));
  const view = viewContext(core, programme, template, locale);
  const roleTitle = (role: string) => pick(template.roles.find((r) => r.role === role)?.title ?? { da: role }, locale);
  const { csv, rows } = evaluationCsv(data, scope.partnershipId, { ...view, roleTitle });
  if (rows === 0) return ephemeral(et(locale, 'exportEmpty'));
  const now = core.clock.now();
  const filename = exportFilename(programme.name, localDate(now, programme.timezone), locale);
  const consultant = core.repos.members.listForProgramme(programme.id).find((m) => m.role === 'consultant' && m.userRef === ctx.userRef)!;
  core.repos.deliveries.enqueue(
    {
      idempotencyKey: `eval:export:${programme.id}:${consultant.id}:${now.toISOString()}`,
      platform: programme.platform,
      workspaceId: programme.workspaceId,
      programmeId: programme.id,
      target: { type: 'member', id: consultant.id },
      payload: {
        op: 'upload',
        filename,
        title: et(locale, 'resultsTitle', { name: programme.name }),
        contentBase64: Buffer.from(csv, 'utf8').toString('base64'),
        comment: et(locale, 'exportComment', { name: programme.name }),
      },
    },
    now,
  );
  core.scheduler.kick();
  return ephemeral(et(locale, 'exportQueued', { count: rows, filename }));
}

function prepare(core: Core, args: string[], ctx: CommandContext): { programme: Programme; template: Template; scope: ResultScope; data: ProgrammeResults } {
  const programme = currentProgramme(core, ctx);
  requireConsultant(core, programme, ctx, 'see');
  const template = core.programmes.templateOf(programme);
  const scope = resolveScope(core, programme, template, args, ctx);
  const store = evaluationService(core).store;
  const rounds = store.askedRounds(programme.id).filter((r) => !scope.stepKey || r.stepKey === scope.stepKey);
  const data = { rounds, prompts: store.promptsForProgramme(programme.id), answers: indexAnswers(store.answersForProgramme(programme.id)) };
  return { programme, template, scope, data };
}

/**
 * Where the command was typed decides what may be shown: in a partnership's channel only that
 * partnership (whatever was asked for), in the shared channel numbers only, in a direct conversation
 * everything.
 */
function resolveScope(core: Core, programme: Programme, template: Template, args: string[], ctx: CommandContext): ResultScope {
  const where = ctx.channelRef ? findByChannel(core.db, ctx.platform, ctx.workspaceId, ctx.channelRef) : undefined;
  const here = where?.programmeId === programme.id ? where : undefined;
  const filter = parseFilter(core, programme, template, args);
  if (here?.partnershipId && filter.partnershipId && filter.partnershipId !== here.partnershipId) {
    const name = core.repos.partnerships.get(filter.partnershipId)?.name ?? '';
    throw new UserError('other_partnership', { da: et('da', 'otherPartnership', { name }), en: et('en', 'otherPartnership', { name }) });
  }
  return {
    partnershipId: here?.partnershipId ?? filter.partnershipId,
    stepKey: filter.stepKey,
    numbersOnly: !!here && here.partnershipId === null,
  };
}

/** The words name a partnership, an evaluated activity, or both (in either order). */
function parseFilter(core: Core, programme: Programme, template: Template, args: string[]): { partnershipId: string | null; stepKey: string | null } {
  if (args.length === 0) return { partnershipId: null, stepKey: null };
  const partnerships = core.repos.partnerships.listForProgramme(programme.id);
  const steps = template.steps.filter((s) => s.evaluation);
  const stepNames = steps.map((s) => ({ id: s.key, names: [s.key, s.title.da, s.title.en, s.evaluation?.title?.da, s.evaluation?.title?.en] }));
  const partnershipNames = partnerships.map((p) => ({ id: p.id, names: [p.name] }));
  const step = (words: string[]) => match(words, stepNames);
  const partnership = (words: string[]) => match(words, partnershipNames);
  // Each split below normalises all the words again: cheap for a name or two, quadratic for a long
  // paste. What is longer than the longest step and partnership names together matches nothing.
  const fits = normalize(args.join(' ')).length <= longestName(stepNames) + longestName(partnershipNames);
  for (let split = 0; fits && split <= args.length; split += 1) {
    const [head, tail] = [args.slice(0, split), args.slice(split)];
    for (const [s, p] of [[step(head), partnership(tail)], [step(tail), partnership(head)]] as const) {
      if (s !== undefined && p !== undefined && (s || p)) return { stepKey: s, partnershipId: p };
    }
  }
  const known = steps.map((s) => s.key).join(', ');
  const names = partnerships.map((p) => p.name).join(', ') || '–';
  const params = { name: args.join(' '), known, partnerships: names };
  throw new UserError('unknown_filter', { da: et('da', 'unknownFilter', params), en: et('en', 'unknownFilter', params) });
}

function longestName(candidates: { names: (string | undefined)[] }[]): number {
  return Math.max(0, ...candidates.flatMap((c) => c.names.map((n) => (n ? normalize(n).length : 0))));
}

/** null for no words, the id for a match (exact, else a unique prefix of 3+ letters), undefined for none. */
function match(words: string[], candidates: { id: string; names: (string | undefined)[] }[]): string | null | undefined {
  if (words.length === 0) return null;
  const wanted = normalize(words.join(' '));
  const exact = candidates.filter((c) => c.names.some((n) => n && normalize(n) === wanted));
  if (exact.length === 1) return exact[0]!.id;
  const prefix = candidates.filter((c) => c.names.some((n) => n && normalize(n).startsWith(wanted)));
  return wanted.length >= 3 && prefix.length === 1 ? prefix[0]!.id : undefined;
}

function viewContext(core: Core, programme: Programme, template: Template, locale: Locale): ViewContext {
  const service = evaluationService(core);
  const partnerships = new Map(core.repos.partnerships.listForProgramme(programme.id).map((p) => [p.id, p.name]));
  return {
    programmeName: programme.name,
    zone: programme.timezone,
    locale,
    partnershipName: (id) => (id === null ? et(locale, 'noPartnership') : (partnerships.get(id) ?? '')),
    roundTitle: (round) => service.title(round, locale, programme),
    stepTitle: (round) => (round.form ? formTitle(round.form, template.steps.find((s) => s.key === round.stepKey), round.stepKey, locale) : round.stepKey),
  };
}
