import Database from 'better-sqlite3';
import { migrations } from '../../src/store/migrations.ts';

/**
 * An in-memory database as a bot running version `version` left it: migrations up to it applied and
 * recorded, foreign keys on. The migration tests fill it with that version's rows, then migrate.
 */
export function databaseAtVersion(version: number): Database.Database {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  db.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  for (const m of migrations.filter((m) => m.version <= version)) {
    db.exec(m.sql);
    db.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)').run(m.version, m.name, '2026-12-01T00:00:00Z');
  }
  return db;
}
