/** Slack channel names: lowercase, at most 80 characters, only letters, digits, "-" and "_". */
export const MAX_CHANNEL_NAME = 80;

const DANISH: Record<string, string> = { æ: 'ae', ø: 'oe', å: 'aa' };

/**
 * The Slack name for a human channel name: "Små Partnerskaber 2027 Havet" → "smaa-partnerskaber-2027-havet".
 * Danish letters are spelled out (æ→ae, ø→oe, å→aa), other accents dropped (é→e), anything else becomes "-".
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
  return trimName(name || 'tovholder', MAX_CHANNEL_NAME);
}

/** The n-th candidate after a collision: n = 1 is the name itself, then "name-2", "name-3", ... within 80 characters. */
export function channelNameCandidate(base: string, n: number): string {
  if (n <= 1) return trimName(base, MAX_CHANNEL_NAME);
  const suffix = `-${n}`;
  return `${trimName(base, MAX_CHANNEL_NAME - suffix.length)}${suffix}`;
}

function trimName(name: string, max: number): string {
  return name.length <= max ? name : name.slice(0, max).replace(/[-_]+$/, '');
}
