import { DateTime } from 'luxon';
import type { Locale } from '../domain/text.ts';
import { tr } from './texts.ts';

/**
 * TODO(merger): a stand-in for `windowLabel` / `undatedLabel` of src/timeline/windows.ts (the planner
 * helper writes those); replace the calls with those and delete this file. Reads a window back from
 * its dates: a whole quarter is "4. kvartal 2027", a whole month "september 2027", Jan-Apr "primo",
 * May-Aug "medio", Sep-Dec "ultimo", Mar-May "forår", Sep-Nov "efterår", anything else the two dates.
 */
export function windowLabel(window: { from: string; to: string }, locale: Locale): string {
  const from = DateTime.fromISO(window.from, { locale });
  const to = DateTime.fromISO(window.to, { locale });
  const whole = from.day === 1 && to.day === to.daysInMonth && from.year === to.year;
  const [m1, m2, year] = [from.month, to.month, from.year];
  const da = locale === 'da';
  if (whole && m1 === m2) return `${from.toFormat('LLLL')} ${year}`;
  if (whole && m2 === m1 + 2 && m1 % 3 === 1) return da ? `${(m1 + 2) / 3}. kvartal ${year}` : `Q${(m1 + 2) / 3} ${year}`;
  const parts: [number, number, string, string][] = [
    [1, 4, 'primo', 'early'],
    [5, 8, 'medio', 'mid'],
    [9, 12, 'ultimo', 'late'],
    [3, 5, 'forår', 'spring'],
    [9, 11, 'efterår', 'autumn'],
  ];
  const part = whole ? parts.find(([a, b]) => a === m1 && b === m2) : undefined;
  if (part) return `${da ? part[2] : part[3]} ${year}`;
  const format = da ? 'd. LLLL' : 'd LLLL';
  const start = from.year === to.year ? from.toFormat(format) : `${from.toFormat(format)} ${from.year}`;
  return `${start} - ${to.toFormat(format)} ${to.year}`;
}

/** "4. kvartal 2027 — dato mangler": what `plan` shows for a window step nobody has dated yet. */
export function undatedLabel(window: { from: string; to: string }, locale: Locale): string {
  return tr(locale, 'planUndated', { window: windowLabel(window, locale) });
}
