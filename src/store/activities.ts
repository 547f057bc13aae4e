import { stmt } from './statements.ts';
import type { Activity } from '../domain/entities.ts';
import type { ActivityKind, Audience, Format } from '../domain/template.ts';
import type { ActivityOverride, PairingOrder, PlannedActivity, PlannedReminder } from '../timeline/plan.ts';
import type { Db } from './db.ts';
import { occurrenceOf, seriesKeyOf } from '../timeline/recurrence.ts';

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
  paired_organisation_ids: string;
  format: string | null;
  meeting_link: string | null;
  window_from: string | null;
  window_to: string | null;
  undated: number;
  cancelled: number;
}

/** What a consultant set about an activity besides its date: format, place, meeting link. */
export interface ActivityDetails {
  stepKey: string;
  partnershipId: string | null;
  /** For a repeating step: the occurrence the details are for. */
  occurrence?: number;
  format?: Format | null;
  location?: string | null;
  meetingLink?: string | null;
}

/** A legacy audience is stored as its word (as before migration 6); an addressed one as JSON. */
export function audienceToText(audience: Audience): string {
  return typeof audience === 'string' ? audience : JSON.stringify(audience);
}

const audienceCache = new Map<string, Audience>();
function audienceFromText(text: string): Audience {
  if (!text.startsWith('{')) return text as Audience;
  let audience = audienceCache.get(text);
  if (!audience) {
    if (audienceCache.size > 1_000) audienceCache.clear();
    audience = JSON.parse(text) as Audience;
    audienceCache.set(text, audience);
  }
  return audience;
}

export function toActivity(row: ActivityRow): StoredActivity {
  return activityFromValues(ACTIVITY_COLUMNS.map((column) => row[column]), 0);
}

/**
 * The activity columns in the order activityFromValues reads them. A hot read (the tick's due
 * reminders) selects exactly these in raw mode: an array per row instead of an object with a property
 * per column, which better-sqlite3 builds for every row (half of the due query's time, bench/tick).
 */
export const ACTIVITY_COLUMNS = [
  'id', 'programme_id', 'partnership_id', 'plan_key', 'step_key', 'kind', 'audience', 'paired_partnership_id',
  'local_date', 'starts_at', 'ends_at', 'location', 'pinned', 'revision', 'paired_organisation_ids', 'format',
  'meeting_link', 'window_from', 'window_to', 'undated', 'cancelled',
] as const satisfies readonly (keyof ActivityRow)[];

/** `ACTIVITY_COLUMNS` with a table alias, for a SELECT list. */
export function activityColumns(alias: string): string {
  return ACTIVITY_COLUMNS.map((column) => `${alias}.${column}`).join(', ');
}

/** An activity from a raw row whose ACTIVITY_COLUMNS begin at `at`. */
export function activityFromValues(v: readonly unknown[], at: number): StoredActivity {
  const planKey = v[at + 3] as string;
  const windowFrom = v[at + 17] as string | null;
  const windowTo = v[at + 18] as string | null;
  const pairedOrganisations = v[at + 14] as string;
  const activity: StoredActivity = {
    id: v[at] as string,
    programmeId: v[at + 1] as string,
    partnershipId: v[at + 2] as string | null,
    planKey,
    stepKey: v[at + 4] as string,
    kind: v[at + 5] as ActivityKind,
    audience: audienceFromText(v[at + 6] as string),
    pairedPartnershipId: v[at + 7] as string | null,
    localDate: v[at + 8] as string,
    startsAt: v[at + 9] as string,
    endsAt: v[at + 10] as string,
    location: v[at + 11] as string | null,
    pinned: v[at + 12] === 1,
    revision: v[at + 13] as number,
    pairedOrganisationIds: pairedOrganisations === '[]' ? [] : (JSON.parse(pairedOrganisations) as string[]),
    format: v[at + 15] as Format | null,
    meetingLink: v[at + 16] as string | null,
    window: windowFrom && windowTo ? { from: windowFrom, to: windowTo } : null,
    undated: v[at + 19] === 1,
  };
  // A series' occurrence is the plan key's `~n`; a cancelled one says so (absent otherwise).
  const occurrence = planKey.includes('~') ? occurrenceOf(planKey) : undefined;
  if (occurrence !== undefined) activity.occurrence = occurrence;
  if (v[at + 20] === 1) activity.cancelled = true;
  return activity;
}

/**
 * An occurrence's override is stored under `step~n` in step_key (no column needed: the primary key
 * stays one row per activity); these split and join it.
 */
