import { DateTime } from 'luxon';
import type { Activity, Organisation, Partnership, Programme } from '../domain/entities.ts';
import { groupTypesOf, type ActivityKind, type Step, type Template } from '../domain/template.ts';
import { pick, type Locale, type LocalizedText } from '../domain/text.ts';
import { activityTitle, exchangeSide } from './exchange.ts';
import { formatDate, formatDateTime, formatDuration } from './format.ts';
import { formatLine } from './meeting-format.ts';
import { userTextsOf, withUserTexts, type Field, type RichMessage } from './model.ts';

export interface ReminderContext {
  programme: Programme;
  activity: Activity;
  step: Step;
  partnership: Partnership | null;
  paired: Partnership | null;
  /** The partnership whose channel the reminder goes to: the host or the visitor of an exchange day. */
  viewpoint: string | null;
  /** Working days left, for the header; null when that would be misleading (a late reminder). */
  offsetDays: number | null;
  locale: Locale;
  /** The programme's template, for role titles of addressed audiences. */
  template?: Template;
  /** For homework: the meeting it prepares ("inden Temamøde 3, 12. marts"). */
  prepares?: { title: LocalizedText; startsAt: string } | null;
  /** The organisations of a pairing between organisations, by id. */
  organisation?: (id: string) => Organisation | undefined;
}

/** Header words per kind: most are reminders, some are work with a deadline. */
const kindWords: Record<Locale, Partial<Record<ActivityKind, string>>> = {
  da: { homework: 'Hjemmeopgave', self_evaluation: 'Selvevaluering', deadline: 'Frist', seminar: 'Påmindelse', conference: 'Påmindelse' },
  en: { homework: 'Homework', self_evaluation: 'Self-evaluation', deadline: 'Deadline', seminar: 'Reminder', conference: 'Reminder' },
};

const words = {
  da: {
    reminder: 'Påmindelse',
    deadline: 'Frist',
    when: 'Hvornår',
    duration: 'Varighed',
    where: 'Hvor',
    who: 'Hvem',
    question: 'Spørgsmål at gå videre med',
    agenda: 'Program',
    whereDefault: 'Aftales i partnerskabet',
    placeFollows: 'Konsulenten oplyser stedet',
    all: 'Alle partnerskaber og konsulenten',
    consultant: 'Konsulenten',
    optional: 'Kun hvis afprøvningen giver anledning til det.',
    today: 'i dag',
    tomorrow: 'næste arbejdsdag',
    inDays: (n: number) => `om ${n} arbejdsdage`,
    visitors: (p: Partnership) => `Børn og pædagoger fra ${p.daycare} (${p.name})`,
    visitingStaff: (p: Partnership) => `Pædagoger fra ${p.daycare} (${p.name})`,
    visitingChildren: (host: Partnership) => `Børnene fra jeres daginstitution besøger ${host.culturalInstitution} og afprøver deres nye tilbud.`,
    visitingDialogue: (host: Partnership) => `Jeres pædagoger fortæller ${host.culturalInstitution}, hvordan jeres børn tog imod deres tilbud.`,
    format: 'Form',
    prepares: 'Inden',
    pairs: 'Hvem mødes',
    visits: (a: string, b: string) => `${a} besøger ${b}`,
    together: (names: string[]) => `${names.slice(0, -1).join(', ')} og ${names.at(-1)}`,
    everyone: (programme: string) => `Alle i ${programme}`,
  },
  en: {
    reminder: 'Reminder',
    deadline: 'Deadline',
    when: 'When',
    duration: 'Duration',
    where: 'Where',
    who: 'Who',
    question: 'Question to work with',
    agenda: 'Agenda',
    whereDefault: 'Agreed in the partnership',
    placeFollows: 'The consultant will tell you the place',
    all: 'All partnerships and the consultant',
    consultant: 'The consultant',
    optional: 'Only if the trial calls for it.',
    today: 'today',
    tomorrow: 'next working day',
    inDays: (n: number) => `in ${n} working days`,
    visitors: (p: Partnership) => `Children and staff from ${p.daycare} (${p.name})`,
    visitingStaff: (p: Partnership) => `Pedagogues from ${p.daycare} (${p.name})`,
    visitingChildren: (host: Partnership) => `The children from your daycare visit ${host.culturalInstitution} and try their new offer.`,
    visitingDialogue: (host: Partnership) => `Your pedagogues tell ${host.culturalInstitution} how your children took to their offer.`,
    format: 'Format',
    prepares: 'Before',
    pairs: 'Who meets',
    visits: (a: string, b: string) => `${a} visits ${b}`,
    together: (names: string[]) => `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`,
    everyone: (programme: string) => `Everyone in ${programme}`,
  },
} as const;

