import { RateLimitError } from '../../src/platform/errors.ts';

/**
 * Retry-After for calls the outbox cannot pace: conversations.open runs while the dispatcher resolves
 * a member's direct conversation (before pacing), users.lookupByEmail while a command runs. Slack's
 * limits for them are per method per workspace, so after one 429 every caller waits out the
 * Retry-After here instead of each asking Slack again (and being refused again).
 */
export class RateGate {
  private readonly blockedUntil = new Map<string, number>();

  /**
   * `now` is the bot's clock (ms), as for every other wait in the outbox: a simulated run
   * (`tick --until`) lets the same time pass for real while it waits, and tests share it with the fake.
   */
  constructor(private readonly now: () => number) {}

  async run<T>(teamId: string, method: string, call: () => Promise<T>): Promise<T> {
    const key = `${teamId}|${method}`;
    const wait = (this.blockedUntil.get(key) ?? 0) - this.now();
    if (wait > 0) throw new RateLimitError(Math.ceil(wait), `${method}: still rate limited (Retry-After)`);
    try {
      return await call();
    } catch (error) {
      if (error instanceof RateLimitError) this.blockedUntil.set(key, this.now() + error.retryAfterMs);
      throw error;
    }
  }
}
