import { UserError } from '../../domain/errors.ts';
import type { Programme } from '../../domain/entities.ts';
import { pick, type Locale } from '../../domain/text.ts';
import type { Core } from '../../app.ts';
import { formatDateTime } from '../../messages/format.ts';
import type { Block, RichMessage } from '../../messages/model.ts';
import type { ActivityOverride } from '../../timeline/plan.ts';
import { ephemeral } from '../reply.ts';
import { both, currentProgramme, findPartnership, findStep, isDateWord, normalize, normalizeDate, parseTime, requireConsultant } from '../resolve.ts';
import { COMMAND, tr } from '../texts.ts';
import type { ActionInput, CommandContext, CommandReply } from '../types.ts';

export const MOVE_CONFIRM = 'move.confirm';
export const MOVE_CANCEL = 'move.cancel';

const WORKSHOPS: Record<string, string> = {
  opstart: 'opstartsworkshop', kickoff: 'opstartsworkshop', '1': 'opstartsworkshop',
  midtvejs: 'midtvejsworkshop', midway: 'midtvejsworkshop', '2': 'midtvejsworkshop',
  afslutning: 'afslutningsworkshop', closing: 'afslutningsworkshop', '3': 'afslutningsworkshop',
};

/** `workshop midtvejs 2027-03-08 09:00 Kulturhuset, sal 2` */
export function workshopCommand(core: Core, args: string[], ctx: CommandContext, locale: Locale): CommandReply {
  const programme = currentProgramme(core, ctx);
  requireConsultant(core, programme, ctx);
  const [which, dateWord, ...rest] = args;
  if (!which || !dateWord) throw new UserError('usage', both('usage', { usage: `${COMMAND} workshop midtvejs 2027-03-08 09:00 Sted` }));
  const stepKey = WORKSHOPS[normalize(which)] ?? WORKSHOPS[normalize(which).replace(/workshop$/, '')];
  if (!stepKey) throw new UserError('unknown_workshop', both('unknownWorkshop', { name: which }));
  const time = rest[0] ? parseTime(rest[0]) : undefined;
  const location = (time ? rest.slice(1) : rest).join(' ').trim() || null;
  const override: ActivityOverride = { stepKey, partnershipId: null, date: normalizeDate(dateWord), ...(time ? { startTime: time } : {}), location };
  core.programmes.applyMove(programme, override);
  const activity = core.repos.activities.listForProgramme(programme.id).find((a) => a.stepKey === stepKey)!;
  const title = pick(core.programmes.template(programme.templateId).steps.find((s) => s.key === stepKey)!.title, locale);
  const when = formatDateTime(activity.startsAt, programme.timezone, locale);
  return ephemeral(tr(locale, 'workshopSet', { workshop: title, when, where: location ? ` (${location})` : '' }));
}

/** `flyt <aktivitet> [partnerskab] <dato> [tid]`: shows what would change, with buttons to confirm. */
export function moveCommand(core: Core, args: string[], ctx: CommandContext, locale: Locale): CommandReply {
  const programme = currentProgramme(core, ctx);
  requireConsultant(core, programme, ctx);
  const move = parseMove(core, programme, args);
  return ephemeralMessage(movePreview(core, programme, move, locale));
}

