import type Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../src/store/db.ts';
import { ProgrammeRepository } from '../../src/store/programmes.ts';
import { databaseAtVersion } from './at-version.ts';

/** A programme row as versions 13 and 14 have it. */
function addProgramme(db: Database.Database, id: string, name: string): void {
  db.prepare(
    `INSERT INTO programmes (id, platform, workspace_id, name, template_id, start_date, timezone, locale, settings, created_by, created_at)
     VALUES (?, 'slack', 'T1', ?, 'smaa-partnerskaber', '2027-01-04', 'Europe/Copenhagen', 'da', '{}', 'U0', '2026-12-01T00:00:00Z')`,
  ).run(id, name);
}

/** A database as a running bot has it at version 13: two programmes, one with a group and a member. */
function databaseAtVersion13(): Database.Database {
  const db = databaseAtVersion(13);
  addProgramme(db, 'a', 'Forløb A');
  addProgramme(db, 'b', 'Forløb B');
  db.prepare("INSERT INTO partnerships (id, programme_id, name, cultural_institution, daycare, position) VALUES ('p1', 'a', 'Partnerskab 1', 'Museum 1', 'Børnehuset 1', 0)").run();
  db.prepare("INSERT INTO members (id, programme_id, partnership_id, role, user_ref, display_name) VALUES ('m1', 'a', 'p1', 'culture_staff', 'UC1', 'Formidler 1')").run();
  return db;
}

describe("migration 14 (a programme's context version)", () => {
  it('gives a programme a new number whenever its row, a group or a member changes, from any statement', () => {
    const db = databaseAtVersion13();
    migrate(db);
    const programmes = new ProgrammeRepository(db);
    const version = (id: string) => programmes.contextVersion(id)!;
    expect([version('a'), version('b')]).toEqual([0, 0]);

    const seen = [0];
    const changes = [
      "INSERT INTO members (id, programme_id, partnership_id, role, user_ref, display_name) VALUES ('m2', 'a', 'p1', 'daycare_staff', 'UD1', 'Pædagog 1')",
      "UPDATE members SET locale = 'en' WHERE id = 'm1'",
      "DELETE FROM members WHERE id = 'm2'",
      "INSERT INTO partnerships (id, programme_id, name, cultural_institution, daycare, position) VALUES ('p2', 'a', 'Partnerskab 2', 'Museum 2', 'Børnehuset 2', 1)",
      "UPDATE partnerships SET cultural_institution = 'Kunsthallen' WHERE id = 'p1'",
      "DELETE FROM partnerships WHERE id = 'p2'",
      "UPDATE programmes SET name = 'Forløb A, forår' WHERE id = 'a'",
    ];
    for (const sql of changes) {
      db.exec(sql);
      // A number never given before, to this programme or any other; the other programme keeps its own.
      expect(version('a'), sql).toBeGreaterThan(Math.max(...seen));
      seen.push(version('a'));
      expect(version('b'), sql).toBe(0);
    }
  });

  it('a programme deleted and added again under the same id does not get a number it had before', () => {
    const db = databaseAtVersion13();
    migrate(db);
    const programmes = new ProgrammeRepository(db);
    db.exec("UPDATE programmes SET name = 'Forløb A, forår' WHERE id = 'a'");
    const before = programmes.contextVersion('a')!;
    db.exec("DELETE FROM programmes WHERE id = 'a'");
    expect(programmes.contextVersion('a')).toBeUndefined();
    addProgramme(db, 'a', 'Forløb A');
    expect(programmes.contextVersion('a')).toBeGreaterThan(before);
  });
});
