import type { Locale } from '../domain/text.ts';

const TAGS: Record<Locale, string> = { da: 'da-DK', en: 'en-GB' };
const OPTIONS = {
  whole: {},
  oneDecimal: { maximumFractionDigits: 1, minimumFractionDigits: 1 },
} satisfies Record<string, Intl.NumberFormatOptions>;
const made = new Map<string, Intl.NumberFormat>();

/**
 * A number formatter for `locale`, made on first use and kept: toLocaleString builds a new one per
 * call (a tenth of a large overview's time), and the first one made in a process loads ICU's locale
 * data, about 20 ms, which start-up should not pay for a formatter nothing has used yet.
 */
export function numberFormat(locale: Locale, kind: keyof typeof OPTIONS): Intl.NumberFormat {
  const key = `${locale}:${kind}`;
  let format = made.get(key);
  if (!format) made.set(key, (format = new Intl.NumberFormat(TAGS[locale], OPTIONS[kind])));
  return format;
}