function parseMove(core: Core, programme: Programme, args: string[]): ActivityOverride {
  const usage = `${COMMAND} flyt nysgerrighed Havet 2027-01-20 10:00`;
  const dateIndex = args.findIndex(isDateWord);
  if (dateIndex < 1) throw new UserError('usage', both('usage', { usage }));
  const template = core.programmes.template(programme.templateId);
  const words = args.slice(0, dateIndex);
  // The activity may be several words ("afprøvning 2"); the partnership is what remains after it.
  for (let split = words.length; split >= 1; split -= 1) {
    const stepName = words.slice(0, split).join(' ');
    const step = template.steps.find((s) => [s.key, s.title.da, s.title.en ?? ''].some((n) => normalize(n) === normalize(stepName)));
    if (!step) continue;
    const partnershipName = words.slice(split).join(' ');
    const perPartnership = step.audience !== 'all' && step.audience !== 'consultant';
    if (perPartnership && !partnershipName) {
      throw new UserError('needs_partnership', both('needsPartnership', { activity: pick(step.title, 'da'), key: step.key, date: args[dateIndex]! }));
    }
    const partnershipId = perPartnership ? findPartnership(core, programme, partnershipName).id : null;
    const time = args[dateIndex + 1] ? parseTime(args[dateIndex + 1]!) : undefined;
    if (args[dateIndex + 1] && !time) throw new UserError('invalid_time', both('invalidTime', { time: args[dateIndex + 1]! }));
    return { stepKey: step.key, partnershipId, date: normalizeDate(args[dateIndex]!), ...(time ? { startTime: time } : {}) };
  }
  findStep(template, words.join(' ')); // throws the "unknown activity" message with the list of names
  throw new UserError('usage', both('usage', { usage }));
}

function movePreview(core: Core, programme: Programme, move: ActivityOverride, locale: Locale): RichMessage {
  const template = core.programmes.template(programme.templateId);
  const preview = core.programmes.previewMove(programme, move);
  const partnerships = new Map(core.repos.partnerships.listForProgramme(programme.id).map((p) => [p.id, p.name]));
  const name = (stepKey: string, partnershipId: string | null): string => {
    const title = pick(template.steps.find((s) => s.key === stepKey)!.title, locale);
    return partnershipId ? `${title} (${partnerships.get(partnershipId)})` : title;
  };
  const activity = name(move.stepKey, move.partnershipId);
  const zone = programme.timezone;
  if (preview.changes.length === 0) {
    const current = preview.plan.activities.find((a) => a.stepKey === move.stepKey && a.partnershipId === move.partnershipId)!;
    return ephemeral(tr(locale, 'movePreviewNone', { activity, when: formatDateTime(current.startsAt, zone, locale) })).message as RichMessage;
  }
  const lines = preview.changes.map((c) => `• ${name(c.stepKey, c.partnershipId)}: ${formatDateTime(c.from, zone, locale)} → *${formatDateTime(c.to, zone, locale)}*`);
  const blocks: Block[] = [
    { type: 'header', text: tr(locale, 'movePreviewTitle', { activity }) },
    { type: 'section', text: `${tr(locale, 'moveChanges')}\n${lines.join('\n')}` },
  ];
  if (preview.warnings.length > 0) {
    blocks.push({ type: 'section', text: `${tr(locale, 'moveWarnings')}\n${preview.warnings.map((w) => `• ${w.message[locale]}`).join('\n')}` });
  }
  const value = JSON.stringify({ p: programme.id, ...move });
  blocks.push({
    type: 'actions',
    buttons: [
      { actionId: MOVE_CONFIRM, label: tr(locale, 'moveConfirm'), value, style: 'primary' },
      { actionId: MOVE_CANCEL, label: tr(locale, 'moveCancel'), value: '' },
    ],
  });
  return { text: tr(locale, 'movePreviewTitle', { activity }), blocks };
}

/** The confirm button: permission is checked again, the move may be stale, so it is re-validated. */
export function confirmMove(core: Core, action: ActionInput, ctx: CommandContext, locale: Locale): CommandReply {
  if (action.actionId === MOVE_CANCEL) return ephemeral(tr(locale, 'moveCancelled'));
  const parsed = JSON.parse(action.value) as ActivityOverride & { p: string };
  const programme = core.repos.programmes.get(parsed.p);
  if (!programme || programme.workspaceId !== ctx.workspaceId || programme.platform !== ctx.platform) {
    throw new UserError('no_programme', both('noProgramme'));
  }
  requireConsultant(core, programme, ctx);
  const { p: _, ...move } = parsed;
  const changes = core.programmes.applyMove(programme, move);
  return ephemeral(tr(locale, 'moved', { count: changes.length }));
}

function ephemeralMessage(message: RichMessage): CommandReply {
  return { type: 'message', visibility: 'ephemeral', message };
}
