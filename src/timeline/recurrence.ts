import { DateTime } from 'luxon';
import { MONTHS_OF_PERIOD, type Repeat, type Weekday } from '../domain/template.ts';
import type { Locale } from '../domain/text.ts';
import type { WorkCalendar } from './calendar.ts';

/**
 * The dates of a repeating step's occurrences (see repeatSchema in domain/template/placement.ts): one per period
 * (or one per listed weekday of each week) from the step's own date up to the series' last day, each
 * on a Danish working day of its period. Pure, like the rest of the timeline.
 */

const WEEKDAYS: Record<Weekday, number> = { monday: 1, tuesday: 2, wednesday: 3, thursday: 4, friday: 5 };

export interface SeriesContext {
  calendar: WorkCalendar;
  /** The programme's start date: `until.on` counts its `year` from the start year. */
  startDate: string;
  /** The template's length in months: a series without `until` runs to the programme's end. */
  templateMonths: number;
}

/** Occurrence numbers start at 1 and are the key's suffix: `step@group~3`. */
export function occurrenceSuffix(occurrence: number): string {
  return `~${occurrence}`;
}

/** `step@group~3` → 3; undefined for a key without an occurrence. */
export function occurrenceOf(key: string): number | undefined {
  const match = /~(\d+)$/.exec(key);
  return match ? Number(match[1]) : undefined;
}

/** A key without its occurrence: the series (`step@group`). */
export function seriesKeyOf(key: string): string {
  return key.replace(/~\d+$/, '');
}

/** The last day an occurrence may fall on. */
export function seriesEnd(repeat: Repeat, first: string, context: SeriesContext): string {
  const until = repeat.until;
  // "24 months of quarterly meetings" are eight: counted from the first period's start, not its meeting.
  if (until && 'months' in until) return iso(periodStart(repeat, day(first)).plus({ months: until.months }).minus({ days: 1 }));
  if (until && 'on' in until) return until.on.length === 10 ? until.on : `${Number(context.startDate.slice(0, 4)) + until.year}-${until.on}`;
  return iso(day(context.startDate).plus({ months: context.templateMonths }).minus({ days: 1 }));
}

/**
 * Every occurrence's date, in order, from `first` (the step's placement) to the series' end. Empty
 * when the end lies before the first date: the caller refuses that as the template's fault.
 */
export function occurrenceDates(repeat: Repeat, first: string, context: SeriesContext): string[] {
  const end = seriesEnd(repeat, first, context);
  if (end < first) return [];
  const nominal = repeat.every === 'week' ? weekly(repeat, first, end) : periodic(repeat, first, end);
  const dates: string[] = [];
  for (const { date, period } of nominal) {
    const working = workingDayIn(date, period, context.calendar);
    // An occurrence before the series begins, after it ends, or twice on one day (a holiday Monday moved onto Tuesday) is none.
    if (working === undefined || working < first || working > end || dates.includes(working)) continue;
    dates.push(working);
  }
  return dates;
}

interface Nominal {
  date: string;
  period: { from: string; to: string };
}

function weekly(repeat: Repeat, first: string, end: string): Nominal[] {
  const on = repeat.on;
  const weekdays = on && 'weekdays' in on ? [...new Set(on.weekdays.map((w) => WEEKDAYS[w]))].sort() : on && 'weekday' in on ? [WEEKDAYS[on.weekday]] : [day(first).weekday];
  const result: Nominal[] = [];
  for (let monday = day(first).startOf('week'); iso(monday) <= end; monday = monday.plus({ weeks: 1 })) {
    const period = { from: iso(monday), to: iso(monday.plus({ days: 6 })) };
    for (const weekday of weekdays) result.push({ date: iso(monday.plus({ days: weekday - 1 })), period });
  }
  return result;
}

