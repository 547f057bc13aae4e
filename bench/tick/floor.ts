/**
 * The SQLite floor under a tick, measured on the tick's own database connection (same file, same
 * pragmas, same page cache): what any implementation must at least do for the same due set.
 *
 * - Something due: one transaction that reads the due reminders through their index, marks each one
 *   as the tick did (queued / missed / cancelled), and inserts every delivery the tick inserted, with
 *   its key, target and payload, as a pending row. It commits, as the tick does.
 * - Sending it (sendFloor): per batch, one UPDATE that marks the batch as in flight, then each
 *   delivery marked sent in one commit; the dispatcher's own SQL is compared against that.
 * - Nothing due: one indexed "anything due?" statement over everything a tick has to ask about
 *   (reminders, evaluation rounds to open or close, nudges, the outbox).
 *
 * Fairness: the floor runs on the state the tick started from. After the tick, `undo` puts the due
 * reminders back to pending and deletes the deliveries it made (untimed); the floor runs; `undo` again;
 * and the tick runs a second time on that same state, so both see the same rows and an equally warm
 * cache. The database ends as after a normal tick.
 */
import type { Database } from 'better-sqlite3';

export interface DueKey {
  id: string;
  due_at: string;
}

interface MarkedReminder extends DueKey {
  status: string;
  handled_at: string | null;
}

/** A delivery row as the tick inserted it: the columns the floor's INSERT names, by name. */
type DeliveryRow = Record<string, string | null>;

/** What a tick did for one due set, read after it ran: enough to replay its writes and to undo them. */
export interface TickWrites {
  reminders: MarkedReminder[];
  deliveries: DeliveryRow[];
  firstDeliveryId: number;
}

const DUE_SQL = "SELECT id, due_at FROM reminders WHERE status = 'pending' AND due_at <= ? ORDER BY due_at";

/** The due set at `atIso` and where the tick's deliveries will begin; read before the tick. */
export function beforeTick(db: Database, atIso: string): { due: DueKey[]; firstDeliveryId: number } {
  const due = db.prepare(DUE_SQL).all(atIso) as DueKey[];
  const maxId = (db.prepare('SELECT MAX(id) FROM deliveries').pluck().get() as number | null) ?? 0;
  return { due, firstDeliveryId: maxId + 1 };
}

export function afterTick(db: Database, before: { due: DueKey[]; firstDeliveryId: number }): TickWrites {
  const status = db.prepare('SELECT id, due_at, status, handled_at FROM reminders WHERE due_at = ? AND id = ?');
  const reminders = before.due.map((r) => status.get(r.due_at, r.id) as MarkedReminder);
  const deliveries = db
    .prepare('SELECT idempotency_key, platform, workspace_id, programme_id, op, target, payload, next_attempt_at, created_at FROM deliveries WHERE id >= ? ORDER BY id')
    .all(before.firstDeliveryId) as DeliveryRow[];
  return { reminders, deliveries, firstDeliveryId: before.firstDeliveryId };
}

/** Puts the due set back as it was before the tick (untimed, committed). */
export function undo(db: Database, writes: TickWrites): void {
  const reset = db.prepare("UPDATE reminders SET status = 'pending', handled_at = NULL WHERE due_at = ? AND id = ?");
  const drop = db.prepare('DELETE FROM deliveries WHERE id >= ?');
  db.transaction(() => {
    for (const r of writes.reminders) reset.run(r.due_at, r.id);
    drop.run(writes.firstDeliveryId);
  }).immediate();
}

/**
 * Returns a function that does the floor's writes for `writes` in one IMMEDIATE transaction (as the
 * tick's) and returns its wall time in ms. Statements are prepared here, outside the timing.
 */
