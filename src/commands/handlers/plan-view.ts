import type { Organisation, Partnership, Programme } from '../../domain/entities.ts';
import { groupTypesOf, type Step, type Template } from '../../domain/template.ts';
import { DateTime } from 'luxon';
import { pick, type Locale } from '../../domain/text.ts';
import { formatShortDate, formatTime } from '../../messages/format.ts';
import type { Block, RichMessage } from '../../messages/model.ts';
import { activityTitle, partnershipLookup } from '../../messages/exchange.ts';
import type { StoredActivity } from '../../store/activities.ts';
import { normalize } from '../resolve.ts';
import { textsFor, tr } from '../texts.ts';
import { activityWindowLabel } from '../../timeline/windows.ts';
import { cadenceLabel, seriesKeyOf } from '../../timeline/recurrence.ts';

/** What a plan is shown from. */
export interface PlanView {
  locale: Locale;
  /** The partnership whose plan it is: exchange days then say who visits whom. */
  viewpoint: string | null;
  showKeys: boolean;
  /**
   * A repeating step's occurrences as one line ("Kvartalsmøde, hver 3. måned, næste 2027-04-06"), then
   * the next `next` of them; absent: every occurrence as its own line (`plan mine`).
   */
  series?: { next: number };
  /** UTC ISO: what "næste" counts from; absent, the first occurrence not cancelled. */
  now?: string;
}

export interface PlanSource {
  programme: Pick<Programme, 'timezone'>;
  template: Template;
  groups: Partnership[];
  activities: StoredActivity[];
  /** The groups' organisations, to name the pairs of a visit between municipalities. */
  organisations?: Organisation[];
}

/**
 * The plan as a message. Små Partnerskaber's reads as one list by date (each partnership's step once);
 * a template with group types of its own is shown per group under its type's name ("Netværk: Nord"),
 * the programme's shared activities first, so a network sees its own temamøder in order.
 */
export function planMessage(source: PlanSource, title: string, view: PlanView): RichMessage {
  const { template, activities } = source;
  const sections = template.groupTypes === undefined || view.viewpoint !== null ? [lines(source, activities, view, false)] : grouped(source, view);
  const text = sections.filter(Boolean).join('\n\n') || tr(view.locale, 'planEmpty');
  // Slack sections hold at most 3000 characters: split long plans over several sections.
  const blocks: Block[] = [{ type: 'header', text: title }, ...chunk(text, 2900).map((part) => ({ type: 'section' as const, text: part }))];
  return { text: title, blocks };
}

function grouped(source: PlanSource, view: PlanView): string[] {
  const { locale } = view;
  const shared = source.activities.filter((a) => a.partnershipId === null);
  const sections = shared.length > 0 ? [`*${locale === 'da' ? 'Hele forløbet' : 'The whole programme'}*\n${lines(source, shared, view, true)}`] : [];
  const types = groupTypesOf(source.template);
  for (const group of source.groups) {
    const own = source.activities.filter((a) => a.partnershipId === group.id);
    if (own.length === 0) continue;
    const type = types.find((t) => t.key === (group.groupType ?? 'partnership'));
    const heading = type ? `${pick(type.name, locale)}: ${group.name}` : group.name;
    sections.push(`*${heading}*\n${lines(source, own, view, true)}`);
  }
  return sections;
}

function lines(source: PlanSource, activities: StoredActivity[], view: PlanView, planKeys: boolean): string {
  const { locale } = view;
  const { template } = source;
  const partnership = partnershipLookup(source.groups);
  const zone = source.programme.timezone;
  // A programme over several years (004 runs 24 months) needs the year beside each date.
  const years = new Set(source.activities.map((a) => a.startsAt.slice(0, 4)));
  const day = (a: StoredActivity) => `${formatShortDate(a.startsAt, zone, locale)}${years.size > 1 ? ` ${DateTime.fromISO(a.startsAt, { zone }).year}` : ''}`;
  const line = (a: StoredActivity) => {
      const step = template.steps.find((s) => s.key === a.stepKey);
      const name = step ? activityTitle(step.title, a, view.viewpoint, partnership, locale) : a.stepKey;
      const when = a.undated ? undatedText(template, step, a, locale) : `${day(a)}${step?.durationMinutes ? ` ${formatTime(a.startsAt, zone, locale)}` : ''}`;
      // A title that is also the name `flyt` takes needs no key beside it; "Dialog i partnerskabet" (twice) does.
      // What `flyt` takes, as a person types it: the step and the group's name (a round of visits moves together).
      const groupName = a.partnershipId ? source.groups.find((g) => g.id === a.partnershipId)?.name : undefined;
      const key = planKeys && groupName ? `${a.stepKey} ${groupName}` : a.stepKey;
      const showKey = view.showKeys && step && (planKeys ? key !== step.key || normalize(step.title.da) !== normalize(step.key) : normalize(step.title.da) !== normalize(step.key));
      if (a.cancelled) return `• ~${when}~  ${name} — *${tr(locale, 'planCancelled')}*`;
      return `• ${when}  ${name}${pairText(source, a, locale)}${howText(a, locale)}${showKey ? ` _${tr(locale, 'planMoveKey', { key })}_` : ''}`;
  };
  return withSeries(source, activities, view, line).join('\n');
}