function splitStepKey(stored: string): { stepKey: string; occurrence?: number } {
  const occurrence = occurrenceOf(stored);
  return occurrence === undefined ? { stepKey: stored } : { stepKey: seriesKeyOf(stored), occurrence };
}

function storedStepKey(stepKey: string, occurrence: number | undefined): string {
  return occurrence === undefined ? stepKey : `${stepKey}~${occurrence}`;
}

/** An activity whose time changed when a plan was applied. */
export interface ActivityChange {
  activity: StoredActivity;
  previousStartsAt: string | null;
  /** It had no date (a window step waiting for one): its first date is news, not a move from the provisional one. */
  previouslyUndated?: boolean;
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

  /** The dates set by hand (with the format, place and link set with them); what the planner takes. */
  overrides(programmeId: string): ActivityOverride[] {
    return this.overrideRows(programmeId)
      .filter((r) => r.date !== null)
      .map((r) => ({
        ...splitStepKey(r.step_key),
        partnershipId: r.partnership_key === '' ? null : r.partnership_key,
        date: r.date!,
        ...(r.start_time ? { startTime: r.start_time } : {}),
        location: r.location,
        ...(r.format ? { format: r.format as Format } : {}),
        ...(r.meeting_link ? { meetingLink: r.meeting_link } : {}),
        ...(r.cancelled === 1 ? { cancelled: true } : {}),
      }));
  }

  /** Every format, place and link set by hand, dated or not: laid over the plan (see withDetails). */
  details(programmeId: string): ActivityDetails[] {
    return this.overrideRows(programmeId)
      .filter((r) => r.format !== null || r.location !== null || r.meeting_link !== null)
      .map((r) => ({
        ...splitStepKey(r.step_key),
        partnershipId: r.partnership_key === '' ? null : r.partnership_key,
        format: r.format as Format | null,
        location: r.location,
        meetingLink: r.meeting_link,
      }));
  }

  private overrideRows(programmeId: string) {
    return stmt(this.db, 'SELECT * FROM activity_overrides WHERE programme_id = ?').all(programmeId) as {
      partnership_key: string;
      step_key: string;
      date: string | null;
      start_time: string | null;
      location: string | null;
      format: string | null;
      meeting_link: string | null;
      cancelled: number;
    }[];
  }

  saveOverride(programmeId: string, override: ActivityOverride): void {
    stmt(this.db, 
        `INSERT INTO activity_overrides (programme_id, partnership_key, step_key, date, start_time, location, format, meeting_link, cancelled)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (programme_id, partnership_key, step_key)
         DO UPDATE SET date = excluded.date, start_time = excluded.start_time,
                       cancelled = CASE WHEN ? IS NULL THEN activity_overrides.cancelled ELSE excluded.cancelled END,
                       location = COALESCE(excluded.location, activity_overrides.location),
                       format = COALESCE(excluded.format, activity_overrides.format),
                       meeting_link = COALESCE(excluded.meeting_link, activity_overrides.meeting_link)`,
      )
      .run(
        programmeId,
        override.partnershipId ?? '',
        storedStepKey(override.stepKey, override.occurrence),
        override.date,
        override.startTime ?? null,
        override.location ?? null,
        override.format ?? null,
        override.meetingLink ?? null,
        override.cancelled ? 1 : 0,
        // A move leaves a cancellation as it was; only `aflys` (cancelled set) changes it.
        override.cancelled === undefined ? null : 1,
      );
  }

  /**
   * Sets format, place or link without a date (which would pin the activity to where it is). A field
   * left undefined keeps its value; null clears it (a virtual meeting has no place).
   */
  saveDetails(programmeId: string, details: ActivityDetails): void {
    const key = details.partnershipId ?? '';
    const stepKey = storedStepKey(details.stepKey, details.occurrence);
    stmt(this.db, 'INSERT OR IGNORE INTO activity_overrides (programme_id, partnership_key, step_key) VALUES (?, ?, ?)')
      .run(programmeId, key, stepKey);
    const set = (column: string, value: string | null | undefined) => {
      if (value === undefined) return;
      stmt(this.db, `UPDATE activity_overrides SET ${column} = ? WHERE programme_id = ? AND partnership_key = ? AND step_key = ?`)
        .run(value, programmeId, key, stepKey);
    };
    set('format', details.format);
    set('location', details.location);
    set('meeting_link', details.meetingLink);
  }

  pairingOrders(programmeId: string): PairingOrder[] {
    const rows = stmt(this.db, 'SELECT step_key, group_key, order_json FROM pairing_orders WHERE programme_id = ? ORDER BY step_key, group_key')
      .all(programmeId) as { step_key: string; group_key: string; order_json: string }[];
    return rows.map((r) => ({ stepKey: r.step_key, groupId: r.group_key === '' ? null : r.group_key, order: JSON.parse(r.order_json) as string[] }));
  }

