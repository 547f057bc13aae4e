import { DateTime, IANAZone } from 'luxon';
import { PlanError } from './types.ts';

export const DEFAULT_TIMEZONE = 'Europe/Copenhagen';

const LOCAL_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** The programme's zone, refusing unknown names so a typo cannot silently plan in UTC. */
export function resolveZone(timezone: string): string {
  const zone = timezone.trim() || DEFAULT_TIMEZONE;
  if (!IANAZone.isValidZone(zone)) throw new PlanError('invalid_timezone', `unknown time zone "${zone}"`);
  return zone;
}

export function isLocalTime(time: string): boolean {
  return LOCAL_TIME.test(time);
}

/**
 * A local wall-clock time on a local date, as a UTC instant. Going through the zone (not a fixed offset)
 * is what keeps "09:00" at 09:00 on both sides of a DST change.
 */
export function localDateTime(date: string, time: string, zone: string): DateTime {
  const local = DateTime.fromISO(`${date}T${time}`, { zone });
  if (!local.isValid) throw new PlanError('invalid_override', `not a local date and time: ${date} ${time}`);
  return local;
}

/** UTC ISO with a trailing Z, exactly as Date.toISOString() writes it (what the store keeps). */
export function toUtcIso(instant: DateTime): string {
  return instant.toJSDate().toISOString();
}

/** Local date + wall-clock time -> UTC ISO instant, in one zone. */
export type LocalToUtc = (date: string, time: string) => string;

/**
 * Memoized per plan: every partnership asks for the same few dates and times, and zone conversion is
 * the costly part of planning.
 */
export function localToUtc(zone: string): LocalToUtc {
  const cache = new Map<string, string>();
  return (date, time) => {
    const key = `${date}T${time}`;
    let instant = cache.get(key);
    if (instant === undefined) {
      instant = toUtcIso(localDateTime(date, time, zone));
      cache.set(key, instant);
    }
    return instant;
  };
}

/** Real elapsed minutes: a 4-hour workshop is 4 hours even on the night the clocks change. */
export function addMinutes(instant: string, minutes: number): string {
  return new Date(Date.parse(instant) + minutes * 60_000).toISOString();
}

/** "lørdag 13. marts 2027" / "Saturday 13 March 2027", for warnings a consultant reads. */
export function longDate(date: string, locale: 'da' | 'en'): string {
  const day = DateTime.fromISO(date, { zone: 'utc' }).setLocale(locale);
  return day.toFormat(locale === 'da' ? 'cccc d. MMMM yyyy' : 'cccc d MMMM yyyy');
}

/**
 * Month of the model (1 = the first month from the start date) a local date falls in; 0 or less before
 * the start. This is how the seed's "Måned 1 ... Måned 5" columns map onto a real calendar.
 */
export function modelMonth(startDate: string, date: string): number {
  const months = DateTime.fromISO(date, { zone: 'utc' }).diff(DateTime.fromISO(startDate, { zone: 'utc' }), 'months').months;
  return Math.floor(months) + 1;
}
