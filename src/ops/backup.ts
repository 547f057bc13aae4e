import Database from 'better-sqlite3';
import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { migrations } from '../store/migrations.ts';

/** A backup or restore that cannot go ahead; the message says why and what to do. */
export class BackupError extends Error {
  readonly code = 'backup_refused';
}

export interface DatabaseSummary {
  /** PRAGMA integrity_check's answer: "ok". */
  integrity: string;
  schemaVersion: number;
  programmes: number;
  deliveries: number;
  bytes: number;
}

/**
 * An online backup through SQLite's backup API, while the bot keeps running. It reads through a
 * connection of its own (read-only), so it needs nothing from the bot and survives the bot's core
 * closing. All pages are copied in one step: a step is one read transaction, so the copy is one
 * consistent snapshot, the -wal file's committed transactions included, however busy the bot is
 * (copied a hundred pages at a time, each write by the bot would restart it). The copy is written
 * beside the target, verified, made a self-contained file (no -wal), and only then given its name.
 */
export async function backupDatabase(sourcePath: string, file: string): Promise<DatabaseSummary> {
  if (!existsSync(sourcePath)) throw new BackupError(`There is no database at ${sourcePath} (TOVHOLDER_DB).`);
  if (existsSync(file)) throw new BackupError(`${file} exists already; choose a new file name (a backup never overwrites one).`);
  const partial = `${file}.partial`;
  rmSync(partial, { force: true });
  const source = new Database(sourcePath, { readonly: true, fileMustExist: true });
  try {
    await source.backup(partial, { progress: () => ALL_PAGES });
  } catch (error) {
    rmSync(partial, { force: true });
    throw new BackupError(`The backup could not be written to ${file}: ${(error as Error).message}`);
  } finally {
    source.close();
  }
  try {
    selfContained(partial);
    const summary = verifyDatabaseFile(partial);
    renameSync(partial, file);
    return summary;
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
}

/** sqlite3_backup_step's "all remaining pages" within the 32-bit range better-sqlite3 accepts. */
const ALL_PAGES = 0x7fffffff;

/** A copy of a WAL database is a WAL database: switching it to a rollback journal makes it one file. */
function selfContained(file: string): void {
  const db = new Database(file, { fileMustExist: true });
  try {
    db.pragma('journal_mode = DELETE');
  } finally {
    db.close();
  }
}

/**
 * Checks that a file is a sound Tovholder database: SQLite's integrity check passes, it has our
 * migrations table, and no migration newer than this version of Tovholder knows.
 */
export function verifyDatabaseFile(file: string): DatabaseSummary {
  if (!existsSync(file)) throw new BackupError(`There is no file ${file}.`);
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new BackupError(`${file} cannot be opened as a database: ${(error as Error).message}`);
  }
  try {
    const integrity = readIntegrity(db, file);
    if (integrity !== 'ok') throw new BackupError(`${file} is damaged (PRAGMA integrity_check: ${integrity}).`);
    const hasMigrations = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get();
    if (!hasMigrations) throw new BackupError(`${file} is an SQLite database, but not Tovholder's (it has no schema_migrations table).`);
    const schemaVersion = (db.prepare('SELECT MAX(version) FROM schema_migrations').pluck().get() as number | null) ?? 0;
    const known = Math.max(...migrations.map((m) => m.version));
    if (schemaVersion > known) throw new BackupError(`${file} is from a newer Tovholder (schema version ${schemaVersion}; this one knows up to ${known}). Upgrade Tovholder first.`);
    const count = (table: string) => db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;
    return { integrity, schemaVersion, programmes: count('programmes'), deliveries: count('deliveries'), bytes: statSync(file).size };
  } finally {
    db.close();
  }
}

function readIntegrity(db: Database.Database, file: string): string {
  try {
    return (db.pragma('integrity_check') as { integrity_check: string }[]).map((row) => row.integrity_check).join('; ');
  } catch (error) {
    // "file is not a database", "database disk image is malformed"
    throw new BackupError(`${file} is not a readable database: ${(error as Error).message}`);
  }
}

/** Moves a database with its -wal and -shm files, so the moved one still opens with every commit. */
export function moveDatabase(from: string, to: string): void {
  renameSync(from, to);
  for (const suffix of ['-wal', '-shm']) if (existsSync(`${from}${suffix}`)) renameSync(`${from}${suffix}`, `${to}${suffix}`);
}

/** 2026-12-04T16:30:05.123Z -> 20261204T163005Z: sorts by time and is safe in a file name. */
export function compactInstant(at: Date): string {
  return at.toISOString().replace(/\.\d+Z$/, 'Z').replace(/[-:]/g, '');
}
