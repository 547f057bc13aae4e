import { stmt } from './statements.ts';
import type { ReminderStatus } from '../domain/entities.ts';
import { toActivity, type StoredActivity } from './activities.ts';
import type { Db } from './db.ts';

export interface DueReminder {
  id: string;
  offsetDays: number;
  dueAt: string;
  /** A reminder of the activity, or a request to `setBy` to set a window step's date. */
  purpose: 'reminder' | 'date_prompt';
  activity: StoredActivity;
}

type JoinedRow = { r_id: string; r_offset: number; r_due: string; r_purpose: string } & Parameters<typeof toActivity>[0];

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

  private select(where: string, ...params: unknown[]): DueReminder[] {
    const rows = stmt(this.db, 
        `SELECT r.id AS r_id, r.offset_days AS r_offset, r.due_at AS r_due, r.purpose AS r_purpose, a.*
         FROM reminders r JOIN activities a ON a.id = r.activity_id WHERE ${where}`,
      )
      .all(...params) as JoinedRow[];
    return rows.map((row) => ({ id: row.r_id, offsetDays: row.r_offset, dueAt: row.r_due, purpose: row.r_purpose as DueReminder['purpose'], activity: toActivity(row) }));
  }
}
