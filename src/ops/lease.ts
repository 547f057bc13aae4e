import Database from 'better-sqlite3';
import { hostname } from 'node:os';
import type { Clock } from '../clock.ts';
import type { Db } from '../store/db.ts';
import { clearMark, readMark, setMark, type Mark } from './store.ts';

export const LEASE_MARK = 'bot_lease';
/** A running bot renews its lease this often... */
export const LEASE_EVERY_MS = 15_000;
/** ...so a lease older than this belongs to a bot that is gone (killed, or its host is down). */
export const LEASE_STALE_MS = 60_000;

/** This process, as it is named in the lease: "host:pid". */
export function processName(): string {
  return `${hostname()}:${process.pid}`;
}

/**
 * `tovholder start` holds a lease row in the database while it runs, so `tovholder restore` can tell a
 * running bot from a stopped one. A lock would not do: the bot holds SQLite's locks only for the instant
 * of each transaction, and a lock file outlives a `kill -9`. A lease expires by itself.
 */
export function holdLease(db: Db, clock: Clock): { release(): void } {
  const renew = () => setMark(db, LEASE_MARK, clock.now(), processName());
  renew();
  const timer = setInterval(renew, LEASE_EVERY_MS);
  timer.unref();
  return {
    release() {
      clearInterval(timer);
      clearMark(db, LEASE_MARK);
    },
  };
}

/**
 * The bot holding a live lease on the database file, or null. A lease from this host whose process no
 * longer exists is not live, however fresh: after a `kill -9` a restore need not wait a minute.
 */
export function liveLeaseHolder(dbPath: string, clock: Clock): { holder: string; ageSeconds: number } | null {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  let mark: Mark | undefined;
  try {
    const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'ops_marks'").get();
    mark = hasTable ? readMark(db, LEASE_MARK) : undefined;
  } finally {
    db.close();
  }
  if (!mark?.detail) return null;
  const ageMs = clock.now().getTime() - Date.parse(mark.at);
  if (ageMs > LEASE_STALE_MS) return null;
  const colon = mark.detail.lastIndexOf(':');
  if (mark.detail.slice(0, colon) === hostname() && !processExists(Number(mark.detail.slice(colon + 1)))) return null;
  return { holder: mark.detail, ageSeconds: Math.max(0, Math.round(ageMs / 1000)) };
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, it is only someone else's.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
