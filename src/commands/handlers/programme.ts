import { UserError } from '../../domain/errors.ts';
import { pick, type Locale } from '../../domain/text.ts';
import type { Core } from '../../app.ts';
import { setUserProgramme } from '../../store/user-settings.ts';
import type { TemplateScope } from '../../templates/registry.ts';
import { formatDate } from '../../messages/format.ts';
import { placeMissing, setPlaceCommand } from '../../messages/place.ts';
import type { ActivityOverride } from '../../timeline/plan.ts';
import { asCreator } from '../creators.ts';
import { ephemeral } from '../reply.ts';
import { isDateWord, parseDate } from '../dates.ts';
import { both, normalize } from '../resolve.ts';
import { COMMAND, textsFor, tr } from '../texts.ts';
import { TEXT_LIMITS } from '../limits.ts';
import type { CommandContext, CommandReply, FormSpec, FormSubmission } from '../types.ts';

export const CREATE_FORM = 'programme.create';
const DEFAULT_TEMPLATE = 'smaa-partnerskaber';
const WORKSHOP_FIELDS = [
  ['kickoff', 'opstartsworkshop', 'formKickoff'],
  ['midway', 'midtvejsworkshop', 'formMidway'],
  ['closing', 'afslutningsworkshop', 'formClosing'],
] as const;

/** `opret "Navn" 2027-01-04 [skabelon]`; with no words, the form. */
export function createCommand(core: Core, args: string[], ctx: CommandContext, locale: Locale): CommandReply | Promise<CommandReply> {
  return asCreator(core, ctx, () => createNow(core, args, ctx, locale));
}

function createNow(core: Core, args: string[], ctx: CommandContext, locale: Locale): CommandReply {
  if (args.length === 0) return { type: 'form', form: createForm(core, locale, ctx), fallback: ephemeral(tr(locale, 'usage', { usage: `${COMMAND} opret "Navn" 2027-01-04` })).message };
  const dateIndex = args.findIndex(isDateWord);
  if (dateIndex < 1) {
    throw new UserError('usage', both('usage', { usage: `${COMMAND} opret "Navn" 2027-01-04` }));
  }
  const name = args.slice(0, dateIndex).join(' ');
  const startDate = parseDate(args[dateIndex]!);
  const templateId = templateIdOf(core, ctx, args.slice(dateIndex + 1).join(' '));
  return create(core, ctx, locale, { name, startDate, templateId, anchors: [] });
}

/** Any registered template, by id or by name in either language ("kvalitet-i-dagtilbud", "Små Partnerskaber"); none: Små Partnerskaber. */
function templateIdOf(core: Core, scope: CommandContext, words: string): string {
  if (!words.trim()) return DEFAULT_TEMPLATE;
  const wanted = normalize(words);
  const found = core.templates.list(scope).find((t) => [t.id, t.name.da, t.name.en ?? ''].some((n) => normalize(n) === wanted));
  return found?.id ?? words.trim(); // the service refuses an unknown one, naming those there are
}

function create(
  core: Core,
  ctx: CommandContext,
  locale: Locale,
  input: { name: string; startDate: string; templateId: string; anchors: ActivityOverride[] },
): CommandReply {
  const { programme } = core.programmes.createProgramme({
    platform: ctx.platform,
    workspaceId: ctx.workspaceId,
    name: input.name,
    templateId: input.templateId,
    startDate: input.startDate,
    timezone: core.defaults.timezone,
    locale: core.defaults.locale,
    consultant: { userRef: ctx.userRef, displayName: ctx.userName, locale: ctx.locale ?? null },
    anchors: input.anchors,
  });
  // The consultant's next commands in their direct conversation are about what they just created.
  setUserProgramme(core.db, ctx.platform, ctx.workspaceId, ctx.userRef, programme.id);
  const start = formatDate(`${programme.startDate}T12:00:00Z`, programme.timezone, locale);
  const shaped = core.programmes.templateOf(programme).groupTypes !== undefined;
  const created = tr(locale, shaped ? 'createdGroups' : 'created', { name: programme.name, start, command: COMMAND });
  // Ask for the workshops' places now, as for a date, rather than let reminders say "the place follows".
  const placeless = core.repos.activities.listForProgramme(programme.id).filter(placeMissing);
  if (placeless.length === 0) return ephemeral(created);
  const template = core.programmes.templateOf(programme);
  const workshops = placeless.map((a) => pick(template.steps.find((s) => s.key === a.stepKey)!.title, locale)).join(', ');
  return ephemeral(`${created}\n${tr(locale, 'createdPlaces', { workshops, example: setPlaceCommand(programme, placeless[0]!, locale) })}`);
}

export function createForm(core: Core, locale: Locale, scope?: TemplateScope): FormSpec {
  const t = textsFor(locale);
  return {
    formId: CREATE_FORM,
    title: t.formCreateTitle,
    submitLabel: t.formCreateSubmit,
    state: '',
    fields: [
      { id: 'name', label: t.formName, kind: 'text', required: true, maxLength: TEXT_LIMITS.programmeName },
      { id: 'start', label: t.formStart, kind: 'date', required: true },
      {
        id: 'template',
        label: t.formTemplate,
        kind: 'select',
        required: true,
        initial: DEFAULT_TEMPLATE,
        options: core.templates.list(scope).map((tpl) => ({ value: tpl.id, label: locale === 'en' ? (tpl.name.en ?? tpl.name.da) : tpl.name.da })),
      },
      ...WORKSHOP_FIELDS.map(([id, , label]) => ({ id, label: t[label], kind: 'date' as const, required: false })),
    ],
  };
}

export function submitCreateForm(core: Core, submission: FormSubmission, ctx: CommandContext, locale: Locale): CommandReply | Promise<CommandReply> {
  return asCreator(core, ctx, () => submitNow(core, submission, ctx, locale));
}

function submitNow(core: Core, submission: FormSubmission, ctx: CommandContext, locale: Locale): CommandReply {
  const value = (id: string): string => String(submission.values[id] ?? '').trim();
  if (!value('name') || !value('start')) throw new UserError('form_required', both('formRequired'));
  const anchors = WORKSHOP_FIELDS.filter(([id]) => value(id)).map(([id, stepKey]) => ({
    stepKey,
    partnershipId: null,
    date: parseDate(value(id)),
  }));
  return create(core, ctx, locale, {
    name: value('name'),
    startDate: parseDate(value('start')),
    templateId: value('template') || DEFAULT_TEMPLATE,
    anchors,
  });
}
