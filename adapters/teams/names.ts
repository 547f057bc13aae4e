/** Teams channel display names: at most 50 characters, none of ~ # % & * { } + / \ : < > ? | ' " , */
export const MAX_CHANNEL_NAME = 50;
const FORBIDDEN = /[~#%*{}+/\\:<>?|'",\u0000-\u001f]/g;

/**
 * A display name Graph accepts, derived from the core's name ("Små Partnerskaber 2027 Havet"). When it
 * is too long the end is kept whole if given (the partnership's name is what tells channels apart)
 * and the beginning is shortened with an ellipsis.
 */
export function safeChannelName(name: string, keepTail?: string): string {
  const clean = sanitize(name) || 'Tovholder';
  if (clean.length <= MAX_CHANNEL_NAME) return clean;
  const tail = keepTail ? sanitize(keepTail) : '';
  if (tail && tail.length <= MAX_CHANNEL_NAME - 10 && clean.endsWith(tail)) {
    const head = trimEnd(clean.slice(0, clean.length - tail.length).slice(0, MAX_CHANNEL_NAME - tail.length - 2));
    return `${head}… ${tail}`;
  }
  return `${trimEnd(clean.slice(0, MAX_CHANNEL_NAME - 1))}…`;
}

/** The n-th alternative when a name is taken (names are unique per team, ignoring case): "Havet 2". */
export function numberedName(name: string, n: number): string {
  const suffix = ` ${n}`;
  const base = name.length + suffix.length <= MAX_CHANNEL_NAME ? name : `${trimEnd(name.slice(0, MAX_CHANNEL_NAME - suffix.length - 1))}…`;
  return `${base}${suffix}`;
}

function sanitize(name: string): string {
  return name
    .replace(/&/g, ' og ')
    .replace(FORBIDDEN, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    // Teams refuses names that start with "_" or "." or end with ".".
    .replace(/^[_.\s]+/, '')
    .replace(/[.\s]+$/, '');
}

function trimEnd(text: string): string {
  return text.replace(/[\s.\-–·]+$/, '');
}
