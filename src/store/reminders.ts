import { stmt } from './statements.ts';
import type { ReminderStatus } from '../domain/entities.ts';
import { activityColumns, activityFromValues, type StoredActivity } from './activities.ts';
import type { Db } from './db.ts';

export interface DueReminder {
  id: string;
  offsetDays: number;
  dueAt: string;
  /** A reminder of the activity, or a request to `setBy` to set a window step's date. */
  purpose: 'reminder' | 'date_prompt';
  activity: StoredActivity;
}

export class ReminderRepository {
  constructor(private readonly db: Db) {}

  /**
   * Reminders due at `now`, oldest first. Served by the partial index on pending rows, so the cost
   * follows how many are due, not how many exist.
   */
  due(now: Date, limit: number): DueReminder[] {
    return this.select("r.status = 'pending' AND r.due_at <= ? ORDER BY r.due_at LIMIT ?", now.toISOString(), limit);
  }

  missed(programmeId: string): DueReminder[] {
    return this.select("a.programme_id = ? AND r.status = 'missed' ORDER BY r.due_at", programmeId);
  }

  /** Marks a pending reminder; returns false if another process got there first. */
  mark(id: string, status: Exclude<ReminderStatus, 'pending'>, at: Date): boolean {
    const result = stmt(this.db, "UPDATE reminders SET status = ?, handled_at = ? WHERE id = ? AND status = 'pending'")
      .run(status, at.toISOString(), id);
    return result.changes === 1;
  }

  /**
   * Marks pending reminders; returns the ids that were still pending (another process, or a move, may
   * have handled some since they were read). Each row is found by its primary key (due_at, id), so
   * marking the reminders due at one time touches the few pages they share, and no other index.
   */
  markMany(reminders: readonly { id: string; dueAt: string }[], status: Exclude<ReminderStatus, 'pending'>, at: Date): Set<string> {
    const update = stmt(this.db, "UPDATE reminders SET status = ?, handled_at = ? WHERE due_at = ? AND id = ? AND status = 'pending'");
    const atIso = at.toISOString();
    const marked = new Set<string>();
    for (const r of reminders) if (update.run(status, atIso, r.dueAt, r.id).changes === 1) marked.add(r.id);
    return marked;
  }

  countByStatus(programmeId: string): Record<ReminderStatus, number> {
    const rows = stmt(this.db, 
        `SELECT r.status AS status, COUNT(*) AS n FROM reminders r JOIN activities a ON a.id = r.activity_id
         WHERE a.programme_id = ? GROUP BY r.status`,
      )
      .all(programmeId) as { status: ReminderStatus; n: number }[];
    const counts: Record<ReminderStatus, number> = { pending: 0, queued: 0, missed: 0, cancelled: 0 };
    for (const row of rows) counts[row.status] = row.n;
    return counts;
  }

  /**
   * The reminders with their activities, read raw (one array per row): the tick reads ~1,000 of them at
   * a busy reminder time, and objects with a property per column cost as much as the query itself.
   */
  private select(where: string, ...params: unknown[]): DueReminder[] {
    const rows = stmt(this.db, `SELECT r.id, r.offset_days, r.due_at, r.purpose, ${activityColumns('a')}
         FROM reminders r JOIN activities a ON a.id = r.activity_id WHERE ${where}`)
      .raw()
      .all(...params) as unknown[][];
    return rows.map((v) => ({
      id: v[0] as string,
      offsetDays: v[1] as number,
      dueAt: v[2] as string,
      purpose: v[3] as DueReminder['purpose'],
      activity: activityFromValues(v, 4),
    }));
  }
}