  savePairingOrder(programmeId: string, order: PairingOrder): void {
    stmt(this.db,
      `INSERT INTO pairing_orders (programme_id, step_key, group_key, order_json) VALUES (?, ?, ?, ?)
       ON CONFLICT (programme_id, step_key, group_key) DO UPDATE SET order_json = excluded.order_json`,
    ).run(programmeId, order.stepKey, order.groupId ?? '', JSON.stringify(order.order));
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
      changes.push({ activity, previousStartsAt: before?.startsAt ?? null, ...(before?.undated ? { previouslyUndated: true } : {}) });
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
           paired_partnership_id, local_date, starts_at, ends_at, location, pinned, revision,
           paired_organisation_ids, format, meeting_link, window_from, window_to, undated, cancelled)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        id, programmeId, p.partnershipId, p.key, p.stepKey, p.kind, audienceToText(p.audience), p.pairedPartnershipId,
        p.date, p.startsAt, p.endsAt, p.location, p.pinned ? 1 : 0, ...detailValues(p),
      );
    return this.get(id)!;
  }

  private move(before: StoredActivity, p: PlannedActivity): StoredActivity {
    stmt(this.db, 
        `UPDATE activities SET local_date = ?, starts_at = ?, ends_at = ?, location = ?, pinned = ?,
           paired_partnership_id = ?, paired_organisation_ids = ?, format = ?, meeting_link = ?,
           window_from = ?, window_to = ?, undated = ?, cancelled = ?, revision = revision + 1 WHERE id = ?`,
      )
      .run(p.date, p.startsAt, p.endsAt, p.location, p.pinned ? 1 : 0, p.pairedPartnershipId, ...detailValues(p), before.id);
    stmt(this.db, "UPDATE reminders SET status = 'cancelled' WHERE activity_id = ? AND status = 'pending'")
      .run(before.id);
    return this.get(before.id)!;
  }

  private updateDetails(id: string, p: PlannedActivity): void {
    stmt(this.db,
      `UPDATE activities SET location = ?, pinned = ?, paired_partnership_id = ?, paired_organisation_ids = ?, format = ?,
         meeting_link = ?, window_from = ?, window_to = ?, undated = ?, cancelled = ? WHERE id = ?`,
    ).run(p.location, p.pinned ? 1 : 0, p.pairedPartnershipId, ...detailValues(p), id);
  }

  private replaceReminders(activity: StoredActivity, p: PlannedActivity, now: Date): void {
    const insert = stmt(this.db, 
      `INSERT OR IGNORE INTO reminders (id, activity_id, revision, offset_days, due_at, status, purpose)
       VALUES (?, ?, ?, ?, ?, 'pending', ?)`,
    );
    const nowIso = now.toISOString();
    for (const reminder of p.reminders) {
      if (reminder.dueAt < nowIso) continue;
      insert.run(reminderId(activity, reminder), activity.id, activity.revision, reminder.offsetDays, reminder.dueAt, reminder.purpose ?? 'reminder');
    }
  }
}

/**
 * Same time and still (un)dated alike. Setting a window step's date on the provisional day changes no
 * time, but it ends the date prompts and starts the reminders: that is a new revision too.
 */
function sameTiming(a: StoredActivity, p: PlannedActivity): boolean {
  // A cancellation (or its undoing) changes no time but ends (or restarts) the reminders: a new revision.
  return a.startsAt === p.startsAt && a.endsAt === p.endsAt && a.undated === p.undated && (a.cancelled ?? false) === (p.cancelled ?? false);
}

/** A date prompt's id says so (`:p`), so it never meets a reminder with the same offset. */
function reminderId(activity: StoredActivity, reminder: PlannedReminder): string {
  const kind = reminder.purpose === 'date_prompt' ? 'p' : 'r';
  return `${activity.id}:${kind}${activity.revision}:${reminder.offsetDays}`;
}

/** The columns of migration 6, in the order the statements above list them. */
function detailValues(p: PlannedActivity): [string, string | null, string | null, string | null, string | null, number, number] {
  return [
    JSON.stringify(p.pairedOrganisationIds ?? []),
    p.format ?? null,
    p.meetingLink ?? null,
    p.window?.from ?? null,
    p.window?.to ?? null,
    p.undated ? 1 : 0,
    p.cancelled ? 1 : 0, // migration 10
  ];
}
