/**
 * Splits a command line into words, keeping quoted phrases together. People type Danish quotes
 * («...», „...“, ”...”) as often as straight ones, and phones turn "..." into “...”, so all count.
 */
const QUOTES: Record<string, string> = { '"': '"', '“': '”', '„': '“', '«': '»', '”': '”', "'": "'" };

export function tokenize(input: string): string[] {
  const tokens: string[] = [];
  let current = '';
  let closing: string | null = null;
  let inToken = false;
  for (const char of input.trim()) {
    if (closing) {
      if (char === closing || (closing === '”' && char === '"')) closing = null;
      else current += char;
    } else if (char in QUOTES && !current) {
      closing = QUOTES[char]!;
      inToken = true;
    } else if (/\s/.test(char)) {
      if (inToken) tokens.push(current);
      current = '';
      inToken = false;
    } else {
      current += char;
      inToken = true;
    }
  }
  if (inToken) tokens.push(current);
  return tokens;
}
