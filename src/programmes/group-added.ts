import { channelCreationKey } from '../outbox/resolver.ts';
import type { Db } from '../store/db.ts';
import { stmt } from '../store/statements.ts';

/**
 * When a group came into its programme: the instant its channel was asked for (setup.ts queues it as
 * the group is added). Groups keep no creation time of their own, and a network added in June is
 * planned with the series' earlier occurrences too; those were never its meetings, so nobody is asked
 * about them and its quiet is counted from here. undefined for a group without a channel.
 */
export function groupAddedAt(db: Db, groupId: string): string | undefined {
  return stmt(db, 'SELECT created_at FROM deliveries WHERE idempotency_key = ?').pluck().get(channelCreationKey({ type: 'partnership', id: groupId })) as string | undefined;
}

/**
 * Whether an activity of this group (ending at `endsAt`) was over before the group came into the
 * programme while the bot already held the programme. A meeting before the programme came to the bot
 * (`programmeCreatedAt`) is not judged: a running programme entered late brings its groups along.
 */
export function endedBeforeGroup(db: Db, groupId: string | null, endsAt: string, programmeCreatedAt: string): boolean {
  if (groupId === null || endsAt < programmeCreatedAt) return false;
  const added = groupAddedAt(db, groupId);
  return added !== undefined && endsAt < added;
}
