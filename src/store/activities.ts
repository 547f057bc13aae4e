import { stmt } from './statements.ts';
import type { Activity } from '../domain/entities.ts';
import type { ActivityKind, Audience } from '../domain/template.ts';
import type { ActivityOverride, PlannedActivity } from '../timeline/plan.ts';
import type { Db } from './db.ts';

export interface StoredActivity extends Activity {
  planKey: string;
  localDate: string;
  revision: number;
}

interface ActivityRow {
  id: string;
  programme_id: string;
  partnership_id: string | null;
  plan_key: string;
  step_key: string;
  kind: string;
  audience: string;
  paired_partnership_id: string | null;
  local_date: string;
  starts_at: string;
  ends_at: string;
  location: string | null;
  pinned: number;
  revision: number;
}

export function toActivity(row: ActivityRow): StoredActivity {
  return {
    id: row.id,
    programmeId: row.programme_id,
    partnershipId: row.partnership_id,
    planKey: row.plan_key,
    stepKey: row.step_key,
    kind: row.kind as ActivityKind,
    audience: row.audience as Audience,
    pairedPartnershipId: row.paired_partnership_id,
    localDate: row.local_date,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    location: row.location,
    pinned: row.pinned === 1,
    revision: row.revision,
    // The columns for programme shapes come with migration 6 (store work of issue 13).
    pairedOrganisationIds: [],
    format: null,
    meetingLink: null,
    window: null,
    undated: false,
  };
}

/** An activity whose time changed when a plan was applied. */
export interface ActivityChange {
  activity: StoredActivity;
  previousStartsAt: string | null;
}

/**
 * Activities, the consultant's overrides and the reminders derived from them. The plan itself is
 * computed by the pure timeline; this class only makes the stored state equal to a plan.
 */
export class ActivityRepository {
  constructor(private readonly db: Db) {}

  listForProgramme(programmeId: string): StoredActivity[] {
    // Partnerships at the same time come in creation order (position), in every list the user sees.
    const rows = stmt(this.db,
        `SELECT a.* FROM activities a LEFT JOIN partnerships p ON p.id = a.partnership_id
         WHERE a.programme_id = ? ORDER BY a.starts_at, p.position, a.plan_key`,
      )
      .all(programmeId) as ActivityRow[];
    return rows.map(toActivity);
  }

  get(id: string): StoredActivity | undefined {
    const row = stmt(this.db, 'SELECT * FROM activities WHERE id = ?').get(id) as ActivityRow | undefined;
    return row && toActivity(row);
  }

  overrides(programmeId: string): ActivityOverride[] {
    const rows = stmt(this.db, 'SELECT * FROM activity_overrides WHERE programme_id = ?')
      .all(programmeId) as { partnership_key: string; step_key: string; date: string; start_time: string | null; location: string | null }[];
    return rows.map((r) => ({
      stepKey: r.step_key,
      partnershipId: r.partnership_key === '' ? null : r.partnership_key,
      date: r.date,
      ...(r.start_time ? { startTime: r.start_time } : {}),
      location: r.location,
    }));
  }

  saveOverride(programmeId: string, override: ActivityOverride): void {
    stmt(this.db, 
        `INSERT INTO activity_overrides (programme_id, partnership_key, step_key, date, start_time, location)
         VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (programme_id, partnership_key, step_key)
         DO UPDATE SET date = excluded.date, start_time = excluded.start_time,
                       location = COALESCE(excluded.location, activity_overrides.location)`,
      )
      .run(
        programmeId,
        override.partnershipId ?? '',
        override.stepKey,
        override.date,
        override.startTime ?? null,
        override.location ?? null,
      );
  }

  /**
   * Makes the stored activities equal to the plan. A new or moved activity gets a new revision whose
   * reminders replace the pending ones of the old revision; reminders due before `now` are not created
   * (planning is not a way to send yesterday's reminder; the planner turns a lead time that has just
   * passed into a reminder due at `now` or later). Call inside a transaction.
   */
  applyPlan(programmeId: string, plan: PlannedActivity[], now: Date): ActivityChange[] {
    const existing = new Map(this.listForProgramme(programmeId).map((a) => [a.planKey, a]));
    const changes: ActivityChange[] = [];
    for (const planned of plan) {
      const before = existing.get(planned.key);
      existing.delete(planned.key);
      if (before && sameTiming(before, planned)) {
        this.updateDetails(before.id, planned);
        continue;
      }
      const activity = before ? this.move(before, planned) : this.insert(programmeId, planned);
      this.replaceReminders(activity, planned, now);
      changes.push({ activity, previousStartsAt: before?.startsAt ?? null });
    }
    for (const gone of existing.values()) {
      stmt(this.db, 'DELETE FROM activities WHERE id = ?').run(gone.id);
    }
    return changes;
  }

  private insert(programmeId: string, p: PlannedActivity): StoredActivity {
    const id = `${programmeId}:${p.key}`;
    stmt(this.db, 
        `INSERT INTO activities (id, programme_id, partnership_id, plan_key, step_key, kind, audience,
           paired_partnership_id, local_date, starts_at, ends_at, location, pinned, revision)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)`,
      )
      .run(
        id, programmeId, p.partnershipId, p.key, p.stepKey, p.kind, p.audience, p.pairedPartnershipId,
        p.date, p.startsAt, p.endsAt, p.location, p.pinned ? 1 : 0,
      );
    return this.get(id)!;
  }

  private move(before: StoredActivity, p: PlannedActivity): StoredActivity {
    stmt(this.db, 
        `UPDATE activities SET local_date = ?, starts_at = ?, ends_at = ?, location = ?, pinned = ?,
           paired_partnership_id = ?, revision = revision + 1 WHERE id = ?`,
      )
      .run(p.date, p.startsAt, p.endsAt, p.location, p.pinned ? 1 : 0, p.pairedPartnershipId, before.id);
    stmt(this.db, "UPDATE reminders SET status = 'cancelled' WHERE activity_id = ? AND status = 'pending'")
      .run(before.id);
    return this.get(before.id)!;
  }

  private updateDetails(id: string, p: PlannedActivity): void {
    stmt(this.db, 'UPDATE activities SET location = ?, pinned = ?, paired_partnership_id = ? WHERE id = ?')
      .run(p.location, p.pinned ? 1 : 0, p.pairedPartnershipId, id);
  }

  private replaceReminders(activity: StoredActivity, p: PlannedActivity, now: Date): void {
    const insert = stmt(this.db, 
      `INSERT OR IGNORE INTO reminders (id, activity_id, revision, offset_days, due_at, status)
       VALUES (?, ?, ?, ?, ?, 'pending')`,
    );
    const nowIso = now.toISOString();
    for (const reminder of p.reminders) {
      if (reminder.dueAt < nowIso) continue;
      const id = `${activity.id}:r${activity.revision}:${reminder.offsetDays}`;
      insert.run(id, activity.id, activity.revision, reminder.offsetDays, reminder.dueAt);
    }
  }
}

function sameTiming(a: StoredActivity, p: PlannedActivity): boolean {
  return a.startsAt === p.startsAt && a.endsAt === p.endsAt;
}
