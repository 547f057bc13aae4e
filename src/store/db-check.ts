import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Clock } from '../clock.ts';
import { openDatabase } from './db.ts';

/**
 * The database cannot be used: one sentence that names TOVHOLDER_DB and says what is wrong, for the
 * person starting the bot (the command line prints it and exits 1, without a stack trace).
 */
export class DatabaseUnusableError extends Error {
  readonly code = 'database_unusable';
}

/**
 * Opens the database once at start-up as the bot will (folder, file, WAL, migrations) and runs
 * `PRAGMA quick_check`, so a broken file is reported here rather than discovered by users as commands
 * that are acknowledged and never answered. quick_check reads every page once but skips the index
 * cross-checks of integrity_check: about 0.5 s for a 1 GB file in the page cache (see README, "The database").
 */
export function checkDatabase(path: string, clock?: Clock): void {
  let db;
  try {
    db = openDatabase(path, clock);
  } catch (error) {
    throw new DatabaseUnusableError(explain(path, error));
  }
  try {
    // SQLite opens a file it may not write read-only without a word, and with no migration pending
    // nothing has written yet: rewriting the header's user_version (unchanged) makes it say so now.
    db.pragma(`user_version = ${Number(db.pragma('user_version', { simple: true }))}`);
    const problems = db.pragma('quick_check(3)', { simple: false }) as { quick_check: string }[];
    // Findings come as "*** in database main ***\nPage 12: ..." lines: one sentence needs one line.
    const found = problems.map((row) => row.quick_check.replace(/\*\*\* in database \w+ \*\*\*/, '').replace(/\s+/g, ' ').trim()).filter((line) => line !== 'ok');
    if (found.length > 0) throw new DatabaseUnusableError(damaged(path, found.join('; ')));
  } catch (error) {
    if (error instanceof DatabaseUnusableError) throw error;
    throw new DatabaseUnusableError(explain(path, error));
  } finally {
    db.close();
  }
}

/** The sentence for an error from opening or checking `path`, by looking at what is there. */
function explain(path: string, error: unknown): string {
  const code = (error as { code?: string }).code ?? '';
  const name = `TOVHOLDER_DB (${resolve(path)})`;
  if (code === 'SQLITE_NOTADB') return `${name} is not an SQLite database: point TOVHOLDER_DB at Tovholder's database file, or restore it from a backup.`;
  if (code.startsWith('SQLITE_CORRUPT')) return damaged(path, (error as Error).message);
  const blocker = fileInTheWay(path);
  if (blocker) return `${name} cannot be created: ${blocker} is a file, not a folder, so point TOVHOLDER_DB at a path in a folder.`;
  if (isFolder(path)) return `${name} is a folder: point TOVHOLDER_DB at a file in it, e.g. ${resolve(path, 'tovholder.db')}.`;
  const folder = dirname(resolve(path));
  if (!existsSync(folder)) return `${name} cannot be created: the folder ${folder} does not exist and could not be created (${code || (error as Error).message}).`;
  if (code.startsWith('SQLITE_READONLY') || (existsSync(path) && !writable(path))) {
    return `${name} is read-only: the user running Tovholder must be able to write to it (and to the folder it is in, for its -wal file).`;
  }
  if (!writable(folder)) return `${name} cannot be used: the folder ${folder} is not writable for the user running Tovholder, who must create the database and its -wal file there.`;
  return `${name} cannot be opened or created in ${folder} (SQLite: ${(error as Error).message}${code ? `, ${code}` : ''}): point TOVHOLDER_DB at a file in a writable folder on an ordinary disk.`;
}

function damaged(path: string, finding: string): string {
  return `TOVHOLDER_DB (${resolve(path)}) is damaged (SQLite's quick_check: ${finding}): restore it from a backup (see "The database" in the README) before starting Tovholder.`;
}

/** The first ancestor of `path` that exists and is not a folder, if any. */
function fileInTheWay(path: string): string | null {
  for (let dir = dirname(resolve(path)); ; dir = dirname(dir)) {
    if (existsSync(dir)) return isFolder(dir) ? null : dir;
    if (dirname(dir) === dir) return null;
  }
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}
