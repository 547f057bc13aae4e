/**
 * Text plumbing shared by the answer parsers: cleaning what the platforms send, folding words so
 * "Måske", "maaske" and "MASKE" compare equal, and cutting an answer into "the part we read" and
 * "the rest, which is the comment".
 */

/** Characters that are invisible but break matching. The zero-width joiner stays: emoji need it. */
const INVISIBLE = /[\u200B\u2060\uFEFF\u00AD]/g;

/**
 * Mentions at the very start address the bot ("@Tovholder 4"); Teams always puts `<at>Bot</at>`
 * first in channel messages. We cannot tell the bot's id from here, so only leading mentions go.
 */
const LEADING_MENTIONS = /^(?:\s*(?:<@[A-Z0-9]+(?:\|[^>]*)?>|<at>[^<]*<\/at>)[\s,:]*)+/i;
/** A Teams mention later in the text is a person being talked about: keep the name, drop the tag. */
const TEAMS_MENTION = /<at>([^<]*)<\/at>/gi;
const ENTITIES: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&amp;': '&', '&nbsp;': ' ', '&quot;': '"', '&#39;': "'" };

/**
 * What we store and parse: NFC (so a Mac's decomposed "å" equals everyone else's), no leading bot
 * mention, Slack/Teams entities decoded, runs of spaces collapsed but line breaks kept (at most one
 * blank line in a row), every line trimmed.
 */
export function cleanText(input: string): string {
  const text = input.normalize('NFC').replace(/\r\n?/g, '\n').replace(INVISIBLE, '');
  const unmentioned = text.replace(LEADING_MENTIONS, '').replace(TEAMS_MENTION, '@$1');
  const decoded = unmentioned.replace(/&(?:lt|gt|amp|nbsp|quot|#39);/g, (e) => ENTITIES[e] ?? e);
  return decoded
    .split('\n')
    .map((line) => line.replace(/[^\S\n]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Slack sends emoji as shortcodes; these are the ones an answer can hinge on. */
const SHORTCODES: Record<string, string> = {
  ':star:': '⭐', ':star2:': '🌟', ':zero:': '0️⃣', ':one:': '1️⃣', ':two:': '2️⃣', ':three:': '3️⃣', ':four:': '4️⃣',
  ':five:': '5️⃣', ':six:': '6️⃣', ':seven:': '7️⃣', ':eight:': '8️⃣', ':nine:': '9️⃣', ':keycap_ten:': '🔟',
  ':+1:': '👍', ':thumbsup:': '👍', ':-1:': '👎', ':thumbsdown:': '👎',
};

/**
 * The form scale and choice answers are read in. NFKC turns full-width digits and ligatures into
 * plain ones; "3½" is rewritten first because NFKC would make it "31⁄2", which reads as 31.
 */
export function prepareForMatching(clean: string): string {
  return clean
    .replace(/(\d)\s*½/g, '$1,5')
    .replace(/:[a-z0-9_+-]+:/g, (code) => SHORTCODES[code] ?? code)
    .normalize('NFKC');
}

/**
 * A comparison key: lower case, accents off, ø→o, æ→ae, "oe"→o, and every doubled letter single,
 * so "måske", "maaske", "Maske" and "maaaske" all become "maske", and "jaaa" becomes "ja".
 * Labels and answers are folded the same way, so the odd collision ("koen"/"kon") is harmless.
 */
export function fold(text: string): string {
  return text
    .toLowerCase()
    .replace(/ø/g, 'o')
    .replace(/æ/g, 'ae')
    .replace(/[’‘`´]/g, "'")
    .normalize('NFKD')
    .replace(/[\p{M}\u{1F3FB}-\u{1F3FF}]/gu, '')
    .replace(/oe/g, 'o')
    .replace(/(\p{L})\1+/gu, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Where the first `limit` tokens (words, or single symbols such as "-" or "👍") end. */
export function tokenEnds(text: string, limit: number): number[] {
  const ends: number[] = [];
  for (const match of text.matchAll(/[\p{L}\p{N}'’]+|[^\s\p{L}\p{N}]/gu)) {
    ends.push(match.index + match[0].length);
    if (ends.length >= limit) break;
  }
  return ends;
}

/**
 * True when position `at` ends a word on its own: end of text, or punctuation/emoji next. Used so
 * "en" in "en god dag" is an article, while "En." or "en - kedeligt" is the number one. Opening
 * quotes and brackets do not separate: "en «god» dag" is still prose.
 */
export function separatedAt(text: string, at: number): boolean {
  return /^\s*(?:$|[^\s\p{L}\p{N}«»"'“”‘’(\[])/u.test(text.slice(at));
}

/** The comment after what we read: separators and spaces at its start go, nothing left is null. */
export function toComment(rest: string): string | null {
  const comment = rest.replace(/^[\s,;:.…!?\-–—=>|/)\]]+/u, '').trim();
  return comment === '' ? null : comment;
}

/** Whether an answer says anything: letters, digits, emoji or stars. "..." or "-" does not. */
export function hasContent(text: string): boolean {
  return /[\p{L}\p{N}\p{Extended_Pictographic}★☆✩]/u.test(text);
}

/** Length as people count it: code points, so an emoji is one character rather than two. */
export function lengthOf(text: string): number {
  return [...text].length;
}

/** Optimal string alignment distance: Levenshtein plus swapped neighbours ("fier" → "fire" is 1). */
export function typoDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  const at = (i: number, j: number): number => rows[i]![j]!;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      rows[i]![j] = best;
    }
  }
  return at(a.length, b.length);
}

const DONT_KNOW = new Set(
  [
    'ved ikke', 'ved ik', 'ved det ikke', 'ved ej', 'aner det ikke', 'aner ikke', 'ingen anelse', 'ikke sikker',
    'usikker', 'kan ikke svare', 'vet ikke', "don't know", 'dont know', 'do not know', 'dunno', 'idk', 'not sure',
    'no idea', "can't say", 'cannot say',
  ].map(fold),
);

/**
 * Where a "don't know" at the start of the answer ends, or null. The longest phrase wins, so
 * "ved det ikke" is not read as "ved" + comment. One or more "?" alone also means don't know.
 */
export function readDontKnow(text: string): number | null {
  const marks = /^[?¿]+/.exec(text);
  if (marks) return marks[0].length;
  let end: number | null = null;
  for (const cut of tokenEnds(text, 4)) if (DONT_KNOW.has(fold(text.slice(0, cut)))) end = cut;
  return end;
}
