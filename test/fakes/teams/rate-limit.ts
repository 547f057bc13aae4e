/**
 * Sliding-window rate limits as Teams documents them for a bot sending to one conversation:
 * 7 per 1 s, 8 per 2 s, 60 per 30 s and 1800 per hour. Only accepted requests count.
 */
export interface RateWindow {
  limit: number;
  windowMs: number;
}

export const TEAMS_PER_CONVERSATION_LIMITS: readonly RateWindow[] = [
  { limit: 7, windowMs: 1_000 },
  { limit: 8, windowMs: 2_000 },
  { limit: 60, windowMs: 30_000 },
  { limit: 1800, windowMs: 3_600_000 },
];

/** 50 requests per second per app per tenant (Teams' documented limit for all of a bot's requests). */
export const TEAMS_PER_TENANT_LIMITS: readonly RateWindow[] = [{ limit: 50, windowMs: 1_000 }];

export type TakeResult = { ok: true } | { ok: false; retryAfterSeconds: number; window: RateWindow };

export class SlidingWindowLimiter {
  private readonly accepted = new Map<string, number[]>();
  private readonly longest: number;

  constructor(
    private readonly windows: readonly RateWindow[],
    private readonly now: () => number = Date.now,
  ) {
    this.longest = Math.max(0, ...windows.map((w) => w.windowMs));
  }

  /** Records a request for `key` if every window has room; otherwise says how long to wait. */
  take(key: string): TakeResult {
    const now = this.now();
    const stamps = (this.accepted.get(key) ?? []).filter((t) => t > now - this.longest);
    let worst: { waitMs: number; window: RateWindow } | undefined;
    for (const window of this.windows) {
      const inWindow = stamps.filter((t) => t > now - window.windowMs);
      if (inWindow.length < window.limit) continue;
      // Room opens when enough of the oldest requests have left the window.
      const freeing = inWindow[inWindow.length - window.limit]!;
      const waitMs = freeing + window.windowMs - now;
      if (!worst || waitMs > worst.waitMs) worst = { waitMs, window };
    }
    if (worst) {
      this.accepted.set(key, stamps);
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(worst.waitMs / 1000)), window: worst.window };
    }
    stamps.push(now);
    this.accepted.set(key, stamps);
    return { ok: true };
  }

  reset(): void {
    this.accepted.clear();
  }
}
