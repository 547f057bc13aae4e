import { stmt } from '../store/statements.ts';
import type { Db } from '../store/db.ts';
import type { Delivery, DeliveryStatus, NewDelivery } from './types.ts';

/**
 * Every read of a delivery names these columns and reads them by position (`.raw()`): for the claim,
 * building an object with a property per column cost more than the UPDATE itself (issue #16). Not
 * `op`: the payload carries it.
 */
const DELIVERY_COLUMNS =
  'id, idempotency_key, platform, workspace_id, programme_id, target, payload, status, attempts, uncertain, next_attempt_at, first_attempt_at, last_error, result_ref, created_at';

type DeliveryValues = [number, string, string, string, string | null, string, string, string, number, number, string, string | null, string | null, string | null, string];

function toDelivery(v: DeliveryValues): Delivery {
  return {
    id: v[0],
    idempotencyKey: v[1],
    platform: v[2],
    workspaceId: v[3],
    programmeId: v[4],
    target: JSON.parse(v[5]),
    payload: JSON.parse(v[6]),
    status: v[7] as DeliveryStatus,
    attempts: v[8],
    uncertain: v[9] === 1,
    nextAttemptAt: v[10],
    firstAttemptAt: v[11],
    lastError: v[12],
    resultRef: v[13],
    createdAt: v[14],
  };
}

/**
 * The durable outbox table. Every state change is one guarded UPDATE, so two dispatchers (threads or
 * processes) sharing the database can never both own a delivery.
 */
export class DeliveryRepository {
  constructor(private readonly db: Db) {}

  /** Inserts unless the idempotency key exists; returns whether a row was added. */
  enqueue(delivery: NewDelivery, now: Date): boolean {
    const created = now.toISOString();
    const at = delivery.notBefore ? delivery.notBefore.toISOString() : created;
    const result = stmt(this.db, 
        `INSERT INTO deliveries (idempotency_key, platform, workspace_id, programme_id, op, target, payload,
           status, uncertain, next_attempt_at, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?)
         ON CONFLICT (idempotency_key) DO NOTHING`,
      )
      .run(
        delivery.idempotencyKey,
        delivery.platform,
        delivery.workspaceId,
        delivery.programmeId,
        delivery.payload.op,
        JSON.stringify(delivery.target),
        JSON.stringify(delivery.payload),
        delivery.uncertain ? 1 : 0,
        at,
        created,
      );
    return result.changes === 1;
  }

  /**
   * Replaces what a delivery will post, if nothing of it can have reached the platform yet (pending and
   * not uncertain); false otherwise. For a welcome whose facts changed before it went out.
   */
  replacePendingPayload(key: string, payload: NewDelivery['payload']): boolean {
    const result = stmt(this.db, "UPDATE deliveries SET payload = ? WHERE idempotency_key = ? AND op = ? AND status = 'pending' AND uncertain = 0")
      .run(JSON.stringify(payload), key, payload.op);
    return result.changes === 1;
  }

  /**
   * Withdraws the deliveries under a key prefix that nothing of can have reached the platform yet
   * (pending, not uncertain), except `keep`: an announcement superseded before it went out.
   */
  withdrawPending(keyPrefix: string, keep: string): number {
    // A range on the unique key's index, not LIKE (which would scan every delivery ever sent).
    const result = stmt(this.db, 
        `DELETE FROM deliveries WHERE idempotency_key >= @prefix AND idempotency_key < @prefix || char(1114111)
           AND idempotency_key <> @keep AND status = 'pending' AND uncertain = 0`,
      )
      .run({ prefix: keyPrefix, keep });
    return result.changes;
  }

  /**
   * Withdraws a programme's direct messages to a member that nothing of can have reached the platform
   * (pending, not uncertain): for a member who leaves (`fjern`). A send that may be under way is left be.
   */
  withdrawPendingToMember(programmeId: string, memberId: string): number {
    const target = JSON.stringify({ type: 'member', id: memberId });
    return stmt(this.db, "DELETE FROM deliveries WHERE programme_id = ? AND target = ? AND status = 'pending' AND uncertain = 0")
      .run(programmeId, target).changes;
  }

  /**
   * Atomically takes up to `limit` due deliveries: pending ones whose time has come, and ones whose
   * sender's lease ran out (it crashed mid-send: the outcome is unknown, so they become uncertain).
   * Each branch takes its first `limit` rows in index order (the rowid breaks ties), so only those are
   * sorted: sorting every due row made a burst of n deliveries cost O(n²) over its n / limit claims.
   */
  claim(worker: string, now: Date, leaseMs: number, limit: number): Delivery[] {
    const nowIso = now.toISOString();
    const rows = stmt(this.db, 
        `UPDATE deliveries
         SET uncertain = CASE WHEN status = 'sending' THEN 1 ELSE uncertain END,
             status = 'sending', claimed_by = @worker, lease_until = @lease, attempts = attempts + 1,
             first_attempt_at = COALESCE(first_attempt_at, @now)
         WHERE id IN (
           SELECT id FROM (
             SELECT * FROM (SELECT id, next_attempt_at AS t FROM deliveries WHERE status = 'pending' AND next_attempt_at <= @now
                            ORDER BY next_attempt_at, id LIMIT @limit)
             UNION ALL
             SELECT * FROM (SELECT id, lease_until AS t FROM deliveries WHERE status = 'sending' AND lease_until <= @now
                            ORDER BY lease_until, id LIMIT @limit)
           ) ORDER BY t, id LIMIT @limit)
         RETURNING ${DELIVERY_COLUMNS}`,
      )
      .raw()
      .all({ worker, now: nowIso, lease: new Date(now.getTime() + leaseMs).toISOString(), limit }) as DeliveryValues[];
    return rows.map(toDelivery).sort((a, b) => a.id - b.id);
  }