export function writeFloor(db: Database): (atIso: string, writes: TickWrites) => number {
  const due = db.prepare(DUE_SQL);
  const mark = db.prepare("UPDATE reminders SET status = ?, handled_at = ? WHERE due_at = ? AND id = ? AND status = 'pending'");
  const insert = db.prepare(
    `INSERT INTO deliveries (idempotency_key, platform, workspace_id, programme_id, op, target, payload, status, uncertain, next_attempt_at, created_at)
     VALUES (@idempotency_key, @platform, @workspace_id, @programme_id, @op, @target, @payload, 'pending', 0, @next_attempt_at, @created_at)`,
  );
  const run = db.transaction((atIso: string, writes: TickWrites) => {
    const read = due.all(atIso) as DueKey[];
    if (read.length !== writes.reminders.length) throw new Error(`floor: ${read.length} due, the tick had ${writes.reminders.length}`);
    for (const r of writes.reminders) mark.run(r.status, r.handled_at, r.due_at, r.id);
    for (const d of writes.deliveries) insert.run(d);
  });
  return (atIso, writes) => {
    const t = performance.now();
    run.immediate(atIso, writes);
    return performance.now() - t;
  };
}

/**
 * The floor under sending what a tick queued, with a platform that answers at once: only the writes a
 * durable outbox cannot skip. Per batch of `batchSize` (the dispatcher's claim size), the intent is
 * committed before the sends (one UPDATE marks the batch as being sent, so a crash leaves it
 * recognisably in flight), and the outcomes after them (each delivery marked sent, one commit). It
 * sends nothing and reads nothing back: the payloads are still in memory. Run right after
 * writeFloor, on the deliveries it inserted (ids from `firstDeliveryId` on); returns its wall time in ms.
 */
export function sendFloor(db: Database, batchSize: number): (writes: TickWrites) => number {
  const ids = db.prepare('SELECT id FROM deliveries WHERE id >= ? ORDER BY id').pluck();
  const claim = db.prepare(
    `UPDATE deliveries SET status = 'sending', claimed_by = 'floor', lease_until = @lease, attempts = attempts + 1, first_attempt_at = @now
     WHERE id IN (SELECT value FROM json_each(@ids)) AND status = 'pending'`,
  );
  const sent = db.prepare(
    "UPDATE deliveries SET status = 'sent', result_ref = ?, finished_at = ?, lease_until = NULL WHERE id = ? AND claimed_by = 'floor' AND status = 'sending'",
  );
  const outcomes = db.transaction((batch: number[], now: string) => {
    for (const id of batch) sent.run(`m${id}`, now, id);
  });
  return (writes) => {
    const all = ids.all(writes.firstDeliveryId) as number[];
    if (all.length !== writes.deliveries.length) throw new Error(`send floor: ${all.length} deliveries, the tick made ${writes.deliveries.length}`);
    const now = new Date().toISOString();
    const lease = new Date(Date.now() + 120_000).toISOString();
    const t = performance.now();
    for (let i = 0; i < all.length; i += batchSize) {
      const batch = all.slice(i, i + batchSize);
      claim.run({ ids: JSON.stringify(batch), now, lease });
      outcomes.immediate(batch, now);
    }
    return performance.now() - t;
  };
}

/** The bare "anything due?" question: one statement, every branch served by a partial index. */
export function idleFloor(db: Database): (atIso: string) => number {
  const anything = db
    .prepare(
      `SELECT EXISTS (SELECT 1 FROM reminders WHERE status = 'pending' AND due_at <= @now)
           OR EXISTS (SELECT 1 FROM evaluation_rounds WHERE status = 'pending' AND due_at <= @now)
           OR EXISTS (SELECT 1 FROM evaluation_rounds WHERE status = 'open' AND closes_at <= @now)
           OR EXISTS (SELECT 1 FROM evaluation_prompts WHERE nudge_status = 'pending' AND nudge_at <= @now)
           OR EXISTS (SELECT 1 FROM deliveries WHERE status = 'pending' AND next_attempt_at <= @now)
           OR EXISTS (SELECT 1 FROM deliveries WHERE status = 'sending' AND lease_until <= @now)`,
    )
    .pluck();
  return (atIso) => {
    const t = performance.now();
    const due = anything.get({ now: atIso });
    const ms = performance.now() - t;
    if (due !== 0) throw new Error('idle floor: something is due');
    return ms;
  };
}
