import Database from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { handleCommand } from '../../src/commands/router.ts';
import { migrate } from '../../src/store/db.ts';
import { migrations } from '../../src/store/migrations.ts';
import { consultantCtx as ctx, dbSnapshot, replyText, testCore, type TestCore } from '../support/core.ts';

/** Deliveries that welcome or invite anyone: what a member added twice would get twice. */
function welcomesAndInvites(t: TestCore): string[] {
  return (t.core.db.prepare(`SELECT idempotency_key FROM deliveries WHERE idempotency_key LIKE 'welcome:member:%' OR idempotency_key LIKE 'invite:member:%'`).pluck().all() as string[]).sort();
}

function membersOf(t: TestCore, partnership: string): { user_ref: string; role: string }[] {
  return t.core.db
    .prepare('SELECT m.user_ref, m.role FROM members m JOIN partnerships p ON p.id = m.partnership_id WHERE p.name = ? ORDER BY m.user_ref')
    .all(partnership) as { user_ref: string; role: string }[];
}

describe('a person is a member of a partnership once', () => {
  let t: TestCore;
  beforeEach(async () => {
    t = testCore();
    await handleCommand(t.core, 'opret "Små Partnerskaber 2027" 2027-01-04', ctx);
    await handleCommand(t.core, 'partnerskab "Havet" "Nordsøen Oceanarium" "Børnehaven Bjørnen" <@U1|anna>=kultur', ctx);
  });

  it('medlem twice: the second time changes nothing and says so', async () => {
    expect(replyText(await handleCommand(t.core, 'medlem "Havet" <@U7|carl>=kultur', ctx))).toMatch(/carl er tilføjet til Havet/);
    const before = dbSnapshot(t.core);
    const again = await handleCommand(t.core, 'medlem "Havet" <@U7|carl>=kultur', ctx);
    expect(replyText(again)).toBe('carl er allerede med i Havet som kultur. Intet er ændret.');
    expect(dbSnapshot(t.core)).toBe(before);
    expect(membersOf(t, 'Havet')).toEqual([{ user_ref: 'U1', role: 'culture_staff' }, { user_ref: 'U7', role: 'culture_staff' }]);
  });

  it('medlem with another role changes the role, says so, and welcomes nobody again', async () => {
    await handleCommand(t.core, 'medlem "Havet" <@U7|carl>=kultur', ctx);
    const deliveries = welcomesAndInvites(t);
    const reply = await handleCommand(t.core, 'medlem "Havet" <@U7|carl>=dagtilbud', ctx);
    expect(replyText(reply)).toBe('carl er allerede med i Havet; rollen er ændret fra kultur til dagtilbud.');
    expect(membersOf(t, 'Havet')).toContainEqual({ user_ref: 'U7', role: 'daycare_staff' });
    expect(membersOf(t, 'Havet')).toHaveLength(2);
    expect(welcomesAndInvites(t)).toEqual(deliveries);
  });

  it('the same person twice in one medlem command is added once', async () => {
    const reply = await handleCommand(t.core, 'medlem "Havet" <@U7|carl>=kultur <@U7|carl>=kultur', ctx);
    expect(replyText(reply).split('\n')).toHaveLength(1);
    expect(membersOf(t, 'Havet').filter((m) => m.user_ref === 'U7')).toHaveLength(1);
  });

  it('partnerskab with the same person twice makes one member; with two roles it is refused', async () => {
    await handleCommand(t.core, 'partnerskab "Skoven" "Naturhuset" "Troldeskoven" <@U8|dan>=dagtilbud <@U8|dan>=dagtilbud', ctx);
    expect(membersOf(t, 'Skoven')).toEqual([{ user_ref: 'U8', role: 'daycare_staff' }]);
    const before = dbSnapshot(t.core);
    const reply = await handleCommand(t.core, 'partnerskab "Engen" "Naturhuset" "Troldeskoven" <@U9|eva>=kultur <@U9|eva>=dagtilbud', ctx);
    expect(replyText(reply)).toMatch(/eva står to gange med forskellige roller/);
    expect(dbSnapshot(t.core)).toBe(before);
  });

  it('the store refuses a second row for the same person in a partnership', () => {
    const [row] = t.core.db.prepare('SELECT * FROM members WHERE user_ref = ?').all('U1') as Record<string, unknown>[];
    expect(() =>
      t.core.db.prepare('INSERT INTO members (id, programme_id, partnership_id, role, user_ref, email, display_name) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run('dup', row!.programme_id, row!.partnership_id, 'leader', 'U1', null, 'anna'),
    ).toThrow(/UNIQUE/);
  });
});

describe('migration 5', () => {
  it('merges members that were added twice before into the first row', () => {
    const db = new Database(':memory:');
    const upTo4 = migrations.filter((m) => m.version <= 4);
    for (const m of upTo4) db.exec(m.sql);
    db.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
    for (const m of upTo4) db.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)').run(m.version, m.name, '2026-12-01T00:00:00Z');
    db.exec(`INSERT INTO programmes VALUES ('g', 'slack', 'T1', 'P', 'sp', '2027-01-04', 'Europe/Copenhagen', 'da', '{}', NULL, 'U0', '2026-12-01T00:00:00Z')`);
    const partnershipColumns = (db.prepare('PRAGMA table_info(partnerships)').all() as { name: string; notnull: number }[]);
    const values = partnershipColumns.map((c) => ({ id: "'p'", programme_id: "'g'", name: "'Havet'", keywords: "'[]'", position: '0' })[c.name] ?? (c.notnull ? "''" : 'NULL'));
    db.exec(`INSERT INTO partnerships (${partnershipColumns.map((c) => c.name).join(', ')}) VALUES (${values.join(', ')})`);
    const insert = db.prepare(`INSERT INTO members (id, programme_id, partnership_id, role, user_ref, email, display_name) VALUES (?, 'g', 'p', 'culture_staff', 'U7', NULL, 'carl')`);
    insert.run('first');
    insert.run('second');
    migrate(db);
    expect(db.prepare('SELECT id FROM members').pluck().all()).toEqual(['first']);
  });
});
