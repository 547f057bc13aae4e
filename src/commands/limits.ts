import { UserError } from '../domain/errors.ts';

/**
 * How long user-given texts may be. Checked where they come in (commands, forms, answers), so that no
 * post built from them can later be refused by a platform (Slack: a section at most 3,000 characters,
 * a header 150, a topic 250; Teams: a channel name 50) and no command costs more than a glance.
 */
export const TEXT_LIMITS = {
  /**
   * A programme's name: real ones run long ("Små Partnerskaber mellem kulturinstitutioner og
   * daginstitutioner i Hjørring Kommune 2027" is 88), and the welcome's header (Slack: 150) has room.
   */
  programmeName: 120,
  /** Partnership and organisation names. */
  name: 80,
  /** A workshop's place. */
  place: 200,
  /** A whole command line, checked before it is split into words or matched against names. */
  command: 2_000,
  /** A written answer to an evaluation question. */
  answer: 2_000,
} as const;

/**
 * Above this many UTF-16 units a text is refused whatever its grapheme count: one "character" can be a
 * long emoji sequence (a family is 11 units), and platforms count units, not what the eye sees.
 */
const UNITS_PER_CHARACTER = 4;

/** Made on first use: the first Intl object of a process loads ICU's data (start-up need not wait for it). */
let segmenter: Intl.Segmenter | undefined;

/** Characters as a reader counts them: "å", "👍🏽" and "👨‍👩‍👧" are one each. */
export function characterCount(text: string): number {
  let count = 0;
  segmenter ??= new Intl.Segmenter('da', { granularity: 'grapheme' });
  for (const _ of segmenter.segment(text)) count += 1;
  return count;
}

/**
 * The label of a checked text in both languages, e.g. { da: 'Partnerskabets navn', en: "The partnership's
 * name", neuter: true }; Danish adjectives agree with the noun: "navnet er for langt", "kommandoen er for lang".
 */
export type TextLabel = { da: string; en: string; neuter?: boolean };

/** Refuses a text longer than `max` characters with a message naming what and how long. */
export function checkLength(text: string, max: number, label: TextLabel): void {
  const problem = lengthProblem(text, max, label);
  if (problem) throw new UserError('too_long', problem);
}

/** What to tell the user about a text longer than `max` characters, or null if it fits. */
export function lengthProblem(text: string, max: number, label: TextLabel): { da: string; en: string } | null {
  // The unit check first: it is O(1) and bounds the segmenter's work.
  const count = text.length > max * UNITS_PER_CHARACTER ? null : characterCount(text);
  if (count !== null && count <= max) return null;
  const n = (locale: string) => (count === null ? '' : ` (${count.toLocaleString(locale)})`);
  return {
    da: `${label.da} er for ${label.neuter ? 'langt' : 'lang'}${n('da-DK')}: højst ${max.toLocaleString('da-DK')} tegn. Skriv det kortere; intet er ændret.`,
    en: `${label.en} is too long${n('en-GB')}: at most ${max.toLocaleString('en-GB')} characters. Please shorten it; nothing was changed.`,
  };
}

export const LABELS = {
  command: { da: 'Kommandoen', en: 'The command' },
  programmeName: { da: 'Forløbets navn', en: "The programme's name", neuter: true },
  partnershipName: { da: 'Partnerskabets navn', en: "The partnership's name", neuter: true },
  culturalInstitution: { da: 'Kulturinstitutionens navn', en: "The cultural institution's name", neuter: true },
  daycare: { da: 'Daginstitutionens navn', en: "The daycare's name", neuter: true },
  place: { da: 'Stedet', en: 'The place', neuter: true },
  answer: { da: 'Dit svar', en: 'Your answer', neuter: true },
} as const satisfies Record<string, TextLabel>;
