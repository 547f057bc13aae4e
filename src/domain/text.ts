import { z } from 'zod';

/** The languages the interface speaks. Danish is the default everywhere. */
export const localeSchema = z.enum(['da', 'en']);
export type Locale = z.infer<typeof localeSchema>;
export const DEFAULT_LOCALE: Locale = 'da';

/**
 * A text in both languages. Templates are data a consultant may write, so English is optional there
 * and falls back to Danish rather than failing the whole template.
 */
export const localizedTextSchema = z.object({
  da: z.string().min(1),
  en: z.string().min(1).optional(),
});
export type LocalizedText = z.infer<typeof localizedTextSchema>;

/** Picks the text for a locale, falling back to Danish. */
export function pick(text: LocalizedText, locale: Locale): string {
  return locale === 'en' ? (text.en ?? text.da) : text.da;
}

/**
 * Fills {name} placeholders; {name|one|many} picks the singular when the value is 1 and the plural
 * otherwise ("{count} {count|aktivitet|aktiviteter}"), so no text reads "aktivitet(er)".
 */
export function fillText(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)(?:\|([^|}]*)\|([^}]*))?\}/g, (whole, name: string, one?: string, many?: string) => {
    if (!(name in params)) return whole;
    if (one === undefined) return String(params[name]);
    return Number(params[name]) === 1 ? one : (many ?? one);
  });
}

type Params = Record<string, string | number>;

/**
 * A module's table of texts, one record per language with the same keys: `text` fills one, `both`
 * gives both languages for a UserError (which answers in the reader's language).
 */
export function textTable<K extends string>(table: Record<Locale, Record<K, string>>): {
  text: (locale: Locale, key: K, params?: Params) => string;
  both: (key: K, params?: Params) => { da: string; en: string };
} {
  const text = (locale: Locale, key: K, params: Params = {}) => fillText(table[locale][key], params);
  return { text, both: (key, params = {}) => ({ da: text('da', key, params), en: text('en', key, params) }) };
}

/** A title used mid-sentence: "som formidlingsmedarbejder", not "som Formidlingsmedarbejder" (acronyms stay). */
export function midSentence(title: string): string {
  const [first = '', second = ''] = title;
  return second && second === second.toUpperCase() && second !== second.toLowerCase() ? title : first.toLowerCase() + title.slice(1);
}
