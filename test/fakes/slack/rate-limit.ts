/**
 * Slack's Web API rate limits, per method per workspace per app: sliding one-minute windows for the
 * tiered methods, a token bucket per channel for chat.postMessage ("about 1 per second per channel,
 * short bursts allowed") and one per workspace for its workspace-wide limit.
 *
 * Tiers from docs.slack.dev/apis/web-api/rate-limits and each method's page (Tier 2 = 20+/min,
 * Tier 3 = 50+/min, Tier 4 = 100+/min). The "+" means Slack tolerates some bursts; the fake uses the
 * floor, so code that stays under it here stays under it in Slack.
 */

export const SLACK_TIER_2 = 20;
export const SLACK_TIER_3 = 50;
export const SLACK_TIER_4 = 100;

/** Calls per minute per method per workspace. Methods not listed are not limited. */
export const SLACK_METHOD_LIMITS: Readonly<Record<string, number>> = {
  'conversations.create': SLACK_TIER_2,
  'conversations.archive': SLACK_TIER_2,
  'conversations.kick': SLACK_TIER_2,
  'conversations.setPurpose': SLACK_TIER_2,
  // Not confirmed from Slack's page; its sibling setPurpose is Tier 2, so the fake uses the tighter tier.
  'conversations.setTopic': SLACK_TIER_2,
  'conversations.invite': SLACK_TIER_3,
  'conversations.history': SLACK_TIER_3,
  'conversations.open': SLACK_TIER_3,
  'conversations.info': SLACK_TIER_3,
  'users.lookupByEmail': SLACK_TIER_3,
  'chat.update': SLACK_TIER_3,
  'conversations.members': SLACK_TIER_4,
  'users.info': SLACK_TIER_4,
  'files.info': SLACK_TIER_4,
  'chat.postEphemeral': SLACK_TIER_4,
  'views.open': SLACK_TIER_4,
  'views.update': SLACK_TIER_4,
  'views.publish': SLACK_TIER_4,
  'files.getUploadURLExternal': SLACK_TIER_4,
  'files.completeUploadExternal': SLACK_TIER_4,
  'auth.test': SLACK_TIER_4,
};

/**
 * chat.postMessage workspace-wide: Slack documents "1 per second per channel, while also maintaining a
 * workspace-wide limit" and publishes no figure for the latter. The fake ASSUMES 600 a minute (10 a
 * second) with a burst of 30: an assumption, not a Slack figure, so that a morning of 1,000 reminders
 * to 1,000 channels is held to some workspace-wide limit. Configurable per fake.
 */
export const SLACK_POST_PER_WORKSPACE_PER_SECOND = 10;
export const SLACK_POST_WORKSPACE_BURST = 30;

export type Verdict = { ok: true } | { ok: false; retryAfterSeconds: number };

function seconds(waitMs: number): number {
  return Math.max(1, Math.ceil(waitMs / 1000));
}

/** `limit` accepted calls per key within any `windowMs`; refused calls do not count. */
export class SlidingWindow {
  private readonly stamps = new Map<string, number[]>();

  constructor(
    private readonly windowMs: number,
    private readonly now: () => number,
  ) {}

  take(key: string, limit: number): Verdict {
    if (!Number.isFinite(limit)) return { ok: true };
    const now = this.now();
    const kept = (this.stamps.get(key) ?? []).filter((t) => t > now - this.windowMs);
    this.stamps.set(key, kept);
    if (kept.length >= limit) {
      // A slot frees when the oldest call that still fills the window leaves it.
      const freeing = kept[kept.length - Math.max(1, limit)] ?? now;
      return { ok: false, retryAfterSeconds: seconds(freeing + this.windowMs - now) };
    }
    kept.push(now);
    return { ok: true };
  }

  clear(): void {
    this.stamps.clear();
  }
}

/** A bucket of `burst` tokens per key refilled at `perSecond`; each call takes one. */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly now: () => number,
  ) {}

  take(key: string): Verdict {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.burst, at: now };
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterSeconds: seconds(((1 - bucket.tokens) / this.perSecond) * 1000) };
  }

  clear(): void {
    this.buckets.clear();
  }
}
