import type Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../src/store/db.ts';
import { databaseAtVersion } from './at-version.ts';
import { MemberRepository, PartnershipRepository } from '../../src/store/programmes.ts';
import { ActivityRepository } from '../../src/store/activities.ts';

/** A database as a running bot has it at version 5: a programme with a partnership, people, a plan. */
function databaseAtVersion5(): Database.Database {
  const db = databaseAtVersion(5);
  db.exec(`
    INSERT INTO programmes VALUES ('g', 'slack', 'T1', 'P', 'smaa-partnerskaber', '2027-01-04', 'Europe/Copenhagen', 'da', '{}', 'C0', 'U0', '2026-12-01T00:00:00Z');
    INSERT INTO partnerships VALUES ('p', 'g', 'Havet', 'Nordsøen Oceanarium', 'Bjørnen', 0, '["hav"]', 'C1');
    INSERT INTO members (id, programme_id, partnership_id, role, user_ref, email, display_name) VALUES ('m1', 'g', 'p', 'culture_staff', 'U7', NULL, 'carl');
    INSERT INTO members (id, programme_id, partnership_id, role, user_ref, email, display_name) VALUES ('m0', 'g', NULL, 'consultant', 'U0', NULL, 'karen');
    INSERT INTO activities (id, programme_id, partnership_id, plan_key, step_key, kind, audience, paired_partnership_id, local_date, starts_at, ends_at, location, pinned, revision)
      VALUES ('g:visit@p', 'g', 'p', 'visit@p', 'visit', 'visit', 'with_children', NULL, '2027-02-01', '2027-02-01T08:00:00.000Z', '2027-02-01T10:00:00.000Z', NULL, 0, 0);
    INSERT INTO activity_overrides VALUES ('g', 'p', 'visit', '2027-02-01', '09:00', 'Akvariet');
    INSERT INTO reminders (id, activity_id, revision, offset_days, due_at, status) VALUES ('g:visit@p:r0:2', 'g:visit@p', 0, 2, '2027-01-28T08:00:00.000Z', 'pending');
  `);
  return db;
}

describe('migration 6 (programme shapes)', () => {
  it('keeps every row of a version-5 database and gives them the defaults of the first shape', () => {
    const db = databaseAtVersion5();
    migrate(db);
    expect(db.prepare('SELECT MAX(version) FROM schema_migrations').pluck().get()).toBeGreaterThanOrEqual(6);
    const group = new PartnershipRepository(db).get('p')!;
    expect(group).toMatchObject({ name: 'Havet', groupType: 'partnership', templateKey: null, culturalInstitution: 'Nordsøen Oceanarium', daycare: 'Bjørnen', keywords: ['hav'], channelRef: 'C1' });
    expect(new MemberRepository(db).get('m1')).toMatchObject({ partnershipId: 'p', organisationId: null, role: 'culture_staff' });
    const activities = new ActivityRepository(db);
    expect(activities.get('g:visit@p')).toMatchObject({ audience: 'with_children', pairedOrganisationIds: [], format: null, meetingLink: null, window: null, undated: false });
    expect(activities.overrides('g')).toEqual([{ stepKey: 'visit', partnershipId: 'p', date: '2027-02-01', startTime: '09:00', location: 'Akvariet' }]);
    expect(db.prepare('SELECT purpose, status FROM reminders').all()).toEqual([{ purpose: 'reminder', status: 'pending' }]);
    // No snapshot: the programme keeps the registry's template (migration 13 moved snapshots to their own table).
    expect(db.prepare('SELECT snapshot_id FROM programmes').pluck().get()).toBeNull();
  });

  it('keeps the indexes and the foreign keys: a person once per group, deleting a group deletes its people', () => {
    const db = databaseAtVersion5();
    migrate(db);
    const indexes = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%'").pluck().all();
    expect(indexes).toEqual(expect.arrayContaining(['members_once_per_partnership', 'reminders_due', 'reminders_by_id', 'members_by_programme', 'activities_by_start']));
    expect(() => db.exec(`INSERT INTO members (id, programme_id, partnership_id, role, user_ref, display_name) VALUES ('m2', 'g', 'p', 'leader', 'U7', 'carl')`)).toThrow(/UNIQUE/);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.exec("DELETE FROM partnerships WHERE id = 'p'");
    expect(db.prepare('SELECT id FROM members').pluck().all()).toEqual(['m0']);
    expect(db.prepare('SELECT COUNT(*) FROM activities').pluck().get()).toBe(0);
  });

  it('a network has no cultural institution or daycare, and its organisations go with it', () => {
    const db = databaseAtVersion5();
    migrate(db);
    const groups = new PartnershipRepository(db);
    const network = groups.insert({ programmeId: 'g', name: 'Nord', groupType: 'netvaerk', templateKey: null, culturalInstitution: null, daycare: null, keywords: [] });
    expect(groups.get(network.id)).toMatchObject({ groupType: 'netvaerk', culturalInstitution: null, daycare: null, position: 1 });
    db.exec(`INSERT INTO organisations VALUES ('o1', 'g', '${network.id}', 'Aalborg', 0)`);
    db.prepare('DELETE FROM partnerships WHERE id = ?').run(network.id);
    expect(db.prepare('SELECT COUNT(*) FROM organisations').pluck().get()).toBe(0);
  });
});
