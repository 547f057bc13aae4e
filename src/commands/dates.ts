import { UserError } from '../domain/errors.ts';
import { checkDate } from '../programmes/date-rules.ts';
import { tr } from './texts.ts';

/**
 * Dates and times as people type them, in one place for `opret`, `workshop`, `flyt` and the forms
 * (a Slack date picker, a Teams Input.Date and the local form all send yyyy-mm-dd, which is one of these).
 */

export function isDateWord(word: string): boolean {
  return /^\d{4}-\d{1,2}-\d{1,2}$/.test(word) || /^\d{1,2}[-./]\d{1,2}[-./]\d{4}$/.test(word) || YEARLESS.test(word);
}

/** "31-02", "1/3": a date without its year, refused by parseDate with words saying so (not taken for a time). */
const YEARLESS = /^\d{1,2}[-/]\d{1,2}$/;

/** Accepts 2027-01-04 and the Danish 4-1-2027 / 04.01.2027; returns yyyy-mm-dd (validated later). */
export function normalizeDate(word: string): string {
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(word);
  if (iso) return `${iso[1]}-${iso[2]!.padStart(2, '0')}-${iso[3]!.padStart(2, '0')}`;
  const dk = /^(\d{1,2})[-./](\d{1,2})[-./](\d{4})$/.exec(word);
  if (dk) return `${dk[3]}-${dk[2]!.padStart(2, '0')}-${dk[1]!.padStart(2, '0')}`;
  return word;
}

/** A typed date as yyyy-mm-dd, or a refusal in the user's words for one that is not a date. */
export function parseDate(word: string): string {
  if (YEARLESS.test(word.trim())) {
    throw new UserError('date_without_year', {
      da: `«${word.trim()}» mangler året. Skriv datoen som ÅÅÅÅ-MM-DD (fx 2027-03-01) eller DD-MM-ÅÅÅÅ. Intet er ændret.`,
      en: `“${word.trim()}” has no year. Write the date as YYYY-MM-DD (e.g. 2027-03-01) or DD-MM-YYYY. Nothing was changed.`,
    });
  }
  const date = normalizeDate(word.trim());
  checkDate(date);
  return date;
}

const TIME = /^(?:kl\.?)?(\d{1,2})(?:[:.](\d{2}))?$/;

/** "9", "9.30", "09:30", "kl. 9" → "09:30"; undefined if the word is not a time. */
export function parseTime(word: string): string | undefined {
  const match = TIME.exec(word.trim().toLowerCase());
  if (!match) return undefined;
  const hours = Number(match[1]);
  const minutes = Number(match[2] ?? '0');
  if (hours > 23 || minutes > 59) return undefined;
  return `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
}

/** Whether a word is written like a time of day ("25:00" is, "Kulturhuset" is not), valid or not. */
export function looksLikeTime(word: string): boolean {
  return /^(?:kl\.?)?\d{1,2}[:.]\d{1,2}$/.test(word.trim().toLowerCase());
}

/** A typed time as HH:mm, or a refusal naming the word. */
export function parseTimeWord(word: string): string {
  const time = parseTime(word);
  if (!time) throw new UserError('invalid_time', { da: tr('da', 'invalidTime', { time: word }), en: tr('en', 'invalidTime', { time: word }) });
  return time;
}
