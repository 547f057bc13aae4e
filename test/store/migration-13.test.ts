import type Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../src/store/db.ts';
import { databaseAtVersion } from './at-version.ts';
import { ProgrammeRepository } from '../../src/store/programmes.ts';
import { TemplateStore } from '../../src/store/templates.ts';
import { TemplateRegistry } from '../../src/templates/registry.ts';
import { snapshotOf } from '../../src/templates/snapshot.ts';

const builtin = new TemplateRegistry().get('smaa-partnerskaber')!;
const edited = { ...builtin, name: { da: 'Små Partnerskaber, vores udgave' } };

/** A database as a running bot has it at version 12: two programmes on one snapshot, one on another, one from before snapshots. */
function databaseAtVersion12(): Database.Database {
  const db = databaseAtVersion(12);
  const insert = db.prepare(
    `INSERT INTO programmes (id, platform, workspace_id, name, template_id, start_date, timezone, locale, settings, created_by, created_at, template_json)
     VALUES (?, 'slack', 'T1', ?, 'smaa-partnerskaber', '2027-01-04', 'Europe/Copenhagen', 'da', '{}', 'U0', '2026-12-01T00:00:00Z', ?)`,
  );
  insert.run('a', 'Forløb A', snapshotOf(builtin));
  insert.run('b', 'Forløb B', snapshotOf(builtin));
  insert.run('c', 'Forløb C', snapshotOf(edited));
  insert.run('old', 'Gammelt forløb', null);
  return db;
}

describe('migration 13 (template snapshots in their own table)', () => {
  it('keeps each programme on the template it was created with, and stores each text once', () => {
    const db = databaseAtVersion12();
    migrate(db);
    const programmes = new ProgrammeRepository(db);
    expect(programmes.templateJson('a')).toBe(snapshotOf(builtin));
    expect(programmes.templateJson('b')).toBe(snapshotOf(builtin));
    expect(programmes.templateJson('c')).toBe(snapshotOf(edited));
    expect(programmes.templateJson('old')).toBeNull();
    expect(db.prepare('SELECT COUNT(*) FROM template_snapshots').pluck().get()).toBe(2);
    const columns = db.prepare("SELECT name FROM pragma_table_info('programmes')").pluck().all();
    expect(columns).not.toContain('template_json');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it('the registry reads each programme its own snapshot, and a programme without one the template by id', () => {
    const db = databaseAtVersion12();
    migrate(db);
    const registry = new TemplateRegistry([], new TemplateStore(db));
    const programme = (id: string) => ({ id, platform: 'slack', workspaceId: 'T1', templateId: 'smaa-partnerskaber' });
    expect(registry.ofProgramme(programme('c'))!.name).toEqual(edited.name);
    expect(registry.ofProgramme(programme('a'))!.name).toEqual(builtin.name);
    expect(registry.ofProgramme(programme('old'))).toBe(builtin);
  });

  it('a snapshot set later (a programme older than snapshots) is read from then on; an equal text shares the row', () => {
    const db = databaseAtVersion12();
    migrate(db);
    const programmes = new ProgrammeRepository(db);
    const registry = new TemplateRegistry([], new TemplateStore(db));
    const old = { id: 'old', platform: 'slack', workspaceId: 'T1', templateId: 'smaa-partnerskaber' };
    expect(registry.ofProgramme(old)).toBe(builtin);
    programmes.setTemplateJson('old', snapshotOf(edited));
    expect(registry.ofProgramme(old)!.name).toEqual(edited.name);
    expect(db.prepare('SELECT COUNT(*) FROM template_snapshots').pluck().get()).toBe(2);
  });
});