/**
 * Each series once, where its first occurrence is: "Kvartalsmøde, hver 3. måned, næste 2027-04-06",
 * then its next few (a group's plan) with a cancelled one marked; every other activity as its line.
 */
function withSeries(source: PlanSource, activities: StoredActivity[], view: PlanView, line: (a: StoredActivity) => string): string[] {
  if (!view.series) return activities.map(line);
  const { locale } = view;
  const partnership = partnershipLookup(source.groups);
  const shown = new Set<string>();
  const out: string[] = [];
  for (const a of activities) {
    if (a.occurrence === undefined) {
      out.push(line(a));
      continue;
    }
    const series = seriesKeyOf(a.planKey);
    if (shown.has(series)) continue;
    shown.add(series);
    const step = source.template.steps.find((s) => s.key === a.stepKey);
    const all = activities.filter((o) => o.occurrence !== undefined && seriesKeyOf(o.planKey) === series);
    const ahead = all.filter((o) => view.now === undefined || o.endsAt >= view.now);
    const next = ahead.find((o) => !o.cancelled);
    const title = step ? activityTitle(step.title, a, view.viewpoint, partnership, locale) : a.stepKey;
    const cadence = step?.repeat ? cadenceLabel(step.repeat, locale) : '';
    out.push(`• ${next ? tr(locale, 'planSeries', { title, cadence, next: next.localDate }) : tr(locale, 'planSeriesDone', { title, cadence })}`);
    out.push(...ahead.slice(0, view.series.next).map((o) => `    ${line(o)}`));
  }
  return out;
}

/**
 * An activity without a date: a window step ("4. kvartal 2027 — dato mangler"), or a step counted
 * from one ("venter på datoen for Temamøde 2"): its provisional date would only mislead.
 */
function undatedText(template: PlanSource['template'], step: Step | undefined, a: StoredActivity, locale: Locale): string {
  if (a.window) return tr(locale, 'planUndated', { window: activityWindowLabel(step?.placement, a.window, locale) });
  const from = step && 'workingDays' in step.placement ? template.steps.find((s) => s.key === (step.placement as { from: string }).from) : undefined;
  return tr(locale, 'planWaiting', { step: from ? pick(from.title, locale) : '?' });
}

/** " – Hjørring Kommune besøger Brønderslev Kommune" for a visit; " – A, B og C" for a group that works together. */
function pairText(source: PlanSource, a: StoredActivity, locale: Locale): string {
  const ids = a.pairedOrganisationIds ?? [];
  if (ids.length < 2) return '';
  const names = ids.map((id) => source.organisations?.find((o) => o.id === id)?.name ?? id);
  const pairing = source.template.steps.find((s) => s.key === a.stepKey)?.pairing;
  const visit = typeof pairing === 'object' && pairing.mode === 'visit' && names.length === 2;
  if (visit) return ` – ${names[0]} ${locale === 'da' ? 'besøger' : 'visits'} ${names[1]}`;
  return ` – ${names.slice(0, -1).join(', ')} ${locale === 'da' ? 'og' : 'and'} ${names.at(-1)}`;
}

/** " · virtuel, https://…" / " · fysisk, Kulturhuset": only what is known (Små Partnerskaber's plan stays as it was). */
function howText(a: StoredActivity, locale: Locale): string {
  if (!a.format) return '';
  const parts = [textsFor(locale).formats[a.format], a.format !== 'virtual' ? a.location : null, a.format !== 'physical' ? a.meetingLink : null];
  return ` · ${parts.filter(Boolean).join(', ')}`;
}

function chunk(text: string, size: number): string[] {
  const parts: string[] = [];
  let current = '';
  for (const line of text.split('\n')) {
    if (current && current.length + line.length + 1 > size) {
      parts.push(current);
      current = '';
    }
    current = current ? `${current}\n${line}` : line;
  }
  if (current) parts.push(current);
  return parts;
}
