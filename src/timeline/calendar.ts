import type Holidays from 'date-holidays';
import { createRequire } from 'node:module';
import type { Blackout } from '../domain/entities.ts';

/**
 * Which days work can be planned on. Dates are local calendar dates as ISO strings (yyyy-mm-dd); the
 * calendar knows nothing about time zones because a day off is a day off wherever the clock is.
 */
export interface WorkCalendar {
  isWorkingDay(date: string): boolean;
  /** The date itself when it is a working day, otherwise the first working day after it. */
  nextWorkingDay(date: string): string;
  /**
   * Moves n working days forward (n > 0) or back (n < 0), counting only working days; the start date
   * itself is never counted. n = 0 returns the date snapped forward to a working day.
   */
  addWorkingDays(date: string, n: number): string;
  /** Why a date is not a working day (holiday name, blackout label or "weekend"), or null if it is one. */
  describeDayOff(date: string): string | null;
}

export interface DanishCalendarOptions {
  blackouts?: readonly Blackout[];
  /** Also close on Grundlovsdag, juleaftensdag and nytårsaftensdag (most daycares do). Default true. */
  closedOnCustomaryDaysOff?: boolean;
}

/** Days off by custom, not by law; date-holidays lists them as observances (or not at all). */
const CUSTOMARY_DAYS_OFF: Readonly<Record<string, string>> = {
  '06-05': 'Grundlovsdag',
  '12-24': 'Juleaftensdag',
  '12-31': 'Nytårsaftensdag',
};

/** Used when a blackout has no label of its own. */
const BLACKOUT_FALLBACK_LABEL = 'lukkeperiode';

/** A guard against planning loops running away on a calendar where (almost) nothing is open. */
const MAX_DAYS_SCANNED = 3660;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * date-holidays carries every country's rules (about 25 MB of heap once loaded), so it is loaded on
 * the first question about a holiday, not at start-up: threads that never plan (the one acking
 * Slack, the outbox's) never load it. Its CommonJS build, because `require` is synchronous.
 */
const loadHolidays = (): typeof Holidays => createRequire(import.meta.url)('date-holidays') as typeof Holidays;

let danishHolidays: Holidays | undefined;
/** Public holidays per year: planning asks about the same few years many times per command. */
const publicHolidayCache = new Map<number, ReadonlyMap<string, string>>();

function publicHolidays(year: number): ReadonlyMap<string, string> {
  let days = publicHolidayCache.get(year);
  if (!days) {
    danishHolidays ??= new (loadHolidays())('DK');
    // Only 'public' days: date-holidays also lists observances (Mors Dag, 1. maj) that are work days.
    // It already drops Store Bededag from 2024 on.
    const list = danishHolidays.getHolidays(year, 'da').filter((h) => h.type === 'public');
    days = new Map(list.map((h) => [h.date.slice(0, 10), h.name]));
    publicHolidayCache.set(year, days);
  }
  return days;
}

/** Parses a yyyy-mm-dd date to a UTC timestamp, refusing impossible dates like 2027-02-31. */
function toUtcMs(date: string): number {
  const match = ISO_DATE.exec(date);
  const ms = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : Number.NaN;
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== date) {
    throw new RangeError(`not a calendar date (yyyy-mm-dd): "${date}"`);
  }
  return ms;
}

/** Whether a string is a real yyyy-mm-dd date. */
export function isIsoDate(date: string): boolean {
  try {
    toUtcMs(date);
    return true;
  } catch {
    return false;
  }
}

/** Calendar-day arithmetic on ISO dates; done in UTC so that no DST change can shift a day. */
export function addCalendarDays(date: string, days: number): string {
  return new Date(toUtcMs(date) + days * 86_400_000).toISOString().slice(0, 10);
}

/** 0 = Sunday ... 6 = Saturday. */
export function weekday(date: string): number {
  return new Date(toUtcMs(date)).getUTCDay();
}

/** The Danish calendar: weekends, public holidays, optionally the customary days off, and blackouts. */
export function createDanishCalendar(options: DanishCalendarOptions = {}): WorkCalendar {
  return new DanishCalendar(options.blackouts ?? [], options.closedOnCustomaryDaysOff ?? true);
}

class DanishCalendar implements WorkCalendar {
  private readonly blackouts: readonly Blackout[];
  private readonly customary: boolean;
  // Planning asks about the same days over and over (every partnership, every reminder), so both the
  // reason a day is off and the result of each count are remembered for the calendar's lifetime.
  private readonly reasons = new Map<string, string | null>();
  private readonly counted = new Map<string, string>();

  constructor(blackouts: readonly Blackout[], customary: boolean) {
    this.blackouts = [...blackouts];
    this.customary = customary;
  }

  describeDayOff(date: string): string | null {
    let reason = this.reasons.get(date);
    if (reason === undefined) {
      reason = this.reasonOff(date);
      this.reasons.set(date, reason);
    }
    return reason;
  }

  isWorkingDay(date: string): boolean {
    return this.describeDayOff(date) === null;
  }

  nextWorkingDay(date: string): string {
    return this.isWorkingDay(date) ? date : this.step(date, 1);
  }

  addWorkingDays(date: string, n: number): string {
    if (!Number.isInteger(n)) throw new RangeError(`working days must be a whole number, got ${n}`);
    if (n === 0) return this.nextWorkingDay(date);
    const key = `${date}${n > 0 ? '+' : ''}${n}`;
    let current = this.counted.get(key);
    if (current === undefined) {
      current = date;
      for (let i = 0; i < Math.abs(n); i++) current = this.step(current, n > 0 ? 1 : -1);
      this.counted.set(key, current);
    }
    return current;
  }

  /** A holiday's own name wins over "weekend" so a warning can say "Juledag" rather than "lørdag". */
  private reasonOff(date: string): string | null {
    const day = weekday(date);
    const holiday = publicHolidays(Number(date.slice(0, 4))).get(date);
    if (holiday) return holiday;
    const custom = this.customary ? CUSTOMARY_DAYS_OFF[date.slice(5)] : undefined;
    if (custom) return custom;
    // ISO date strings compare correctly as strings; periods are inclusive at both ends.
    const blackout = this.blackouts.find((b) => b.from <= date && date <= b.to);
    if (blackout) return blackout.label ?? BLACKOUT_FALLBACK_LABEL;
    return day === 0 || day === 6 ? 'weekend' : null;
  }

  private step(date: string, direction: 1 | -1): string {
    let current = date;
    for (let i = 0; i < MAX_DAYS_SCANNED; i++) {
      current = addCalendarDays(current, direction);
      if (this.isWorkingDay(current)) return current;
    }
    throw new RangeError(`no working day within ${MAX_DAYS_SCANNED} days of ${date}`);
  }
}