/** The reminder a partnership, the shared channel or the consultant gets before an activity. */
export function reminderMessage(ctx: ReminderContext): RichMessage {
  const w = words[ctx.locale];
  const title = activityTitle(ctx.step.title, ctx.activity, ctx.viewpoint, (id) => partnershipOf(ctx, id), ctx.locale);
  const isDeadline = ctx.step.durationMinutes === undefined;
  const when = ctx.offsetDays === null ? '' : ctx.offsetDays === 0 ? w.today : ctx.offsetDays === 1 ? w.tomorrow : w.inDays(ctx.offsetDays);
  const word = kindWords[ctx.locale][ctx.step.kind] ?? (isDeadline ? w.deadline : w.reminder);
  const header = `${word}: ${title}${when ? ` ${when}` : ''}`;
  const fields = reminderFields(ctx, isDeadline);
  const blocks: RichMessage['blocks'] = [{ type: 'header', text: header }];
  const description = describe(ctx);
  if (description) blocks.push({ type: 'section', text: description });
  blocks.push({ type: 'section', text: `*${title}*`, fields });
  if (ctx.step.agenda.length > 0) {
    blocks.push({ type: 'section', text: `*${w.agenda}*\n${ctx.step.agenda.map((a) => `• ${pick(a, ctx.locale)}`).join('\n')}` });
  }
  if (ctx.step.guidingQuestion) {
    blocks.push({ type: 'section', text: `*${w.question}:* _${pick(ctx.step.guidingQuestion, ctx.locale)}_` });
  }
  if (ctx.step.optional) blocks.push({ type: 'context', text: w.optional });
  blocks.push({ type: 'context', text: ctx.programme.name });
  const whenText = fields[0]!.value;
  const organisations = (ctx.activity.pairedOrganisationIds ?? []).map((id) => ctx.organisation?.(id)?.name);
  return withUserTexts({ text: `${header} – ${whenText}`, blocks }, [...userTextsOf(ctx), ...organisations]);
}

function reminderFields(ctx: ReminderContext, isDeadline: boolean): Field[] {
  const w = words[ctx.locale];
  const zone = ctx.programme.timezone;
  const fields: Field[] = [
    {
      label: w.when,
      // A deadline of kind `deadline` (tilmelding, godkendelse) falls at a time of day; other steps without a duration on a day.
      value: isDeadline && ctx.step.kind !== 'deadline' ? formatDate(ctx.activity.startsAt, zone, ctx.locale) : formatDateTime(ctx.activity.startsAt, zone, ctx.locale),
    },
  ];
  if (ctx.prepares) fields.push({ label: w.prepares, value: preparesText(ctx.prepares, ctx) });
  if (ctx.step.durationMinutes) fields.push({ label: w.duration, value: formatDuration(ctx.step.durationMinutes, ctx.locale) });
  const format = formatLine(ctx.activity, ctx.locale);
  if (format) fields.push({ label: w.format, value: format });
  else if (!isDeadline) fields.push({ label: w.where, value: ctx.activity.location ?? whereDefault(ctx) });
  const pairs = pairsText(ctx);
  if (pairs) fields.push({ label: w.pairs, value: pairs });
  const people = who(ctx);
  if (people) fields.push({ label: w.who, value: people });
  return fields;
}

