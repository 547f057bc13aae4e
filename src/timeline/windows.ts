import { DateTime } from 'luxon';
import type { FixedPlacement, Window, WindowPlacement } from '../domain/template.ts';
import type { Locale } from '../domain/text.ts';

/** Local dates (yyyy-mm-dd), both ends inclusive. */
export interface DateRange {
  from: string;
  to: string;
}

/** A template window in a real calendar year (the start year plus the placement's `year`). */
export interface ResolvedWindow {
  window: Window;
  year: number;
}

/** The year a placement's `year` offset points at: the programme's start year plus the offset. */
function yearOf(startDate: string, offset: number | undefined): number {
  return Number(startDate.slice(0, 4)) + (offset ?? 0);
}

/** `MM-DD` in `year`, or a full `YYYY-MM-DD` as written. */
function dayIn(day: string, year: number): string {
  return day.length === 10 ? day : `${year}-${day}`;
}

function monthStart(year: number, month: number): string {
  return `${year}-${String(month).padStart(2, '0')}-01`;
}

function monthEnd(year: number, month: number): string {
  return DateTime.fromObject({ year, month, day: 1 }, { zone: 'utc' }).endOf('month').toISODate()!;
}

const PARTS = { primo: [1, 4], medio: [5, 8], ultimo: [9, 12] } as const;
const SEASONS = { foraar: [3, 5], efteraar: [9, 11] } as const;

/** The window's months, first and last; undefined for an explicit from/to. */
function monthsOf(window: Window): readonly [number, number] | undefined {
  if ('quarter' in window) return [window.quarter * 3 - 2, window.quarter * 3];
  if ('month' in window) return [window.month, window.month];
  if ('part' in window) return PARTS[window.part];
  if ('season' in window) return SEASONS[window.season];
  return undefined;
}

/** The window of a placement in the programme's calendar: `{ window, year }` with the real year. */
export function resolveWindow(placement: Pick<WindowPlacement, 'window' | 'year'>, startDate: string): ResolvedWindow {
  return { window: placement.window, year: yearOf(startDate, placement.year) };
}

/** The local dates a window step must be dated within ("4. kvartal" of 2027: 2027-10-01 to 2027-12-31). */
export function windowRange(placement: Pick<WindowPlacement, 'window' | 'year'> | ResolvedWindow, startDate?: string): DateRange {
  const year = startDate === undefined ? placement.year : yearOf(startDate, placement.year);
  return rangeOf(placement.window, year ?? 0);
}

function rangeOf(window: Window, year: number): DateRange {
  const months = monthsOf(window);
  if (months) return { from: monthStart(year, months[0]), to: monthEnd(year, months[1]) };
  const explicit = window as { from: string; to: string };
  return { from: dayIn(explicit.from, year), to: dayIn(explicit.to, year) };
}

/** The date a fixed placement names, before a day off moves it to the next working day. */
export function fixedDay(placement: Pick<FixedPlacement, 'on' | 'year'>, startDate: string): string {
  return dayIn(placement.on, yearOf(startDate, placement.year));
}

const PART_WORDS: Record<Locale, Record<'primo' | 'medio' | 'ultimo', string>> = {
  da: { primo: 'primo', medio: 'medio', ultimo: 'ultimo' },
  en: { primo: 'early', medio: 'mid', ultimo: 'late' },
};
const SEASON_WORDS: Record<Locale, Record<'foraar' | 'efteraar', string>> = {
  da: { foraar: 'forår', efteraar: 'efterår' },
  en: { foraar: 'spring', efteraar: 'autumn' },
};

/**
 * How people read a window: "4. kvartal 2027" / "Q4 2027", "primo 2018" / "early 2018", "forår 2018" /
 * "spring 2018", "september 2027", or for explicit dates (and for a bare range, as an activity stores
 * it) "1. september - 30. november 2027". One function, so the plan, the prompts and the refusals agree.
 */
export function windowLabel(spec: ResolvedWindow | DateRange, locale: Locale): string {
  if (!('window' in spec)) return rangeLabel(spec, locale);
  const { window, year } = spec;
  if ('quarter' in window) return locale === 'da' ? `${window.quarter}. kvartal ${year}` : `Q${window.quarter} ${year}`;
  if ('month' in window) {
    const month = DateTime.fromObject({ year, month: window.month, day: 1 }, { zone: 'utc' }).setLocale(locale);
    return `${month.toFormat('MMMM')} ${year}`;
  }
  if ('part' in window) return `${PART_WORDS[locale][window.part]} ${year}`;
  if ('season' in window) return `${SEASON_WORDS[locale][window.season]} ${year}`;
  return rangeLabel(rangeOf(window, year), locale);
}

/** "1. oktober - 31. december 2027" / "1 October - 31 December 2027"; the year twice only when they differ. */
export function rangeLabel(range: DateRange, locale: Locale): string {
  const from = DateTime.fromISO(range.from, { zone: 'utc' }).setLocale(locale);
  const to = DateTime.fromISO(range.to, { zone: 'utc' }).setLocale(locale);
  const day = locale === 'da' ? 'd. MMMM' : 'd MMMM';
  const start = from.year === to.year ? from.toFormat(day) : from.toFormat(`${day} yyyy`);
  return `${start} - ${to.toFormat(`${day} yyyy`)}`;
}

/** A window with its dates, for refusals: "4. kvartal 2027 (1. oktober - 31. december 2027)". */
export function windowDescription(spec: ResolvedWindow, locale: Locale): string {
  const label = windowLabel(spec, locale);
  const range = rangeLabel(rangeOf(spec.window, spec.year), locale);
  return label === range ? label : `${label} (${range})`;
}

/** What the plan shows for a window step no one has dated yet: "4. kvartal 2027 — dato mangler". */
export function undatedLabel(spec: ResolvedWindow | DateRange, locale: Locale): string {
  return `${windowLabel(spec, locale)} — ${locale === 'da' ? 'dato mangler' : 'date missing'}`;
}

/**
 * The label of a stored activity's window: its step's window (quarter, part, season, month) in the
 * year the activity's dates lie in, or the bare dates. Stored activities keep only the dates.
 */
export function activityWindowLabel(placement: object | undefined, range: DateRange, locale: Locale): string {
  if (placement && 'window' in placement) {
    return windowLabel({ window: (placement as WindowPlacement).window, year: Number(range.from.slice(0, 4)) }, locale);
  }
  return rangeLabel(range, locale);
}
