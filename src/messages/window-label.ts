import { DateTime } from 'luxon';
import type { Window } from '../domain/template.ts';
import type { Locale } from '../domain/text.ts';

// A stand-in for windowLabel in src/timeline/windows.ts, which the planner work of issue 13 adds;
// the merge replaces this file's use with that one function so the plan and the prompts read alike.

const parts = {
  da: { primo: 'primo', medio: 'medio', ultimo: 'ultimo', foraar: 'forår', efteraar: 'efterår', quarter: (q: number, y: number) => `${q}. kvartal ${y}` },
  en: { primo: 'early', medio: 'mid', ultimo: 'late', foraar: 'spring', efteraar: 'autumn', quarter: (q: number, y: number) => `Q${q} ${y}` },
} as const;

/**
 * "2. kvartal 2028", "primo 2028", "forår 2028", "september 2027", "1. september - 30. november
 * 2027" (en: "Q2 2028", "early 2028", ...), from the template's window and the activity's dates.
 */
export function windowText(spec: Window | undefined, range: { from: string; to: string }, locale: Locale): string {
  const from = DateTime.fromISO(range.from).setLocale(locale);
  const to = DateTime.fromISO(range.to).setLocale(locale);
  const p = parts[locale];
  if (spec && 'quarter' in spec) return p.quarter(spec.quarter, from.year);
  if (spec && 'month' in spec) return from.toFormat('LLLL yyyy');
  if (spec && 'part' in spec) return `${p[spec.part]} ${from.year}`;
  if (spec && 'season' in spec) return `${p[spec.season]} ${from.year}`;
  const day = locale === 'da' ? 'd. LLLL' : 'd LLLL';
  return `${from.toFormat(day)} - ${to.toFormat(`${day} yyyy`)}`;
}

/** "1. april - 30. juni 2028": the window's exact dates. */
export function windowDates(range: { from: string; to: string }, locale: Locale): string {
  return windowText(undefined, range, locale);
}
