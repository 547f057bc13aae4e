import Database from 'better-sqlite3';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { systemClock, type Clock } from '../clock.ts';
import { migrations } from './migrations.ts';

export type Db = Database.Database;

/**
 * Opens (creating if needed) the database and brings its schema up to date.
 * WAL lets the dispatcher of one process read while another writes; busy_timeout makes two processes
 * on one file wait for each other instead of failing with SQLITE_BUSY.
 */
export function openDatabase(path: string, clock: Clock = systemClock): Db {
  if (path !== ':memory:') makeFolders(dirname(resolve(path)));
  const db = new Database(path);
  // Only takes effect on a new, empty file (and never after WAL is on). A tick writes hundreds of pages
  // in one commit and each WAL frame costs two write() calls: 16 KiB pages need a quarter of the frames
  // of the default 4 KiB, and a 1,000-reminder tick commits ~35% faster.
  db.pragma('page_size = 16384');
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma('synchronous = NORMAL');
  // Memory-mapped reads keep the tick's index look-ups off the read() system call, and the kernel's
  // page cache holds the file, so SQLite's own cache only needs to carry a transaction's dirty pages
  // (a 1,000-reminder tick writes a few MB). 16 MB, not 64: a connection's cache is malloc'ed memory
  // that glibc keeps after it is freed; with 64 MB the national bench ended at 255-292 MB resident,
  // with 16 MB at 192-196 MB, its ticks no slower (BENCHMARKS.md, "National scale").
  db.pragma('cache_size = -16384');
  db.pragma('mmap_size = 268435456');
  migrate(db, clock);
  return db;
}

/**
 * Creates the missing folders of `dir`, outermost first. Not mkdirSync's `recursive`: under /proc
 * (where mkdir answers ENOENT although the parent exists) Node 20's recursive mkdir loops for ever.
 */
function makeFolders(dir: string): void {
  if (existsSync(dir)) return;
  const parent = dirname(dir);
  if (parent !== dir) makeFolders(parent);
  mkdirSync(dir);
}

export function migrate(db: Db, clock: Clock = systemClock): number {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  const applied = new Set(
    db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[],
  );
  let count = 0;
  for (const migration of migrations) {
    if (applied.has(migration.version)) continue;
    // Foreign keys can only be switched off outside a transaction (SQLite's table rebuild procedure).
    const keysWereOn = db.pragma('foreign_keys', { simple: true }) === 1;
    if (migration.rebuildsTables && keysWereOn) db.pragma('foreign_keys = OFF');
    try {
      // IMMEDIATE takes the write lock first, so two processes starting together cannot both migrate.
      db.transaction(() => {
        const again = db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').get(migration.version);
        if (again) return;
        // A rebuild keeps every id, so it cannot break a reference; the check proves it (counting only
        // what the rebuild would have added, so an old dangling reference does not stop the start).
        const brokenBefore = migration.rebuildsTables ? (db.pragma('foreign_key_check') as unknown[]).length : 0;
        db.exec(migration.sql);
        if (migration.rebuildsTables) {
          const broken = (db.pragma('foreign_key_check') as unknown[]).length;
          if (broken > brokenBefore) throw new Error(`migration ${migration.version} leaves ${broken - brokenBefore} broken references`);
        }
        db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
          migration.version,
          migration.name,
          clock.now().toISOString(),
        );
        count += 1;
      }).immediate();
    } finally {
      if (migration.rebuildsTables && keysWereOn) db.pragma('foreign_keys = ON');
    }
  }
  return count;
}