/** "Temamøde 3, 12. marts" / "Temamøde 3, 12 March": the meeting homework prepares. */
function preparesText(prepares: { title: LocalizedText; startsAt: string }, ctx: ReminderContext): string {
  const day = DateTime.fromISO(prepares.startsAt, { zone: ctx.programme.timezone }).setLocale(ctx.locale);
  return `${pick(prepares.title, ctx.locale)}, ${day.toFormat(ctx.locale === 'da' ? 'd. LLLL' : 'd LLLL')}`;
}

/**
 * Who visits whom in a pairing between organisations ("Aarhus Kommune besøger Randers Kommune"), or
 * who works together ("Aarhus, Randers og Viborg Kommune").
 */
function pairsText(ctx: ReminderContext): string | null {
  const ids: string[] = ctx.activity.pairedOrganisationIds ?? [];
  if (ids.length < 2 || !ctx.organisation) return null;
  const names = ids.map((id) => ctx.organisation!(id)?.name ?? '?');
  const w = words[ctx.locale];
  const visit = typeof ctx.step.pairing === 'object' && ctx.step.pairing.mode === 'visit';
  return visit && names.length === 2 ? w.visits(names[0]!, names[1]!) : w.together(names);
}

/** The step's description is the host's; the visiting side of an exchange day reads its own. */
function describe(ctx: ReminderContext): string | undefined {
  const w = words[ctx.locale];
  if (ctx.partnership && exchangeSide(ctx.activity, ctx.viewpoint) === 'visitor') {
    return ctx.step.audience === 'with_children' ? w.visitingChildren(ctx.partnership) : w.visitingDialogue(ctx.partnership);
  }
  return ctx.step.description && pick(ctx.step.description, ctx.locale);
}

function partnershipOf(ctx: ReminderContext, id: string): Partnership | undefined {
  return [ctx.partnership, ctx.paired].find((p) => p?.id === id) ?? undefined;
}

function whereDefault(ctx: ReminderContext): string {
  // Visits with children happen at the cultural institution, and so does an exchange day's dialogue
  // (at the host's); the rest is agreed locally.
  const p = ctx.partnership;
  if (p && ctx.paired) return `${p.culturalInstitution ?? p.name} (${p.name})`;
  if (ctx.step.kind === 'visit' && p) return p.culturalInstitution ?? p.name;
  // A joint workshop is not agreed in one partnership; the consultant is asked for its place.
  if (ctx.step.audience === 'all' || typeof ctx.step.audience !== 'string') return words[ctx.locale].placeFollows;
  return words[ctx.locale].whereDefault;
}

function who(ctx: ReminderContext): string {
  const w = words[ctx.locale];
  const audience = ctx.step.audience;
  if (typeof audience !== 'string') {
    // A network's temamøde names the network; the whole programme or several group types, the roles.
    if (ctx.partnership) return ctx.partnership.name;
    if (audience.roles && ctx.template) return audience.roles.map((role) => roleTitle(ctx.template!, role, ctx.locale)).join(', ');
    if (audience.to === 'types' && ctx.template) {
      const types = groupTypesOf(ctx.template).filter((g) => audience.groupTypes?.includes(g.key));
      return types.map((g) => pick(g.plural ?? g.name, ctx.locale)).join(' + ');
    }
    return w.everyone(ctx.programme.name);
  }
  if (audience === 'all') return w.all;
  if (ctx.step.audience === 'consultant') return w.consultant;
  const p = ctx.partnership;
  if (!p) return '';
  if (ctx.paired) {
    // The host's own daycare is away on its own exchange visit at the same time; the dialogue is without children.
    const guests = ctx.step.audience === 'with_children' ? w.visitors(ctx.paired) : w.visitingStaff(ctx.paired);
    return `${p.culturalInstitution} (${p.name}) · ${guests}`;
  }
  if (p.culturalInstitution === null || p.daycare === null) return p.name;
  return ctx.step.audience === 'cultural_institution' ? p.culturalInstitution : `${p.culturalInstitution} + ${p.daycare}`;
}

function roleTitle(template: Template, role: string, locale: Locale): string {
  const description = template.roles.find((r) => r.role === role);
  return description ? pick(description.title, locale) : role;
}
