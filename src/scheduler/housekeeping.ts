import type { Db } from '../store/db.ts';
import { stmt } from '../store/statements.ts';

const HOUR = 3_600_000;

/**
 * Forgets handled inbound events after a week. They are kept only to ignore a platform's redelivery of
 * the same event (Slack retries within the hour), so without this the table would grow with every
 * message forever. Runs at most once an hour: the DELETE scans the table, which a minute tick should not.
 */
export function forgetOldInboundEvents(db: Db, options: { keepMs?: number; everyMs?: number } = {}): (now: Date) => number {
  const keepMs = options.keepMs ?? 7 * 24 * HOUR;
  const everyMs = options.everyMs ?? HOUR;
  let lastRun = Number.NEGATIVE_INFINITY;
  return (now) => {
    if (now.getTime() - lastRun < everyMs) return 0;
    lastRun = now.getTime();
    stmt(db, 'DELETE FROM inbound_events WHERE received_at < ?').run(new Date(now.getTime() - keepMs).toISOString());
    return 0; // it queues no deliveries
  };
}
