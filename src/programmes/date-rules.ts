import { DateTime } from 'luxon';
import type { Programme } from '../domain/entities.ts';
import { isoDateSchema } from '../domain/entities.ts';
import { UserError } from '../domain/errors.ts';
import { createDanishCalendar } from '../timeline/calendar.ts';
import { longDate } from '../timeline/time.ts';
import { fixedDay, resolveWindow, windowLabel, windowRange } from '../timeline/windows.ts';
import type { Template, WindowPlacement } from '../domain/template.ts';
import { pick } from '../domain/text.ts';

/** How far from today a programme may start: a running one may be entered late, none planned decades out. */
const START_YEARS_BACK = 1;
const START_YEARS_AHEAD = 3;
/** How far from its start an activity of a programme may be set. */
const MOVE_YEARS = 3;

/** Refuses impossible dates such as 2027-02-31 with a message the user understands. */
export function checkDate(date: string): void {
  if (!isoDateSchema.safeParse(date).success || !DateTime.fromISO(date).isValid) {
    throw new UserError('invalid_date', {
      da: `«${date}» er ikke en gyldig dato. Skriv datoen som ÅÅÅÅ-MM-DD, fx 2027-01-04.`,
      en: `“${date}” is not a valid date. Write the date as YYYY-MM-DD, e.g. 2027-01-04.`,
    });
  }
}

/** The local date of an instant in a zone, yyyy-mm-dd. */
export function localToday(now: Date, zone: string): string {
  return DateTime.fromJSDate(now, { zone }).toISODate()!;
}

function shift(date: string, years: number): string {
  return DateTime.fromISO(date, { zone: 'utc' }).plus({ years }).toISODate()!;
}

function outOfRange(date: string, from: string, to: string): UserError {
  return new UserError('date_out_of_range', {
    da: `${longDate(date, 'da')} ligger uden for, hvad jeg kan planlægge: vælg en dato mellem ${longDate(from, 'da')} og ${longDate(to, 'da')}. Intet er ændret.`,
    en: `${longDate(date, 'en')} is outside what I can plan: choose a date between ${longDate(from, 'en')} and ${longDate(to, 'en')}. Nothing was changed.`,
  });
}

/** A programme's start: a real date, within a few years of today. */
export function checkStartDate(date: string, now: Date, zone: string): void {
  checkDate(date);
  const today = localToday(now, zone);
  const [from, to] = [shift(today, -START_YEARS_BACK), shift(today, START_YEARS_AHEAD)];
  if (date < from || date > to) throw outOfRange(date, from, to);
}

/**
 * A date set by hand for an activity: a real date, within a few years of the programme's start, not
 * before today, and a working day (the answer names the day and the nearest working days).
 */
export function checkActivityDate(programme: Pick<Programme, 'startDate' | 'timezone' | 'settings'>, date: string, now: Date): void {
  checkDate(date);
  const [from, to] = [shift(programme.startDate, -MOVE_YEARS), shift(programme.startDate, MOVE_YEARS)];
  if (date < from || date > to) throw outOfRange(date, from, to);
  const today = localToday(now, programme.timezone);
  if (date < today) {
    throw new UserError('date_in_past', {
      da: `${longDate(date, 'da')} er allerede gået (i dag er ${longDate(today, 'da')}). Vælg en dato fra i dag og frem. Intet er ændret.`,
      en: `${longDate(date, 'en')} has already passed (today is ${longDate(today, 'en')}). Choose a date from today on. Nothing was changed.`,
    });
  }
  const calendar = createDanishCalendar(programme.settings);
  const reason = calendar.describeDayOff(date);
  if (reason === null) return;
  const nearest = nearestWorkingDays(calendar, date, today);
  throw new UserError('not_working_day', {
    da: `${longDate(date, 'da')} er ikke en arbejdsdag (${reason}). Nærmeste arbejdsdag: ${nearest.map((d) => longDate(d, 'da')).join(' eller ')}. Intet er ændret.`,
    en: `${longDate(date, 'en')} is not a working day (${reason}). Nearest working day: ${nearest.map((d) => longDate(d, 'en')).join(' or ')}. Nothing was changed.`,
  });
}

/** The working day closest to a day off (both when equally close), never one before today. */
function nearestWorkingDays(calendar: ReturnType<typeof createDanishCalendar>, date: string, today: string): string[] {
  const after = calendar.nextWorkingDay(date);
  const before = calendar.addWorkingDays(date, -1);
  if (before < today) return [after];
  const days = (d: string) => Math.abs(DateTime.fromISO(d).diff(DateTime.fromISO(date), 'days').days);
  if (days(before) === days(after)) return [before, after];
  return [days(before) < days(after) ? before : after];
}

/**
 * A template's fixed dates and windows are counted in calendar years from the start's year (KL's
 * kick-off "20. september, år 1"). A start after one of them would plan it before the programme begins,
 * most likely in the past, and leave it there without a word; so such a start is refused, naming the
 * earliest date it would leave behind and the latest start in the year that keeps them all.
 */
export function checkStartFitsTemplate(template: Template, startDate: string): void {
  const dated = template.steps.flatMap((step) => {
    if ('on' in step.placement) return [{ step, last: fixedDay(step.placement, startDate) }];
    if ('window' in step.placement) return [{ step, last: windowRange(step.placement, startDate).to }];
    return [];
  });
  const behind = dated.filter((d) => d.last < startDate).sort((a, b) => compare(a.last, b.last));
  const first = behind[0];
  if (!first) return;
  // The latest start that keeps every date: the earliest of them, in a later year (same month and day).
  const latest = dated.map((d) => d.last).sort(compare)[0]!;
  const year = Number(startDate.slice(0, 4)) + (latest.slice(5) < startDate.slice(5) ? 1 : 0);
  const suggestion = `${year}${latest.slice(4)}`;
  const title = (locale: 'da' | 'en') => pick(first.step.title, locale);
  const when = (locale: 'da' | 'en') => ('on' in first.step.placement ? longDate(first.last, locale) : windowLabel(resolveWindow(first.step.placement as WindowPlacement, startDate), locale));
  throw new UserError('start_after_template_dates', {
    da: `Med start ${longDate(startDate, 'da')} ville «${title('da')}» (${when('da')}) ligge før forløbet begynder: skabelonens faste datoer og perioder regnes fra startåret. Vælg en start senest ${longDate(suggestion, 'da')}. Intet er ændret.`,
    en: `Starting on ${longDate(startDate, 'en')}, “${title('en')}” (${when('en')}) would fall before the programme begins: the template’s fixed dates and periods count from the start’s year. Choose a start on ${longDate(suggestion, 'en')} or earlier. Nothing was changed.`,
  });
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
