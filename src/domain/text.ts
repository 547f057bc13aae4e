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