/** The first day of the calendar period a date lies in (its week's Monday, its quarter's first day, ...). */
function periodStart(repeat: Repeat, date: DateTime): DateTime {
  const months = MONTHS_OF_PERIOD[repeat.every];
  if (months === 0) return date.startOf('week');
  return date.set({ month: Math.floor((date.month - 1) / months) * months + 1, day: 1 });
}

function periodic(repeat: Repeat, first: string, end: string): Nominal[] {
  const months = MONTHS_OF_PERIOD[repeat.every];
  const start = day(first);
  const firstPeriod = periodStart(repeat, start);
  // Without `on`: the first occurrence's place in its period (its month of the period and day of the month).
  const ownMonth = start.month - firstPeriod.month + 1;
  const result: Nominal[] = [];
  for (let period = firstPeriod; iso(period) <= end; period = period.plus({ months })) {
    const range = { from: iso(period), to: iso(period.plus({ months }).minus({ days: 1 })) };
    const on = repeat.on;
    const monthOfPeriod = on && 'monthOfPeriod' in on && on.monthOfPeriod !== undefined ? on.monthOfPeriod : on && 'weekday' in on ? 1 : ownMonth;
    const month = period.plus({ months: monthOfPeriod - 1 });
    const date = on && 'weekday' in on ? nthWeekday(month, WEEKDAYS[on.weekday], on.nth) : month.set({ day: Math.min(start.day, month.daysInMonth!) });
    result.push({ date: iso(date), period: range });
  }
  return result;
}

/** The nth (1-4) weekday of a month: the first Tuesday of April 2027 is 2027-04-06. */
function nthWeekday(month: DateTime, weekday: number, nth: number): DateTime {
  const firstOfMonth = month.set({ day: 1 });
  const offset = (weekday - firstOfMonth.weekday + 7) % 7;
  return firstOfMonth.plus({ days: offset + (nth - 1) * 7 });
}

/** A day off moves to the next working day of the period, or else to the last one before it. */
function workingDayIn(date: string, period: { from: string; to: string }, calendar: WorkCalendar): string | undefined {
  const next = calendar.nextWorkingDay(date);
  if (next <= period.to) return next;
  for (let d = day(date).minus({ days: 1 }); iso(d) >= period.from; d = d.minus({ days: 1 })) {
    if (calendar.isWorkingDay(iso(d))) return iso(d);
  }
  return undefined;
}

const WEEKDAY_WORDS: Record<Locale, Record<Weekday, string>> = {
  da: { monday: 'mandag', tuesday: 'tirsdag', wednesday: 'onsdag', thursday: 'torsdag', friday: 'fredag' },
  en: { monday: 'Monday', tuesday: 'Tuesday', wednesday: 'Wednesday', thursday: 'Thursday', friday: 'Friday' },
};

/** How the plan says a series' cadence: "hver 3. måned", "hver mandag og torsdag", "every half year". */
export function cadenceLabel(repeat: Repeat, locale: Locale): string {
  const on = repeat.on;
  if (repeat.every === 'week') {
    const days = on && 'weekdays' in on ? on.weekdays : on && 'weekday' in on ? [on.weekday] : [];
    if (days.length === 0) return locale === 'da' ? 'hver uge' : 'every week';
    const words = days.map((d) => WEEKDAY_WORDS[locale][d]);
    const and = locale === 'da' ? 'og' : 'and';
    const list = words.length === 1 ? words[0]! : `${words.slice(0, -1).join(', ')} ${and} ${words.at(-1)}`;
    return locale === 'da' ? `hver ${list}` : `every ${list}`;
  }
  if (repeat.every === 'month') return locale === 'da' ? 'hver måned' : 'every month';
  if (repeat.every === 'quarter') return locale === 'da' ? 'hver 3. måned' : 'every 3 months';
  return locale === 'da' ? 'hvert halve år' : 'every half year';
}

function day(date: string): DateTime {
  return DateTime.fromISO(date, { zone: 'utc' });
}

function iso(date: DateTime): string {
  return date.toISODate()!;
}