  /**
   * Whether claim() would find anything, read without taking the write lock: an idle pass (every minute,
   * and after every command) then costs two index probes instead of a write transaction.
   */
  anyDue(now: Date): boolean {
    return (
      stmt(this.db,
        `SELECT EXISTS (SELECT 1 FROM deliveries WHERE status = 'pending' AND next_attempt_at <= @now)
             OR EXISTS (SELECT 1 FROM deliveries WHERE status = 'sending' AND lease_until <= @now)`,
      )
        .pluck()
        .get({ now: now.toISOString() }) === 1
    );
  }

  /**
   * Extends this worker's lease just before it works on the delivery; false if the lease ran out and
   * another worker has taken the delivery over (or finished it) meanwhile.
   */
  renewLease(id: number, worker: string, until: Date): boolean {
    return (
      stmt(this.db, `UPDATE deliveries SET lease_until = ? WHERE id = ? AND claimed_by = ? AND status = 'sending'`)
        .run(until.toISOString(), id, worker).changes === 1
    );
  }

  markSent(id: number, worker: string, resultRef: string | null, now: Date): void {
    stmt(this.db, 
        `UPDATE deliveries SET status = 'sent', result_ref = ?, finished_at = ?, lease_until = NULL, last_error = NULL
         WHERE id = ? AND claimed_by = ? AND status = 'sending'`,
      )
      .run(resultRef, now.toISOString(), id, worker);
  }

  /**
   * Puts a claimed delivery back for later. `countAttempt: false` is for waits that are not failures
   * (pacing, Retry-After, a channel not created yet), so they never use up the attempts.
   */
  retryAt(id: number, worker: string, at: Date, error: string | null, opts: { countAttempt: boolean; uncertain?: boolean }): void {
    stmt(this.db, 
        `UPDATE deliveries SET status = 'pending', next_attempt_at = ?, lease_until = NULL, last_error = COALESCE(?, last_error),
           attempts = attempts - ?, uncertain = MAX(uncertain, ?)
         WHERE id = ? AND claimed_by = ? AND status = 'sending'`,
      )
      .run(at.toISOString(), error, opts.countAttempt ? 0 : 1, opts.uncertain ? 1 : 0, id, worker);
  }

  markFailed(id: number, worker: string, error: string, now: Date): void {
    stmt(this.db, 
        `UPDATE deliveries SET status = 'failed', last_error = ?, finished_at = ?, lease_until = NULL
         WHERE id = ? AND claimed_by = ? AND status = 'sending'`,
      )
      .run(error, now.toISOString(), id, worker);
  }

  get(id: number): Delivery | undefined {
    const row = stmt(this.db, `SELECT ${DELIVERY_COLUMNS} FROM deliveries WHERE id = ?`).raw().get(id) as DeliveryValues | undefined;
    return row && toDelivery(row);
  }

  byKey(key: string): Delivery | undefined {
    const row = stmt(this.db, `SELECT ${DELIVERY_COLUMNS} FROM deliveries WHERE idempotency_key = ?`).raw().get(key) as DeliveryValues | undefined;
    return row && toDelivery(row);
  }

  /** Whether a delivery with this key exists (any status): lets a caller skip building what enqueue would drop. */
  exists(key: string): boolean {
    return stmt(this.db, 'SELECT EXISTS (SELECT 1 FROM deliveries WHERE idempotency_key = ?)').pluck().get(key) === 1;
  }

  /** The platform id of what a delivery made (e.g. a message), without reading its payload. */
  resultRef(key: string): string | null {
    return (stmt(this.db, 'SELECT result_ref FROM deliveries WHERE idempotency_key = ?').pluck().get(key) as string | null | undefined) ?? null;
  }

  listForProgramme(programmeId: string, status?: DeliveryStatus): Delivery[] {
    const rows = (status
      ? stmt(this.db, `SELECT ${DELIVERY_COLUMNS} FROM deliveries WHERE programme_id = ? AND status = ? ORDER BY id`).raw().all(programmeId, status)
      : stmt(this.db, `SELECT ${DELIVERY_COLUMNS} FROM deliveries WHERE programme_id = ? ORDER BY id`).raw().all(programmeId)) as DeliveryValues[];
    return rows.map(toDelivery);
  }

  /** How many of a programme's deliveries are in each status (for `status`, without loading them). */
  countByStatus(programmeId: string): Record<DeliveryStatus, number> {
    const counts = { pending: 0, sending: 0, sent: 0, failed: 0 } as Record<DeliveryStatus, number>;
    const rows = stmt(this.db, 'SELECT status, COUNT(*) AS n FROM deliveries WHERE programme_id = ? GROUP BY status').all(programmeId) as { status: DeliveryStatus; n: number }[];
    for (const row of rows) counts[row.status] = row.n;
    return counts;
  }

  /** The earliest instant at which something will be due, for the dispatcher's next wake-up. */
  nextDueAt(): string | null {
    return stmt(this.db, 
        `SELECT MIN(t) FROM (
           SELECT MIN(next_attempt_at) AS t FROM deliveries WHERE status = 'pending'
           UNION ALL SELECT MIN(lease_until) FROM deliveries WHERE status = 'sending')`,
      )
      .pluck()
      .get() as string | null;
  }
}
