import type { Db } from './db.ts';

/**
 * Whether anything at all is due at `now`: a reminder, an evaluation to open, nudge or close, a group to watch (src/watch), or a
 * delivery to send (or whose sender's lease ran out). Nearly every minute tick finds nothing; this one
 * indexed query answers that for the whole tick, so an idle tick costs about what SQLite does
 * (bench/tick.bench.ts measures it against the same query prepared bare).
 */
export function anythingDueQuery(db: Db): (now: Date) => boolean {
  const statement = db
    .prepare(
      `SELECT EXISTS (SELECT 1 FROM reminders WHERE status = 'pending' AND due_at <= @now)
           OR EXISTS (SELECT 1 FROM evaluation_rounds WHERE status = 'pending' AND due_at <= @now)
           OR EXISTS (SELECT 1 FROM evaluation_rounds WHERE status = 'open' AND closes_at <= @now)
           OR EXISTS (SELECT 1 FROM evaluation_prompts WHERE nudge_status = 'pending' AND nudge_at <= @now)
           OR EXISTS (SELECT 1 FROM action_asks WHERE status = 'pending' AND due_at <= @now)
           OR EXISTS (SELECT 1 FROM meeting_actions WHERE status = 'open' AND remind_at IS NOT NULL AND remind_at <= @now)
           OR EXISTS (SELECT 1 FROM group_watch WHERE check_at IS NOT NULL AND check_at <= @now)
           OR EXISTS (SELECT 1 FROM deliveries WHERE status = 'pending' AND next_attempt_at <= @now)
           OR EXISTS (SELECT 1 FROM deliveries WHERE status = 'sending' AND lease_until <= @now)`,
    )
    .pluck();
  return (now) => statement.get({ now: now.toISOString() }) !== 0;
}
