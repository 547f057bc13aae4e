import type { Db } from '../store/db.ts';
import { stmt } from '../store/statements.ts';

/**
 * What operations needs to read across threads and processes: counters and marks in the database.
 * `tovholder start` sends from its outbox thread and runs commands on its command thread, each with its
 * own connection; a `tovholder tick` from a systemd timer is another process altogether. Counting in the
 * database, in the same commit as the work counted, keeps /metrics exact across all of them and across
 * restarts (a counter that never resets is still a valid Prometheus counter).
 *
 * These tables are created like the adapters' own (IF NOT EXISTS), outside the numbered migrations:
 * they hold no programme data, and a backup restored into an older version simply ignores them.
 */
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS ops_counters (
    metric TEXT NOT NULL,
    labels TEXT NOT NULL,  -- JSON object with sorted keys; values from small fixed sets only
    value  REAL NOT NULL,
    PRIMARY KEY (metric, labels)
  );
  CREATE TABLE IF NOT EXISTS ops_marks (
    name   TEXT PRIMARY KEY,  -- scheduler_tick | bot_lease | nightly_backup
    at     TEXT NOT NULL,
    detail TEXT
  );
`;

export function ensureOpsSchema(db: Db): void {
  db.exec(SCHEMA);
}

export type Labels = Record<string, string>;

/** Labels as a stable key: the same set of labels is always the same row. */
export function labelKey(labels: Labels): string {
  // Label names are ASCII identifiers: code-unit order is enough, and localeCompare (ICU collation)
  // was a third of counting a command on the command thread (issue #16's profile).
  return JSON.stringify(Object.fromEntries(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
}

/** Adds to a counter. Call it inside the transaction that records what is counted. */
export function addCount(db: Db, metric: string, labels: Labels, by = 1): void {
  stmt(db, 'INSERT INTO ops_counters (metric, labels, value) VALUES (?, ?, ?) ON CONFLICT (metric, labels) DO UPDATE SET value = value + excluded.value')
    .run(metric, labelKey(labels), by);
}

export function readCounts(db: Db, metric: string): { labels: Labels; value: number }[] {
  const rows = stmt(db, 'SELECT labels, value FROM ops_counters WHERE metric = ?').all(metric) as { labels: string; value: number }[];
  return rows.map((row) => ({ labels: JSON.parse(row.labels) as Labels, value: row.value }));
}

export interface Mark {
  at: string;
  detail: string | null;
}

export function setMark(db: Db, name: string, at: Date, detail: string | null = null): void {
  stmt(db, 'INSERT INTO ops_marks (name, at, detail) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET at = excluded.at, detail = excluded.detail')
    .run(name, at.toISOString(), detail);
}

export function readMark(db: Db, name: string): Mark | undefined {
  return stmt(db, 'SELECT at, detail FROM ops_marks WHERE name = ?').get(name) as Mark | undefined;
}

export function clearMark(db: Db, name: string): void {
  stmt(db, 'DELETE FROM ops_marks WHERE name = ?').run(name);
}
