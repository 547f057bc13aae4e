import { resolve } from 'node:path';
import type { Clock } from '../src/clock.ts';
import type { Config } from '../src/config.ts';
import { backupDatabase, type DatabaseSummary } from '../src/ops/backup.ts';
import { restoreDatabase } from '../src/ops/restore.ts';

/** `tovholder backup <file>`: an online, verified copy of TOVHOLDER_DB, also while the bot runs. */
export async function runBackup(config: Config, file: string): Promise<void> {
  const summary = await backupDatabase(config.TOVHOLDER_DB, resolve(file));
  process.stdout.write(`Backup written to ${resolve(file)} and verified (PRAGMA integrity_check: ${summary.integrity}).\n${describe(summary)}\n`);
}

/** `tovholder restore <file>`: puts a backup in place of TOVHOLDER_DB, keeping the old one beside it. */
export async function runRestore(config: Config, file: string, clock: Clock): Promise<void> {
  const result = await restoreDatabase({ backup: resolve(file), dbPath: config.TOVHOLDER_DB, clock });
  const kept = result.keptAs ? `The database it replaced is kept as ${result.keptAs}.` : 'There was no database before.';
  process.stdout.write(`Restored ${resolve(file)} to ${config.TOVHOLDER_DB} (PRAGMA integrity_check: ${result.integrity}).\n${describe(result)}\n${kept}\n`);
}

function describe(summary: DatabaseSummary): string {
  return `${(summary.bytes / 1024).toFixed(0)} KiB, schema version ${summary.schemaVersion}, ${summary.programmes} programme(s), ${summary.deliveries} deliveries.`;
}
