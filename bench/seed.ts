import { randomUUID } from 'node:crypto';
import { programmeSettingsSchema } from '../src/domain/entities.ts';
import { openDatabase } from '../src/store/db.ts';
import { TemplateRegistry } from '../src/templates/registry.ts';
import { snapshotOf } from '../src/templates/snapshot.ts';
import { planProgramme } from '../src/timeline/plan.ts';

export interface SeedOptions {
  programmes: number;
  partnershipsPerProgramme: number;
  /** Old, already sent deliveries, so the outbox looks like it does a few months in. */
  historyDeliveries: number;
  /** Each programme's reminder time, in turn (default: a spread of times, as consultants set them). */
  reminderTimes?: readonly string[];
}

export interface SeedResult {
  programmes: number;
  partnerships: number;
  members: number;
  activities: number;
  pendingReminders: number;
  historyDeliveries: number;
  firstDueAt: string;
  lastDueAt: string;
  buildMs: number;
}

// Consultants set their own reminder times and how many working days ahead they want reminders.
const REMINDER_TIMES = ['07:45', '08:00', '08:15', '08:30', '08:45', '09:00', '09:15', '09:30', '10:00', '12:00', '13:00'];
const REMINDER_PROFILE = {
  workshop: [15, 10, 5, 1],
  visit: [15, 10, 5, 3, 1],
  dialogue: [15, 10, 5, 3, 1],
  draft: [10, 5, 3, 1],
  adjustment: [5, 2, 1],
  milestone: [10, 5, 1],
  task: [10, 5, 1],
};

/**
 * Builds a database shaped like production: programmes of the built-in template, started over a span
 * of weeks, each planned by the real timeline code (working days, holidays, pairings), with every
 * reminder pending. Rows are inserted directly with prepared statements in one transaction.
 */
export function seedDatabase(path: string, options: SeedOptions): SeedResult {
  const started = performance.now();
  const db = openDatabase(path);
  const template = new TemplateRegistry().get('smaa-partnerskaber')!;
  // Every programme keeps the snapshot of its template, as `opret` stores it: one shared row of ~20 KB.
  const snapshot = Number(db.prepare('INSERT INTO template_snapshots (json) VALUES (?)').run(snapshotOf(template)).lastInsertRowid);
  const insert = {
    programme: db.prepare(
      `INSERT INTO programmes (id, platform, workspace_id, name, template_id, start_date, timezone, locale, settings, channel_ref, created_by, created_at, snapshot_id)
       VALUES (?, 'slack', ?, ?, ?, ?, 'Europe/Copenhagen', 'da', ?, ?, ?, ?, ?)`,
    ),
    partnership: db.prepare(
      `INSERT INTO partnerships (id, programme_id, name, cultural_institution, daycare, position, keywords, channel_ref)
       VALUES (?, ?, ?, ?, ?, ?, '[]', ?)`,
    ),
    member: db.prepare(
      `INSERT INTO members (id, programme_id, partnership_id, role, user_ref, email, display_name, locale, dm_ref)
       VALUES (?, ?, ?, ?, ?, NULL, ?, NULL, ?)`,
    ),
    activity: db.prepare(
      `INSERT INTO activities (id, programme_id, partnership_id, plan_key, step_key, kind, audience, paired_partnership_id,
         local_date, starts_at, ends_at, location, pinned, revision)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, 0, 0)`,
    ),
    reminder: db.prepare(`INSERT INTO reminders (id, activity_id, revision, offset_days, due_at, status) VALUES (?, ?, 0, ?, ?, 'pending')`),
    delivery: db.prepare(
      `INSERT INTO deliveries (idempotency_key, platform, workspace_id, programme_id, op, target, payload, status, attempts,
         next_attempt_at, claimed_by, first_attempt_at, result_ref, created_at, finished_at)
       VALUES (?, 'slack', ?, ?, 'post', ?, ?, 'sent', 1, ?, 'old-worker', ?, ?, ?, ?)`,
    ),
  };
  const times = options.reminderTimes ?? REMINDER_TIMES;
  const counts = { programmes: 0, partnerships: 0, members: 0, activities: 0, pendingReminders: 0, historyDeliveries: 0 };
  const programmeIds: string[] = [];
  db.transaction(() => {
    for (let k = 0; k < options.programmes; k++) {
      const id = randomUUID();
      const workspace = `T${k % 40}`;
      // Starts spread over ten weeks of Mondays, so the reminders cover about seven months.
      const start = new Date(Date.UTC(2027, 0, 4 + 7 * (k % 10))).toISOString().slice(0, 10);
      const settings = programmeSettingsSchema.parse({ reminderTime: times[k % times.length], reminders: REMINDER_PROFILE });
      insert.programme.run(id, workspace, `Forløb ${k}`, template.id, start, JSON.stringify(settings), `CP${k}`, `U${k}-0`, '2026-10-01T08:00:00.000Z', snapshot);
      insert.member.run(randomUUID(), id, null, 'consultant', `U${k}-0`, `Konsulent ${k}`, `D-U${k}-0`);
      counts.programmes += 1;
      counts.members += 1;
      programmeIds.push(id);
      const partnerships = Array.from({ length: options.partnershipsPerProgramme }, (_, i) => ({ id: randomUUID(), position: i }));
      for (const p of partnerships) {
        insert.partnership.run(p.id, id, `Partnerskab ${p.position + 1}`, `Museum ${p.position + 1}`, `Børnehus ${p.position + 1}`, p.position, `C${k}-${p.position}`);
        insert.member.run(randomUUID(), id, p.id, 'culture_staff', `U${k}-c${p.position}`, `Formidler ${p.position + 1}`, `D-U${k}-c${p.position}`);
        insert.member.run(randomUUID(), id, p.id, 'daycare_staff', `U${k}-d${p.position}`, `Pædagog ${p.position + 1}`, `D-U${k}-d${p.position}`);
        counts.partnerships += 1;
        counts.members += 2;
      }
      const plan = planProgramme({ template, startDate: start, timezone: 'Europe/Copenhagen', partnerships, overrides: [], settings });
      for (const a of plan.activities) {
        const activityId = `${id}:${a.key}`;
        insert.activity.run(activityId, id, a.partnershipId, a.key, a.stepKey, a.kind, a.audience, a.pairedPartnershipId, a.date, a.startsAt, a.endsAt);
        counts.activities += 1;
        for (const r of a.reminders) {
          insert.reminder.run(`${activityId}:r0:${r.offsetDays}`, activityId, r.offsetDays, r.dueAt);
          counts.pendingReminders += 1;
        }
      }
    }
    for (let i = 0; i < options.historyDeliveries; i++) {
      const programmeId = programmeIds[i % programmeIds.length]!;
      const at = new Date(Date.UTC(2026, 9, 1) + i * 60_000).toISOString();
      const payload = JSON.stringify({ op: 'post', message: { text: `Velkommen ${i}`, blocks: [{ type: 'section', text: `Velkommen ${i}` }] } });
      insert.delivery.run(`history:${i}`, 'T0', programmeId, JSON.stringify({ type: 'channel', channelRef: `C${i % 500}` }), payload, at, at, `m${i}`, at, at);
      counts.historyDeliveries += 1;
    }
  }).immediate();
  const range = db.prepare("SELECT MIN(due_at) AS first, MAX(due_at) AS last FROM reminders WHERE status = 'pending'").get() as { first: string; last: string };
  db.close();
  return { ...counts, firstDueAt: range.first, lastDueAt: range.last, buildMs: performance.now() - started };
}
