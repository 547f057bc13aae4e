import Database from 'better-sqlite3';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Clock } from '../clock.ts';
import { BackupError, compactInstant, moveDatabase, verifyDatabaseFile, type DatabaseSummary } from './backup.ts';
import { liveLeaseHolder } from './lease.ts';

export interface RestoreResult extends DatabaseSummary {
  /** Where the database that was replaced is kept (with its -wal), or null if there was none. */
  keptAs: string | null;
}

/**
 * Puts a backup in place of the database. Refuses while a bot runs on it (its lease is live), and
 * refuses a backup that is damaged, not Tovholder's, or from a newer version, before touching anything.
 * The replaced database is kept beside it as `<db>.before-restore-<instant>`, so a restore of the
 * wrong file can itself be undone.
 */
export async function restoreDatabase(options: { backup: string; dbPath: string; clock: Clock }): Promise<RestoreResult> {
  const { backup, dbPath, clock } = options;
  verifyDatabaseFile(backup);
  let keptAs: string | null = null;
  if (existsSync(dbPath)) {
    const running = liveLeaseHolder(dbPath, clock);
    if (running) {
      throw new BackupError(`A Tovholder is running on ${dbPath} (${running.holder}, seen ${running.ageSeconds} s ago). Stop it first (systemctl stop tovholder, docker compose stop), then restore.`);
    }
    keptAs = `${dbPath}.before-restore-${compactInstant(clock.now())}`;
    moveDatabase(dbPath, keptAs);
  }
  mkdirSync(dirname(dbPath), { recursive: true });
  const source = new Database(backup, { readonly: true, fileMustExist: true });
  try {
    await source.backup(dbPath);
  } catch (error) {
    if (keptAs) moveDatabase(keptAs, dbPath);
    throw new BackupError(`The backup could not be copied to ${dbPath}: ${(error as Error).message}. The database is unchanged.`);
  } finally {
    source.close();
  }
  markUnsentUncertain(dbPath);
  return { ...verifyDatabaseFile(dbPath), keptAs };
}

/**
 * The restored outbox is as it was at the backup's moment: what was still to be sent then may have gone
 * out since. Marked uncertain, each is checked with the platform before it is sent (where the platform
 * can tell, as Slack can by message metadata), as after a crash.
 */
function markUnsentUncertain(dbPath: string): void {
  const db = new Database(dbPath, { fileMustExist: true });
  try {
    db.prepare("UPDATE deliveries SET uncertain = 1 WHERE status IN ('pending', 'sending')").run();
  } finally {
    db.close();
  }
}
