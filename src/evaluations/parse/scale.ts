/**
 * Reading a rating such as "4", "4/5", "fire!", "⭐⭐⭐⭐" or "4 - børnene elskede fiskene".
 *
 * The rule people are taught (and the hints repeat) is "number first, comment after". A number
 * later in the text is only read when it is unmistakably a rating ("Super dag 5/5", "… ⭐⭐⭐⭐"),
 * because a comment may well contain other numbers ("4 - vi var 12 børn").
 */
import type { ParsedAnswer, Question } from '../parse-answer.ts';
import { scaleNotUnderstood, scaleOutOfRange, scalePickOne } from './hints.ts';
import { fold, readDontKnow, separatedAt, toComment, typoDistance } from './normalize.ts';

type ScaleQuestion = Extract<Question, { kind: 'scale' }>;

/** What was read: a value (maybe 3.5), a second value for ranges ("3-4"), a "/5" if given. */
interface Reading {
  value: number;
  upper?: number;
  denominator?: number;
  shown: string;
  comment: string | null;
}

const WORDS: Record<string, number> = {
  nul: 0, zero: 0, en: 1, et: 1, ener: 1, one: 1, to: 2, toer: 2, two: 2, tre: 3, treer: 3, three: 3,
  fire: 4, firer: 4, four: 4, fem: 5, femmer: 5, five: 5, seks: 6, six: 6, syv: 7, seven: 7, otte: 8,
  eight: 8, ni: 9, nine: 9, ti: 10, ten: 10,
};
const WORD_VALUES = new Map(Object.entries(WORDS).map(([word, value]) => [fold(word), value]));

/**
 * A number word, allowing one typo ("fier", "fuor") in words of four letters or more, and only
 * towards numbers on this scale, so "none" is not read as nine. Short words must be exact: one
 * letter off "to" or "fem" is too often a different word. Two candidates ("fine": fire/five) → null.
 */
function wordValue(word: string, q: ScaleQuestion): number | null {
  const key = fold(word);
  const exact = WORD_VALUES.get(key);
  if (exact !== undefined) return exact;
  if (key.length < 4) return null;
  const near = new Set(
    [...WORD_VALUES].filter(([w, v]) => w.length >= 4 && v >= q.min && v <= q.max && typoDistance(w, key) <= 1).map(([, v]) => v),
  );
  return near.size === 1 ? [...near][0]! : null;
}

interface NumberToken {
  value: number;
  end: number;
  word: boolean;
}

