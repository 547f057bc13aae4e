import type { Db } from '../../src/store/db.ts';
import { stmt } from '../../src/store/statements.ts';

/** Slack's rule for a request's timestamp: at most five minutes from now, either way. */
export const SIGNATURE_WINDOW_SECONDS = 5 * 60;

/** A signature is kept twice the window: by then its timestamp is refused as stale anyway. */
const KEEP_SECONDS = 2 * SIGNATURE_WINDOW_SECONDS;
/** How often the memory and the table drop what is older than KEEP_SECONDS. */
const PRUNE_EVERY_SECONDS = 60;

/**
 * The signatures of the signed requests accepted in the last minutes, so a replay is refused, also
 * after a restart. A signature covers the timestamp and the body, so a request Slack itself sends
 * again (an Events API retry, X-Slack-Retry-Num) has a new one and passes; its event is deduplicated
 * by event_id as before.
 *
 * The answer comes from memory (a map, bounded: only timestamps within the window are accepted, and
 * entries older than twice the window are dropped once a minute). A per-request SQLite transaction on
 * the thread that acks cost about 0.3 ms of CPU per request (issue #16's ack profile), so the table
 * is written behind: the signatures accepted in one turn of the event loop go in one transaction at
 * the end of that turn (setImmediate), and `flush` writes what is left when the adapter closes.
 *
 * Restart rule: a new process loads the table's last ten minutes into memory before it serves, so a
 * replay within the five-minute window is refused after a stop, an upgrade, or a crash that comes
 * later than the turn in which the request was accepted. Only a crash inside that very turn (before
 * its batch is written, microseconds) can forget a signature: the same order as what WAL with
 * `synchronous = NORMAL` may already lose of the last commits at a power cut.
 */
export class SeenSignatures {
  private readonly recent = new Map<string, number>();
  private pending: [signature: string, requestTs: number][] = [];
  private flushScheduled: NodeJS.Immediate | null = null;
  private nextPruneAt = 0;

  constructor(
    private readonly db: Db,
    /** A failed write is reported, not thrown: memory still refuses replays while this process runs. */
    private readonly onWriteError: (error: unknown) => void,
    nowSeconds = Math.floor(Date.now() / 1000),
  ) {
    db.exec(`CREATE TABLE IF NOT EXISTS slack_request_signatures (
      signature  TEXT PRIMARY KEY,
      request_ts INTEGER NOT NULL
    ) WITHOUT ROWID`);
    db.exec('CREATE INDEX IF NOT EXISTS slack_request_signatures_ts ON slack_request_signatures (request_ts)');
    const rows = stmt(db, 'SELECT signature, request_ts AS ts FROM slack_request_signatures WHERE request_ts >= ?').all(nowSeconds - KEEP_SECONDS) as { signature: string; ts: number }[];
    for (const row of rows) this.recent.set(row.signature, row.ts);
  }

  /** Records a signature; false if it was seen before (a replay). */
  remember(signature: string, requestTs: number, nowSeconds: number): boolean {
    if (nowSeconds >= this.nextPruneAt) this.prune(nowSeconds);
    if (this.recent.has(signature)) return false;
    this.recent.set(signature, requestTs);
    this.pending.push([signature, requestTs]);
    this.flushScheduled ??= setImmediate(() => this.flush());
    return true;
  }

  /** Writes the signatures accepted since the last write, in one transaction. */
  flush(): void {
    if (this.flushScheduled) clearImmediate(this.flushScheduled);
    this.flushScheduled = null;
    // The core closed its database without closing the adapter first (`tovholder start` closes the
    // adapters first): this last turn's signatures are lost, as in a crash within the turn.
    if (this.pending.length === 0 || !this.db.open) return;
    const batch = this.pending;
    this.pending = [];
    try {
      const insert = stmt(this.db, 'INSERT INTO slack_request_signatures (signature, request_ts) VALUES (?, ?) ON CONFLICT (signature) DO NOTHING');
      this.db.transaction(() => {
        for (const [signature, requestTs] of batch) insert.run(signature, requestTs);
      })();
    } catch (error) {
      this.onWriteError(error);
    }
  }

  private prune(nowSeconds: number): void {
    this.nextPruneAt = nowSeconds + PRUNE_EVERY_SECONDS;
    const cutoff = nowSeconds - KEEP_SECONDS;
    for (const [signature, ts] of this.recent) if (ts < cutoff) this.recent.delete(signature);
    try {
      stmt(this.db, 'DELETE FROM slack_request_signatures WHERE request_ts < ?').run(cutoff);
    } catch (error) {
      this.onWriteError(error);
    }
  }
}
