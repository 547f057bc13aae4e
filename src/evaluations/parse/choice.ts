/**
 * Reading a choice such as "ja", "Ja tak", "maaske", "j" or "no - not this time". Labels are
 * compared folded (case, accents, å/aa, doubled letters), and the rest of the reply is the comment.
 */
import type { ParsedAnswer, Question } from '../parse-answer.ts';
import { choiceNotUnderstood } from './hints.ts';
import { fold, readDontKnow, separatedAt, toComment, tokenEnds, typoDistance } from './normalize.ts';

type ChoiceQuestion = Extract<Question, { kind: 'choice' }>;
type Hit = { value: string; end: number };

/** Every label of an option, and its value too: someone may type what the button said. */
function foldedLabels(option: ChoiceQuestion['options'][number]): string[] {
  return [...option.labels, option.value].map(fold).filter((label) => label !== '');
}

/**
 * The longest whole label the reply starts with, cut at word ends, so "ja, delvist" beats "ja"
 * when both are options and "jamen …" never matches "ja".
 */
function matchLabel(text: string, q: ChoiceQuestion): Hit | null {
  const labels = new Map<string, string>();
  for (const option of q.options) for (const label of foldedLabels(option)) if (!labels.has(label)) labels.set(label, option.value);
  let hit: Hit | null = null;
  for (const end of tokenEnds(text, 8)) {
    const value = labels.get(fold(text.slice(0, end)));
    if (value !== undefined) hit = { value, end };
  }
  return hit;
}

/**
 * A first word that abbreviates ("j", "ma") or misspells ("mybe", one typo, 4+ letters) exactly
 * one option. Like number words, it must stand alone or be followed by a separator, so the "i" of
 * "i think so" is not taken as the start of "ikke relevant".
 */
function matchAbbreviation(text: string, q: ChoiceQuestion): Hit | null {
  const word = /^\p{L}+/u.exec(text);
  if (!word || !separatedAt(text, word[0].length)) return null;
  const key = fold(word[0]);
  const close = (label: string): boolean => label.startsWith(key) || (key.length >= 4 && label.length >= 4 && typoDistance(label, key) <= 1);
  const values = new Set(q.options.filter((o) => foldedLabels(o).some(close)).map((o) => o.value));
  return values.size === 1 ? { value: [...values][0]!, end: word[0].length } : null;
}

/** `text` is cleaned and prepared for matching. A label wins over "ved ikke", which may be one. */
export function parseChoice(text: string, q: ChoiceQuestion): ParsedAnswer {
  const hit = matchLabel(text, q) ?? matchAbbreviation(text, q);
  if (hit) return { ok: true, kind: 'choice', value: hit.value, comment: toComment(text.slice(hit.end)) };
  const dontKnow = readDontKnow(text);
  if (dontKnow !== null) return { ok: true, kind: 'dont_know', comment: toComment(text.slice(dontKnow)) };
  return { ok: false, reason: 'not_understood', hint: choiceNotUnderstood(q) };
}
