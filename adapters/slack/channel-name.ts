/** Slack channel names: lowercase, at most 80 characters, only letters, digits, "-" and "_". */
export const MAX_CHANNEL_NAME = 80;
/** The highest collision number tried: "name-2" ... "name-999". */
export const MAX_CHANNEL_NUMBER = 999;

const DANISH: Record<string, string> = { æ: 'ae', ø: 'oe', å: 'aa' };
/** When a name must be shortened in the middle, this much of its beginning is kept (the rest goes to its end). */
const HEAD_KEEP = 24;
/** A cut moves to the nearest "-" if that loses at most this many characters. */
const WORD_SLACK = 12;

/**
 * The Slack name for a human channel name: "Små Partnerskaber 2027 Havet" → "smaa-partnerskaber-2027-havet".
 * Danish letters are spelled out (æ→ae, ø→oe, å→aa), other accents dropped (é→e), anything else becomes "-".
 * A name longer than 80 characters is shortened in the middle: its end is kept (for a partnership's
 * channel that is the partnership's name, which tells it from the shared channel and the others).
 */
export function slackChannelName(human: string): string {
  const spelled = human
    .toLowerCase()
    .replace(/[æøå]/g, (c) => DANISH[c] ?? c)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '');
  const name = spelled
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-_]+|[-_]+$/g, '');
  return fitName(name || 'tovholder', MAX_CHANNEL_NAME);
}

/**
 * The n-th candidate after a collision: n = 1 is the name itself, then "name-2", "name-3", ... within
 * 80 characters. Room for the number is made in the middle of the name, so its end survives.
 */
export function channelNameCandidate(base: string, n: number): string {
  if (n <= 1) return fitName(base, MAX_CHANNEL_NAME);
  const suffix = `-${n}`;
  return `${fitName(base, MAX_CHANNEL_NAME - suffix.length)}${suffix}`;
}

/** The candidates in the order they are tried: the name, "name-2", ..., "name-999". */
export function* channelNameCandidates(base: string): Generator<string> {
  for (let n = 1; n <= MAX_CHANNEL_NUMBER; n += 1) yield channelNameCandidate(base, n);
}

/**
 * Shortens a slug to `max` characters by dropping its middle: the first ~24 characters stay, and
 * as much of the end as fits. Cuts fall on a "-" where that costs little.
 */
export function fitName(name: string, max: number): string {
  if (name.length <= max) return name;
  const headWant = Math.min(HEAD_KEEP, Math.floor(max / 3));
  // The end: from a word's start, unless that word is long.
  let tailStart = name.length - (max - headWant - 1);
  const nextDash = name.indexOf('-', tailStart - 1);
  if (nextDash >= 0 && nextDash - tailStart < WORD_SLACK && nextDash < name.length - 1) tailStart = nextDash + 1;
  const tail = name.slice(tailStart).replace(/^[-_]+/, '');
  // The beginning: what is left of the length, up to a word's end where possible.
  const headMax = max - tail.length - 1;
  let head = name.slice(0, headMax);
  const lastDash = head.lastIndexOf('-');
  if (name[headMax] !== '-' && lastDash > 0 && headMax - lastDash < WORD_SLACK) head = head.slice(0, lastDash);
  head = head.replace(/[-_]+$/, '');
  if (!head) return tail.slice(-max).replace(/^[-_]+/, '');
  if (!tail) return head;
  return `${head}-${tail}`;
}
