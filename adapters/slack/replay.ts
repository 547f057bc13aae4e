import type { Db } from '../../src/store/db.ts';
import { stmt } from '../../src/store/statements.ts';

/** Slack's rule for a request's timestamp: at most five minutes from now, either way. */
export const SIGNATURE_WINDOW_SECONDS = 5 * 60;

/**
 * The signatures of the signed requests accepted in the last minutes, in the database, so a replay is
 * refused also after a restart. A signature covers the timestamp and the body, so a request Slack
 * itself sends again (an Events API retry, X-Slack-Retry-Num) has a new one and passes; its event is
 * deduplicated by event_id as before. Rows older than twice the window are pruned as requests come:
 * by then their timestamps are refused as stale anyway.
 */
export class SeenSignatures {
  constructor(private readonly db: Db) {
    db.exec(`CREATE TABLE IF NOT EXISTS slack_request_signatures (
      signature  TEXT PRIMARY KEY,
      request_ts INTEGER NOT NULL
    ) WITHOUT ROWID`);
    db.exec('CREATE INDEX IF NOT EXISTS slack_request_signatures_ts ON slack_request_signatures (request_ts)');
  }

  /** Records a signature; false if it was seen before (a replay). */
  remember(signature: string, requestTs: number, nowSeconds: number): boolean {
    return this.db.transaction(() => {
      stmt(this.db, 'DELETE FROM slack_request_signatures WHERE request_ts < ?').run(nowSeconds - 2 * SIGNATURE_WINDOW_SECONDS);
      return stmt(this.db, 'INSERT INTO slack_request_signatures (signature, request_ts) VALUES (?, ?) ON CONFLICT (signature) DO NOTHING').run(signature, requestTs).changes === 1;
    })();
  }
}
