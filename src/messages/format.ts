import { DateTime } from 'luxon';
import type { Locale } from '../domain/text.ts';

/**
 * Formatting a zoned date with luxon costs tens of microseconds (time-zone offsets through Intl), and a
 * tick formats the same few instants thousands of times (every partnership shares the plan's dates),
 * so results are memoised. Bounded: cleared when it grows past a few thousand entries.
 */
const memo = new Map<string, string>();
function memoised(kind: string, instant: string, zone: string, locale: Locale, format: () => string): string {
  const key = `${kind}|${instant}|${zone}|${locale}`;
  let text = memo.get(key);
  if (text === undefined) {
    if (memo.size > 5_000) memo.clear();
    text = format();
    memo.set(key, text);
  }
  return text;
}

/** "torsdag den 21. januar 2027 kl. 09.30" / "Thursday 21 January 2027 at 09:30". */
export function formatDateTime(instant: string, zone: string, locale: Locale): string {
  return memoised('dt', instant, zone, locale, () => formatDateTimeNow(instant, zone, locale));
}

function formatDateTimeNow(instant: string, zone: string, locale: Locale): string {
  const dt = DateTime.fromISO(instant, { zone }).setLocale(locale);
  return locale === 'da'
    ? `${dt.toFormat('cccc')} den ${dt.toFormat('d. LLLL yyyy')} kl. ${dt.toFormat('HH.mm')}`
    : `${dt.toFormat('cccc d LLLL yyyy')} at ${dt.toFormat('HH:mm')}`;
}

/** "torsdag den 21. januar" without time, for deadlines. */
export function formatDate(instant: string, zone: string, locale: Locale): string {
  return memoised('d', instant, zone, locale, () => formatDateNow(instant, zone, locale));
}

function formatDateNow(instant: string, zone: string, locale: Locale): string {
  const dt = DateTime.fromISO(instant, { zone }).setLocale(locale);
  return locale === 'da' ? `${dt.toFormat('cccc')} den ${dt.toFormat('d. LLLL yyyy')}` : dt.toFormat('cccc d LLLL yyyy');
}

/** "2027-01-04 09:00": the local date and time as a command takes them. */
export function formatCommandDateTime(instant: string, zone: string): string {
  return memoised('cmd', instant, zone, 'da', () => {
    const local = DateTime.fromISO(instant, { zone });
    return `${local.toISODate()} ${local.toFormat('HH:mm')}`;
  });
}

/** Short form for lists: "to 21.01." / "Thu 21 Jan". */
export function formatShortDate(instant: string, zone: string, locale: Locale): string {
  const dt = DateTime.fromISO(instant, { zone }).setLocale(locale);
  return locale === 'da' ? dt.toFormat('ccc d. LLL') : dt.toFormat('ccc d LLL');
}

export function formatTime(instant: string, zone: string, locale: Locale): string {
  const dt = DateTime.fromISO(instant, { zone });
  return locale === 'da' ? dt.toFormat('HH.mm') : dt.toFormat('HH:mm');
}

/** "2 timer", "1 time", "1 time og 30 minutter" / "2 hours". */
export function formatDuration(minutes: number, locale: Locale): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  const h = locale === 'da' ? (hours === 1 ? 'time' : 'timer') : hours === 1 ? 'hour' : 'hours';
  const m = locale === 'da' ? 'minutter' : 'minutes';
  const and = locale === 'da' ? 'og' : 'and';
  if (hours === 0) return `${rest} ${m}`;
  return rest === 0 ? `${hours} ${h}` : `${hours} ${h} ${and} ${rest} ${m}`;
}
