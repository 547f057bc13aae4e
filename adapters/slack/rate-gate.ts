import { RateLimitError } from '../../src/platform/errors.ts';

/**
 * Retry-After for calls the outbox cannot pace: conversations.open runs while the dispatcher resolves
 * a member's direct conversation (before pacing), users.lookupByEmail while a command runs. Slack's
 * limits for them are per method per workspace, so after one 429 every caller waits out the
 * Retry-After here instead of each asking Slack again (and being refused again).
 */
export class RateGate {
  private readonly blockedUntil = new Map<string, number>();

  async run<T>(teamId: string, method: string, call: () => Promise<T>): Promise<T> {
    const key = `${teamId}|${method}`;
    // Slack's windows run on real time, whatever the bot's (possibly simulated) clock says.
    const wait = (this.blockedUntil.get(key) ?? 0) - performance.now();
    if (wait > 0) throw new RateLimitError(Math.ceil(wait), `${method}: still rate limited (Retry-After)`);
    try {
      return await call();
    } catch (error) {
      if (error instanceof RateLimitError) this.blockedUntil.set(key, performance.now() + error.retryAfterMs);
      throw error;
    }
  }
}