/** A number at the very start: keycap emoji, digits (with decimals, "½", "4'er"), or a word. */
function readNumber(text: string, q: ScaleQuestion): NumberToken | null {
  const keycap = /^(?:([0-9])\uFE0F?\u20E3|🔟)/u.exec(text);
  if (keycap) return { value: keycap[1] ? Number(keycap[1]) : 10, end: keycap[0].length, word: false };
  const digits = /^([+-]?)(\d+)(?:[.,](\d+))?/.exec(text);
  if (digits) {
    const sign = digits[1] === '-' ? -1 : 1;
    let value = sign * Number(`${digits[2]}.${digits[3] ?? '0'}`);
    let end = digits[0].length;
    const half = /^\s+1\/2(?!\d)/.exec(text.slice(end));
    if (half) [value, end] = [value + sign * 0.5, end + half[0].length];
    end += /^['’]?er(?!\p{L})/u.exec(text.slice(end))?.[0].length ?? 0;
    // "2a" or "4x" is not a rating; digits glued to other letters are something else.
    return /^\p{L}/u.test(text.slice(end)) ? null : { value, end, word: false };
  }
  const word = /^\p{L}+/u.exec(text);
  const value = word ? wordValue(word[0], q) : null;
  return word && value !== null ? { value, end: word[0].length, word: true } : null;
}

const UNIT = /^\s*(?:(?:stjerner?|stars?|points?|pt)(?!\p{L})\.?|(?:[⭐🌟★]\uFE0F?)+)/iu;
const OF = /^\s*(?:\/|(?:(?:ud\s+)?af|(?:out\s+)?of)(?!\p{L}))\s*/iu;

/** "stjerner", "/5", "ud af fem", "out of 5 stars" after the number: where they end, and the 5. */
function readTail(text: string, from: number, q: ScaleQuestion): { end: number; denominator?: number } {
  let end = from;
  let denominator: number | undefined;
  for (let step = 0; step < 3; step++) {
    const rest = text.slice(end);
    const unit = UNIT.exec(rest);
    if (unit) {
      end += unit[0].length;
      continue;
    }
    const of = denominator === undefined ? OF.exec(rest) : null;
    const over = of ? readNumber(rest.slice(of[0].length), q) : null;
    if (!of || !over) break;
    [denominator, end] = [over.value, end + of[0].length + over.end];
  }
  return denominator === undefined ? { end } : { end, denominator };
}

/**
 * "3-4", "3 til 4", "3 eller 4": a range, refused because it cannot be counted. Only when the
 * second number is on the scale and ends the thought; "4 - 5 børn var syge" is 4 with a comment.
 */
function readRange(text: string, first: NumberToken, q: ScaleQuestion): Reading | null {
  const link = /^\s*(?:-|–|—|(?:til|eller|or|to)(?!\p{L}))\s*/iu.exec(text.slice(first.end));
  if (!link) return null;
  const at = first.end + link[0].length;
  const second = readNumber(text.slice(at), q);
  if (!second || !Number.isInteger(second.value) || second.value < q.min || second.value > q.max) return null;
  const end = readTail(text, at + second.end, q).end;
  if (!separatedAt(text, end)) return null;
  return { value: first.value, upper: second.value, shown: text.slice(0, end).trim(), comment: toComment(text.slice(end)) };
}

/**
 * A number word only counts when it stands alone, is followed by a separator, or by a scale tail
 * ("fire stjerner", "fire ud af fem"): "en god dag" is prose, "En." and "en - kedeligt" are 1.
 * Digits need no separator ("4 super dag"): nobody writes a digit as an article.
 */
function readNumberHead(text: string, q: ScaleQuestion): Reading | null {
  const first = readNumber(text, q);
  if (!first) return null;
  const range = readRange(text, first, q);
  if (range) return range;
  const tail = readTail(text, first.end, q);
  if (first.word && tail.end === first.end && !separatedAt(text, first.end)) return null;
  const reading: Reading = { value: first.value, shown: text.slice(0, tail.end).trim(), comment: toComment(text.slice(tail.end)) };
  return tail.denominator === undefined ? reading : { ...reading, denominator: tail.denominator };
}

function countStars(run: string): number {
  return (run.match(/[⭐🌟★]/gu) ?? []).length;
}

/** "⭐⭐⭐⭐", "★★★☆☆": filled stars count, hollow ones are the rest of the scale and do not. */
function readStars(text: string): Reading | null {
  const run = /^(?:[⭐🌟★☆✩]\uFE0F?\s*)+/u.exec(text);
  const value = run ? countStars(run[0]) : 0;
  if (!run || value === 0) return null;
  return { value, shown: run[0].trim(), comment: toComment(text.slice(run[0].length)) };
}

/** Phrases before the number that change nothing: "Jeg giver den 4", "Karakter: 4", "I'd say 4". */
const LEAD_IN =
  /^(?:(?:jeg\s+)?giver?(?:\s+(?:det|den|dem|jer|dagen|forløbet))?|i(?:['’]d|\s+would)?\s+(?:say|give(?:\s+it)?|rate\s+it)|karakter|score|rating|vurdering|bedømmelse)(?!\p{L})\s*[:=]?\s*/iu;
/** "en 4'er", "en femmer": here the article is followed by a number, so it is dropped. */
const ARTICLE = /^(?:en|et)\s+(?=\d|(?:ener|toer|treer|firer|femmer)(?!\p{L}))/iu;

function readHead(text: string, q: ScaleQuestion): Reading | null {
  const start = text.replace(LEAD_IN, '').replace(ARTICLE, '');
  return readStars(start) ?? readNumberHead(start, q);
}

/**
 * Ratings that are unmistakable anywhere in the text. "12 af 20 børn" is not one (20 ≠ max), nor
 * is "5 ud af 5 pædagoger": a rating written inside a sentence must end that sentence or phrase.
 */
const MARKERS: { pattern: RegExp; read: (m: RegExpExecArray, q: ScaleQuestion) => number | null }[] = [
  { pattern: /(?:[⭐🌟★]\uFE0F?\s*)+(?:[☆✩]\uFE0F?\s*)*/gu, read: (m) => countStars(m[0]) },
  { pattern: /([0-9])\uFE0F?\u20E3|🔟/gu, read: (m) => (m[1] ? Number(m[1]) : 10) },
  {
    pattern: /(?<![\p{L}\p{N}.,])(\d+)\s*(?:\/|ud\s+af|out\s+of)\s*(\d+)(?!\p{N}|[.,]\d|[^\S\n]*[\p{L}\p{N}])/giu,
    read: (m, q) => (Number(m[2]) === q.max ? Number(m[1]) : null),
  },
  { pattern: /(?<![\p{L}\p{N}.,])(\d+)\s*(?:stjerner?|stars?)(?!\p{L}|[^\S\n]*[\p{L}\p{N}])/giu, read: (m) => Number(m[1]) },
];

/** "Super tur! ⭐⭐⭐⭐⭐": one rating somewhere (or several that agree), the rest is the comment. */
function findMarker(text: string, q: ScaleQuestion): Reading | null {
  const hits = MARKERS.flatMap(({ pattern, read }) =>
    [...text.matchAll(pattern)].map((m) => ({ value: read(m as RegExpExecArray, q), start: m.index, end: m.index + m[0].length, shown: m[0].trim() })),
  )
    .filter((hit): hit is typeof hit & { value: number } => hit.value !== null)
    .sort((a, b) => a.start - b.start);
  if (hits.length === 0 || new Set(hits.map((h) => h.value)).size > 1) return null;
  // The rating is blanked out in place, so line breaks and the comment's own punctuation survive.
  let rest = text;
  for (const hit of [...hits].reverse()) rest = `${rest.slice(0, hit.start)} ${rest.slice(hit.end)}`;
  const comment = toComment(cleanCommentEdges(rest));
  return { value: hits[0]!.value, shown: hits[0]!.shown, comment };
}

/**
 * Tidies the hole a rating leaves: spaces collapsed per line, a separator left in front of other
 * punctuation dropped ("Godt, 4 stjerner!" → "Godt!"), dangling separators at the end gone.
 */
function cleanCommentEdges(text: string): string {
  const lines = text.split('\n').map((line) => line.replace(/\s+/g, ' ').replace(/\s*[,;:\-–—]\s*([,;:!.?…])/gu, '$1').trim());
  return lines.join('\n').replace(/[\s\-–—:,;]+$/u, '');
}

/** Turns a reading into an answer, refusing what cannot be counted on this scale. */
function judge(reading: Reading, q: ScaleQuestion): ParsedAnswer {
  const { value, upper, denominator, shown } = reading;
  if (denominator !== undefined && denominator !== q.max) return { ok: false, reason: 'out_of_range', hint: scaleOutOfRange(q, shown) };
  const low = Math.floor(Math.min(value, upper ?? value));
  const high = Math.ceil(Math.max(value, upper ?? value));
  if (low < q.min || high > q.max) return { ok: false, reason: 'out_of_range', hint: scaleOutOfRange(q, shown) };
  // Half values and ranges are refused rather than rounded: a rounded 3,5 would silently count as 4.
  if (low !== high) return { ok: false, reason: 'not_understood', hint: scalePickOne(q, low, high) };
  return { ok: true, kind: 'scale', value: low, comment: reading.comment };
}

/** `text` is cleaned and prepared for matching (see normalize.ts). */
export function parseScale(text: string, q: ScaleQuestion): ParsedAnswer {
  const dontKnow = readDontKnow(text);
  if (dontKnow !== null) return { ok: true, kind: 'dont_know', comment: toComment(text.slice(dontKnow)) };
  const reading = readHead(text, q) ?? findMarker(text, q);
  return reading ? judge(reading, q) : { ok: false, reason: 'not_understood', hint: scaleNotUnderstood(q) };
}
