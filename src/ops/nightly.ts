import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import type { Logger } from '../logger.ts';
import type { Db } from '../store/db.ts';
import { backupDatabase, compactInstant, type DatabaseSummary } from './backup.ts';
import { readMark, setMark } from './store.ts';

export const NIGHTLY_MARK = 'nightly_backup';
const NAME = /^tovholder-\d{8}T\d{6}Z\.db$/;

export interface NightlySettings {
  dir: string;
  keep: number;
  /** Local time of day, HH:MM, in `zone`. */
  at: string;
  zone: string;
}

/**
 * The nightly backup as a scheduler pass: on the first tick at or after today's backup time (local, so
 * 02:30 stays 02:30 across daylight saving) it claims the night in the database and starts a backup in
 * the background; a bot that was down at 02:30 takes it at its first tick after. Then only the newest
 * `keep` backups stay. A failed backup is logged as an error and tried again the next night.
 */
export function nightlyBackupPass(db: Db, settings: NightlySettings, logger: Logger): { pass: (now: Date) => number; settled: () => Promise<void> } {
  let running: Promise<void> = Promise.resolve();
  const pass = (now: Date): number => {
    if (!claimTonight(db, settings, now)) return 0;
    const file = join(settings.dir, `tovholder-${compactInstant(now)}.db`);
    running = backUp(db.name, file, settings).then(
      (summary) => logger.info({ file, bytes: summary.bytes, integrity: summary.integrity, removed: summary.removed }, 'nightly backup written and verified'),
      (error: unknown) => logger.error({ err: error, file }, 'nightly backup failed; it is tried again next night'),
    );
    return 0; // it queues no deliveries
  };
  return { pass, settled: () => running };
}

async function backUp(dbPath: string, file: string, settings: NightlySettings): Promise<DatabaseSummary & { removed: string[] }> {
  mkdirSync(settings.dir, { recursive: true });
  const summary = await backupDatabase(dbPath, file);
  return { ...summary, removed: prune(settings.dir, settings.keep) };
}

/** Marks tonight's backup as taken, in one transaction, unless it is not due or already taken. */
function claimTonight(db: Db, settings: NightlySettings, now: Date): boolean {
  const [hour, minute] = settings.at.split(':').map(Number) as [number, number];
  const slot = DateTime.fromJSDate(now, { zone: settings.zone }).set({ hour, minute, second: 0, millisecond: 0 });
  if (now.getTime() < slot.toMillis()) return false;
  return db.transaction(() => {
    const last = readMark(db, NIGHTLY_MARK);
    if (last && Date.parse(last.at) >= slot.toMillis()) return false;
    setMark(db, NIGHTLY_MARK, now);
    return true;
  }).immediate();
}

/** Deletes all but the newest `keep` nightly backups (the names sort by time); returns the deleted. */
function prune(dir: string, keep: number): string[] {
  const backups = readdirSync(dir).filter((name) => NAME.test(name)).sort();
  const old = backups.slice(0, Math.max(0, backups.length - keep));
  for (const name of old) rmSync(join(dir, name), { force: true });
  return old;
}
