import { randomUUID } from 'node:crypto';
import type { Organisation } from '../domain/entities.ts';
import type { Db } from './db.ts';
import { stmt } from './statements.ts';

interface OrganisationRow {
  id: string;
  programme_id: string;
  group_id: string;
  name: string;
  position: number;
}

function toOrganisation(row: OrganisationRow): Organisation {
  return { id: row.id, programmeId: row.programme_id, groupId: row.group_id, name: row.name, position: row.position };
}

/** The organisations (municipalities) of a programme's groups, in the order they joined. */
export class OrganisationRepository {
  constructor(private readonly db: Db) {}

  insert(o: { programmeId: string; groupId: string; name: string }): Organisation {
    const id = randomUUID();
    // Position within the group: pairings rotate by it, so it never changes once given.
    const position = stmt(this.db, 'SELECT COALESCE(MAX(position) + 1, 0) FROM organisations WHERE group_id = ?').pluck().get(o.groupId) as number;
    stmt(this.db, 'INSERT INTO organisations (id, programme_id, group_id, name, position) VALUES (?, ?, ?, ?, ?)')
      .run(id, o.programmeId, o.groupId, o.name, position);
    return { ...o, id, position };
  }

  get(id: string): Organisation | undefined {
    const row = stmt(this.db, 'SELECT * FROM organisations WHERE id = ?').get(id) as OrganisationRow | undefined;
    return row && toOrganisation(row);
  }

  listForProgramme(programmeId: string): Organisation[] {
    const rows = stmt(this.db, 'SELECT * FROM organisations WHERE programme_id = ? ORDER BY group_id, position')
      .all(programmeId) as OrganisationRow[];
    return rows.map(toOrganisation);
  }

  listForGroup(groupId: string): Organisation[] {
    const rows = stmt(this.db, 'SELECT * FROM organisations WHERE group_id = ? ORDER BY position').all(groupId) as OrganisationRow[];
    return rows.map(toOrganisation);
  }

  /** By name within a group, case-insensitively, as the consultant types it. */
  findByName(groupId: string, name: string): Organisation | undefined {
    const row = stmt(this.db, 'SELECT * FROM organisations WHERE group_id = ? AND lower(name) = lower(?)').get(groupId, name) as OrganisationRow | undefined;
    return row && toOrganisation(row);
  }
}
