/**
 * Team rosters (`GET v3/conversations/{team}/pagedmembers`), read once per set-up rather than once
 * per invitation: a programme's set-up checks the same team for each of its channels, and a 541-member
 * team read four times at once got 429s. Concurrent readers share one read; a read is kept for
 * ROSTER_TTL_MS (a set-up's burst of invitations), and dropped when Teams says members were added.
 * After a 429 nobody reads that team's roster until the Retry-After has passed: the waiting caller
 * gets the same RateLimitError at once, and the outbox retries it after the pause.
 */
import { RateLimitError } from '../../src/platform/errors.ts';
import type { ConnectorClient, TeamsMember } from './connector.ts';

export const ROSTER_TTL_MS = 5 * 60_000;

export class Rosters {
  private readonly cache = new Map<string, { readAt: number; members: Promise<TeamsMember[]> }>();
  private readonly blockedUntil = new Map<string, number>();

  constructor(
    private readonly connector: ConnectorClient,
    private readonly now: () => number,
  ) {}

  async members(tenantId: string, teamId: string): Promise<TeamsMember[]> {
    const now = this.now();
    const blocked = (this.blockedUntil.get(teamId) ?? 0) - now;
    if (blocked > 0) throw new RateLimitError(blocked, `the roster of ${teamId} is rate limited for ${blocked} ms more`);
    const cached = this.cache.get(teamId);
    if (cached && now - cached.readAt < ROSTER_TTL_MS) return cached.members;
    const members = this.connector.members(tenantId, teamId);
    this.cache.set(teamId, { readAt: now, members });
    members.catch((error: unknown) => {
      if (this.cache.get(teamId)?.members === members) this.cache.delete(teamId);
      if (error instanceof RateLimitError) this.blockedUntil.set(teamId, this.now() + error.retryAfterMs);
    });
    return members;
  }

  /** Members joined or left: the next reader reads again. */
  forget(teamId: string): void {
    this.cache.delete(teamId);
  }
}
