import type Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../src/store/db.ts';
import { databaseAtVersion } from './at-version.ts';

/** A database as a running bot has it at version 10: a closed evaluation that two members answered one of. */
function databaseAtVersion10(): Database.Database {
  const db = databaseAtVersion(10);
  db.exec(`
    INSERT INTO programmes (id, platform, workspace_id, name, template_id, start_date, timezone, locale, settings, channel_ref, created_by, created_at)
      VALUES ('g', 'slack', 'T1', 'P', 'smaa-partnerskaber', '2027-01-04', 'Europe/Copenhagen', 'da', '{}', 'C0', 'U0', '2026-12-01T00:00:00Z');
    INSERT INTO partnerships (id, programme_id, name, position) VALUES ('p', 'g', 'Havet', 0);
    INSERT INTO members (id, programme_id, partnership_id, role, user_ref, display_name) VALUES ('m1', 'g', 'p', 'culture_staff', 'U7', 'Carl');
    INSERT INTO members (id, programme_id, partnership_id, role, user_ref, display_name) VALUES ('m2', 'g', 'p', 'daycare_staff', 'U8', 'Dorte');
    INSERT INTO activities (id, programme_id, partnership_id, plan_key, step_key, kind, audience, local_date, starts_at, ends_at)
      VALUES ('g:visit@p', 'g', 'p', 'visit@p', 'visit', 'visit', 'with_children', '2027-02-01', '2027-02-01T08:00:00.000Z', '2027-02-01T10:00:00.000Z');
    UPDATE evaluation_rounds SET status = 'closed', form = '{}' WHERE activity_id = 'g:visit@p';
    INSERT INTO evaluation_prompts (id, activity_id, member_id, partnership_id, locale, asked_at, nudge_at, nudge_status, answered_at)
      VALUES ('q1', 'g:visit@p', 'm1', 'p', 'da', '2027-02-01T10:00:00Z', '2027-02-03T09:00:00Z', 'skipped', '2027-02-01T11:00:00Z'),
             ('q2', 'g:visit@p', 'm2', 'p', 'da', '2027-02-01T10:00:00Z', '2027-02-03T09:00:00Z', 'sent', NULL);
    INSERT INTO evaluation_answers (prompt_id, question_key, value, comment, via, answered_at) VALUES ('q1', 'curious', 'Fiskene', NULL, 'button', '2027-02-01T11:00:00Z');
  `);
  return db;
}

describe('migration 11 (answers outlive a member who leaves)', () => {
  it('keeps every prompt and answer of a version-10 database, with their indexes', () => {
    const db = databaseAtVersion10();
    migrate(db);
    expect(db.prepare('SELECT MAX(version) FROM schema_migrations').pluck().get()).toBeGreaterThanOrEqual(11);
    expect(db.prepare('SELECT id, member_id, nudge_status, answered_at FROM evaluation_prompts ORDER BY id').all()).toEqual([
      { id: 'q1', member_id: 'm1', nudge_status: 'skipped', answered_at: '2027-02-01T11:00:00Z' },
      { id: 'q2', member_id: 'm2', nudge_status: 'sent', answered_at: null },
    ]);
    expect(db.prepare('SELECT prompt_id, value FROM evaluation_answers').all()).toEqual([{ prompt_id: 'q1', value: 'Fiskene' }]);
    const indexes = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'evaluation_prompts'").pluck().all();
    expect(indexes).toEqual(expect.arrayContaining(['evaluation_prompts_nudge_due', 'evaluation_prompts_by_member']));
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it('a member who goes leaves their answered prompt without a name, and its answers stay', () => {
    const db = databaseAtVersion10();
    migrate(db);
    db.exec("DELETE FROM members WHERE id = 'm1'");
    expect(db.prepare("SELECT member_id FROM evaluation_prompts WHERE id = 'q1'").pluck().get()).toBeNull();
    expect(db.prepare('SELECT COUNT(*) FROM evaluation_answers').pluck().get()).toBe(1);
    // The answers still belong to their prompt: a round that goes takes them along.
    db.exec("DELETE FROM evaluation_rounds WHERE activity_id = 'g:visit@p'");
    expect(db.prepare('SELECT COUNT(*) FROM evaluation_answers').pluck().get()).toBe(0);
  });
});
