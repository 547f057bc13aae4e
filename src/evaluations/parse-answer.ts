/**
 * Reads a typed answer to an evaluation question. Partners answer by button or by typing, in Danish
 * or English, in a hurry, on a phone: the parser forgives case, accents, "aa" for "å", typos in
 * number words, emoji and Slack shortcodes, and keeps whatever follows the answer as a comment.
 * When it cannot use an answer it says why, with a hint in both languages telling what to write.
 *
 * Decisions worth knowing (tests pin each one down):
 * - Half values ("3,5", "3.5", "3½") and ranges ("3-4", "3 eller 4") are refused, not rounded: a
 *   rounded answer would be counted as something the person did not say. The hint offers the two
 *   whole numbers. "4,0" is simply 4.
 * - The number comes first. Numbers later in a comment are never read ("4 - vi var 12 børn" is 4),
 *   except unmistakable ratings anywhere: "5/5" or "5 ud af 5" (only over this scale's max),
 *   "4 stjerner" (these three only at the end of a phrase: "5 ud af 5 pædagoger" is prose), star
 *   emoji, keycap emoji ("Super dag ⭐⭐⭐⭐⭐").
 * - A number word ("en", "et", "to", "fire", "one") is only a number when it stands alone or is
 *   followed by a separator or a scale word: "En." and "en - kedeligt" are 1, "en god dag" is not
 *   understood. Digits need no separator: "4 super dag" is 4 with a comment.
 * - "Ved ikke"/"don't know"/"idk"/"?" is `dont_know`, with any rest as comment. For free text only a
 *   reply that is nothing but such a phrase counts; "ved ikke om …" is an ordinary text answer.
 * - Mentions at the start of a reply are removed (that is how the bot is addressed; its id is not
 *   known here). Later Slack mentions stay as markup Slack renders; later Teams `<at>` tags become "@Name".
 * - Lengths are counted in code points after cleaning; replies with a comment are limited to the
 *   same default 1000 characters as free text. Replies of only punctuation ("-", "...") are empty.
 * - Choice labels: by convention `labels[0]` is Danish and `labels[1]` English; the hints show those.
 */
import { choiceEmpty, scaleEmpty, textEmpty, tooLong } from './parse/hints.ts';
import { parseChoice } from './parse/choice.ts';
import { cleanText, hasContent, lengthOf, prepareForMatching, readDontKnow, toComment } from './parse/normalize.ts';
import { parseScale } from './parse/scale.ts';

export type Question =
  /** `example`: a comment that fits this question, for the hint ("4 - de ville røre ved alt"). */
  | { kind: 'scale'; min: number; max: number; example?: { da: string; en: string } }
  | { kind: 'choice'; options: { value: string; labels: string[] }[] }
  | { kind: 'text'; maxLength?: number };

export type AnswerHint = { da: string; en: string };

export type ParsedAnswer =
  | { ok: true; kind: 'scale'; value: number; comment: string | null }
  | { ok: true; kind: 'choice'; value: string; comment: string | null }
  | { ok: true; kind: 'text'; text: string }
  | { ok: true; kind: 'dont_know'; comment: string | null }
  | { ok: false; reason: 'empty' | 'out_of_range' | 'not_understood' | 'too_long'; hint: AnswerHint };

export const DEFAULT_MAX_LENGTH = 1000;

function emptyHint(question: Question): AnswerHint {
  if (question.kind === 'scale') return scaleEmpty(question);
  if (question.kind === 'choice') return choiceEmpty(question);
  return textEmpty();
}

/** Free text is stored as cleaned (NFC, not NFKC: "m²" stays "m²"); a bare "ved ikke" is dont_know. */
function parseText(text: string): ParsedAnswer {
  const dontKnow = readDontKnow(text);
  if (dontKnow !== null && toComment(text.slice(dontKnow)) === null) return { ok: true, kind: 'dont_know', comment: null };
  return { ok: true, kind: 'text', text };
}

export function parseAnswer(input: string, question: Question): ParsedAnswer {
  const text = cleanText(input);
  if (!hasContent(text) && readDontKnow(text) === null) return { ok: false, reason: 'empty', hint: emptyHint(question) };
  const limit = question.kind === 'text' ? (question.maxLength ?? DEFAULT_MAX_LENGTH) : DEFAULT_MAX_LENGTH;
  const length = lengthOf(text);
  if (length > limit) return { ok: false, reason: 'too_long', hint: tooLong(length, limit) };
  if (question.kind === 'scale') return parseScale(prepareForMatching(text), question);
  if (question.kind === 'choice') return parseChoice(prepareForMatching(text), question);
  return parseText(text);
}
