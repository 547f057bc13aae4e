import { stmt } from './statements.ts';
import { randomUUID } from 'node:crypto';
import type { Locale } from '../domain/text.ts';
import type { Role } from '../domain/template.ts';
import {
  programmeSettingsSchema,
  type Member,
  type Partnership,
  type Programme,
} from '../domain/entities.ts';
import type { Db } from './db.ts';

interface ProgrammeRow {
  id: string;
  platform: string;
  workspace_id: string;
  name: string;
  template_id: string;
  start_date: string;
  timezone: string;
  locale: string;
  settings: string;
  channel_ref: string | null;
  created_by: string;
  created_at: string;
}

/** The columns a Programme is made of (not `snapshot_id`: the template is read through the registry). */
const PROGRAMME_COLUMNS = 'id, platform, workspace_id, name, template_id, start_date, timezone, locale, settings, channel_ref, created_by, created_at';

/** Settings are parsed once per distinct JSON text: programmes are read on every delivery. */
const settingsCache = new Map<string, Programme['settings']>();
function parseSettings(json: string): Programme['settings'] {
  let settings = settingsCache.get(json);
  if (!settings) {
    if (settingsCache.size > 1_000) settingsCache.clear();
    settings = programmeSettingsSchema.parse(JSON.parse(json));
    settingsCache.set(json, settings);
  }
  return settings;
}

function toProgramme(row: ProgrammeRow): Programme {
  return {
    id: row.id,
    platform: row.platform,
    workspaceId: row.workspace_id,
    name: row.name,
    templateId: row.template_id,
    startDate: row.start_date,
    timezone: row.timezone,
    locale: row.locale as Locale,
    settings: parseSettings(row.settings),
    channelRef: row.channel_ref,
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

export type NewProgramme = Omit<Programme, 'id' | 'channelRef'>;

/**
 * The channels (or direct conversations) of many rows in one statement: `id → ref` for those that
 * have one. One statement is one read transaction; a SELECT per row was most of what the dispatcher
 * spent per delivery (src/outbox/resolver.ts, forBatch).
 */
function refsById(db: Db, sql: string, ids: readonly string[]): Map<string, string> {
  if (ids.length === 0) return new Map();
  const rows = stmt(db, sql).raw().all(JSON.stringify(ids)) as [string, string][];
  return new Map(rows);
}

/**
 * The row of template_snapshots holding `json`, added if no programme had that text yet (programmes of
 * the same template version share one). Rows are never changed, so an id always means the same text.
 */
function snapshotId(db: Db, json: string): number {
  stmt(db, 'INSERT INTO template_snapshots (json) VALUES (?) ON CONFLICT (json) DO NOTHING').run(json);
  return stmt(db, 'SELECT id FROM template_snapshots WHERE json = ?').pluck().get(json) as number;
}

/** Programmes, their partnerships and members. Every query is scoped so workspaces never mix. */
export class ProgrammeRepository {
  constructor(private readonly db: Db) {}

  /** `templateJson`: the template as it is now, which the programme keeps (see templateJson). */
  insert(programme: NewProgramme, templateJson: string | null = null): Programme {
    const id = randomUUID();
    stmt(this.db, 
        `INSERT INTO programmes (id, platform, workspace_id, name, template_id, start_date, timezone,
           locale, settings, created_by, created_at, snapshot_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        id,
        programme.platform,
        programme.workspaceId,
        programme.name,
        programme.templateId,
        programme.startDate,
        programme.timezone,
        programme.locale,
        JSON.stringify(programme.settings),
        programme.createdBy,
        programme.createdAt,
        templateJson === null ? null : snapshotId(this.db, templateJson),
      );
    return { ...programme, id, channelRef: null };
  }

  get(id: string): Programme | undefined {
    const row = stmt(this.db, `SELECT ${PROGRAMME_COLUMNS} FROM programmes WHERE id = ?`).get(id) as ProgrammeRow | undefined;
    return row && toProgramme(row);
  }

  /**
   * The number a programme's row, groups and members are at (migration 14's triggers give it a new one
   * on every change to any of them); undefined for a programme that is gone.
   */
  contextVersion(id: string): number | undefined {
    return stmt(this.db, 'SELECT context_version FROM programmes WHERE id = ?').pluck().get(id) as number | undefined;
  }

  /** `id → channel ref` of those of these programmes that have a channel. */
  channelRefs(ids: readonly string[]): Map<string, string> {
    return refsById(this.db, 'SELECT id, channel_ref FROM programmes WHERE id IN (SELECT value FROM json_each(?)) AND channel_ref IS NOT NULL', ids);
  }

  /** Programmes of one workspace; the only way commands find programmes, so tenants stay apart. */
  listInWorkspace(platform: string, workspaceId: string): Programme[] {
    const rows = stmt(this.db, `SELECT ${PROGRAMME_COLUMNS} FROM programmes WHERE platform = ? AND workspace_id = ? ORDER BY created_at, rowid`)
      .all(platform, workspaceId) as ProgrammeRow[];
    return rows.map(toProgramme);
  }

  findByName(platform: string, workspaceId: string, name: string): Programme | undefined {
    const row = stmt(this.db, `SELECT ${PROGRAMME_COLUMNS} FROM programmes WHERE platform = ? AND workspace_id = ? AND lower(name) = lower(?)`)
      .get(platform, workspaceId, name) as ProgrammeRow | undefined;
    return row && toProgramme(row);
  }

  setChannelRef(programmeId: string, channelRef: string): void {
    stmt(this.db, 'UPDATE programmes SET channel_ref = ? WHERE id = ?').run(channelRef, programmeId);
  }

  /** The template the programme was created with (JSON); null for programmes older than the snapshot. */
  templateJson(programmeId: string): string | null {
    const sql = 'SELECT s.json FROM programmes p JOIN template_snapshots s ON s.id = p.snapshot_id WHERE p.id = ?';
    return (stmt(this.db, sql).pluck().get(programmeId) as string | undefined) ?? null;
  }

  setTemplateJson(programmeId: string, json: string): void {
    stmt(this.db, 'UPDATE programmes SET snapshot_id = ? WHERE id = ?').run(snapshotId(this.db, json), programmeId);
  }

  updateSettings(programmeId: string, settings: Programme['settings']): void {
    stmt(this.db, 'UPDATE programmes SET settings = ? WHERE id = ?').run(JSON.stringify(settings), programmeId);
  }
}

/**
 * A partnership's columns in the order partnershipFrom reads them. Read raw (an array per row): the
 * tick reads every group of each programme with something due, and better-sqlite3's object per row,
 * with a property per column, cost more than the array (100 programmes' groups outside a
 * transaction: 3.3 against 2.0 ms).
 */
const PARTNERSHIP_COLUMNS = 'id, programme_id, name, group_type, template_key, cultural_institution, daycare, position, keywords, channel_ref';

function partnershipFrom(v: unknown[]): Partnership {
  return {
    id: v[0] as string,
    programmeId: v[1] as string,
    name: v[2] as string,
    groupType: v[3] as string,
    templateKey: v[4] as string | null,
    culturalInstitution: v[5] as string | null,
    daycare: v[6] as string | null,
    position: v[7] as number,
    keywords: v[8] === '[]' ? [] : (JSON.parse(v[8] as string) as string[]),
    channelRef: v[9] as string | null,
  };
}

export class PartnershipRepository {
  constructor(private readonly db: Db) {}

  insert(p: Omit<Partnership, 'id' | 'position' | 'channelRef' | 'groupType' | 'templateKey'> & Partial<Pick<Partnership, 'groupType' | 'templateKey'>>): Partnership {
    const id = randomUUID();
    const position = (stmt(this.db, 'SELECT COALESCE(MAX(position) + 1, 0) FROM partnerships WHERE programme_id = ?')
      .pluck()
      .get(p.programmeId) as number);
    stmt(this.db, 
        `INSERT INTO partnerships (id, programme_id, name, group_type, template_key, cultural_institution, daycare, position, keywords)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(id, p.programmeId, p.name, p.groupType ?? 'partnership', p.templateKey ?? null, p.culturalInstitution, p.daycare, position, JSON.stringify(p.keywords));
    return { ...p, groupType: p.groupType ?? 'partnership', templateKey: p.templateKey ?? null, id, position, channelRef: null };
  }

  get(id: string): Partnership | undefined {
    const row = stmt(this.db, `SELECT ${PARTNERSHIP_COLUMNS} FROM partnerships WHERE id = ?`).raw().get(id) as unknown[] | undefined;
    return row && partnershipFrom(row);
  }

  /** `id → channel ref` of those of these partnerships that have a channel. */
  channelRefs(ids: readonly string[]): Map<string, string> {
    return refsById(this.db, 'SELECT id, channel_ref FROM partnerships WHERE id IN (SELECT value FROM json_each(?)) AND channel_ref IS NOT NULL', ids);
  }

  listForProgramme(programmeId: string): Partnership[] {
    const rows = stmt(this.db, `SELECT ${PARTNERSHIP_COLUMNS} FROM partnerships WHERE programme_id = ? ORDER BY position`)
      .raw()
      .all(programmeId) as unknown[][];
    return rows.map(partnershipFrom);
  }

  findByName(programmeId: string, name: string): Partnership | undefined {
    const row = stmt(this.db, `SELECT ${PARTNERSHIP_COLUMNS} FROM partnerships WHERE programme_id = ? AND lower(name) = lower(?)`)
      .raw()
      .get(programmeId, name) as unknown[] | undefined;
    return row && partnershipFrom(row);
  }

  setChannelRef(partnershipId: string, channelRef: string): void {
    stmt(this.db, 'UPDATE partnerships SET channel_ref = ? WHERE id = ?').run(channelRef, partnershipId);
  }

  setKeywords(partnershipId: string, keywords: string[]): void {
    stmt(this.db, 'UPDATE partnerships SET keywords = ? WHERE id = ?').run(JSON.stringify(keywords), partnershipId);
  }
}

export type MemberWithDm = Member & { dmRef: string | null };

/** A member's columns in the order memberFrom reads them; read raw, as partnerships are (above). */
const MEMBER_COLUMNS = 'id, programme_id, partnership_id, organisation_id, role, user_ref, email, display_name, locale, dm_ref';

function memberFrom(v: unknown[]): MemberWithDm {
  return {
    id: v[0] as string,
    programmeId: v[1] as string,
    partnershipId: v[2] as string | null,
    organisationId: v[3] as string | null,
    role: v[4] as Role,
    userRef: v[5] as string | null,
    email: v[6] as string | null,
    displayName: v[7] as string,
    locale: v[8] as Locale | null,
    dmRef: v[9] as string | null,
  };
}

export class MemberRepository {
  constructor(private readonly db: Db) {}

  insert(m: Omit<Member, 'id' | 'organisationId'> & { organisationId?: string | null }): Member {
    const id = randomUUID();
    stmt(this.db, 
        `INSERT INTO members (id, programme_id, partnership_id, organisation_id, role, user_ref, email, display_name, locale)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(id, m.programmeId, m.partnershipId, m.organisationId ?? null, m.role, m.userRef, m.email, m.displayName, m.locale);
    return { ...m, organisationId: m.organisationId ?? null, id };
  }

  get(id: string): MemberWithDm | undefined {
    const row = stmt(this.db, `SELECT ${MEMBER_COLUMNS} FROM members WHERE id = ?`).raw().get(id) as unknown[] | undefined;
    return row && memberFrom(row);
  }

  /** `id → direct conversation` of those of these members who have one open. */
  dmRefs(ids: readonly string[]): Map<string, string> {
    return refsById(this.db, 'SELECT id, dm_ref FROM members WHERE id IN (SELECT value FROM json_each(?)) AND dm_ref IS NOT NULL', ids);
  }

  listForProgramme(programmeId: string): MemberWithDm[] {
    const rows = stmt(this.db, `SELECT ${MEMBER_COLUMNS} FROM members WHERE programme_id = ? ORDER BY partnership_id, role, display_name`)
      .raw()
      .all(programmeId) as unknown[][];
    return rows.map(memberFrom);
  }

  /** A programme's members with one role, in or outside partnerships. */
  withRole(programmeId: string, role: Role): MemberWithDm[] {
    const rows = stmt(this.db, `SELECT ${MEMBER_COLUMNS} FROM members WHERE programme_id = ? AND role = ? ORDER BY partnership_id, display_name`)
      .raw()
      .all(programmeId, role) as unknown[][];
    return rows.map(memberFrom);
  }

  /** A partnership's members with one role (the programme id lets members_by_programme find them). */
  withRoleInPartnership(programmeId: string, partnershipId: string, role: Role): MemberWithDm[] {
    const rows = stmt(this.db, `SELECT ${MEMBER_COLUMNS} FROM members WHERE programme_id = ? AND partnership_id = ? AND role = ? ORDER BY display_name`)
      .raw()
      .all(programmeId, partnershipId, role) as unknown[][];
    return rows.map(memberFrom);
  }

  listForPartnership(partnershipId: string): MemberWithDm[] {
    // Through the programme's index (members_by_programme): partnership_id alone has only a partial
    // index that SQLite cannot use here, and scanned every member of every programme.
    const rows = stmt(this.db, 
        `SELECT ${MEMBER_COLUMNS} FROM members WHERE programme_id = (SELECT programme_id FROM partnerships WHERE id = @p) AND partnership_id = @p
         ORDER BY role, display_name`,
      )
      .raw()
      .all({ p: partnershipId }) as unknown[][];
    return rows.map(memberFrom);
  }

  /** The programmes in which a platform user has a given role (e.g. may change as consultant). */
  hasRole(programmeId: string, userRef: string, role: Role): boolean {
    return !!stmt(this.db, 'SELECT 1 FROM members WHERE programme_id = ? AND user_ref = ? AND role = ?')
      .get(programmeId, userRef, role);
  }

  setUserRef(memberId: string, userRef: string, displayName: string): void {
    // OR IGNORE: someone added by e-mail who turns out to be a member already stays unresolved rather than breaking the unique index.
    stmt(this.db, 'UPDATE OR IGNORE members SET user_ref = ?, display_name = ? WHERE id = ?').run(userRef, displayName, memberId);
  }

  /** The organisation (municipality) a member speaks for, within their group. */
  setOrganisation(memberId: string, organisationId: string | null): void {
    stmt(this.db, 'UPDATE members SET organisation_id = ? WHERE id = ?').run(organisationId, memberId);
  }

  setRole(memberId: string, role: Role): void {
    stmt(this.db, 'UPDATE members SET role = ? WHERE id = ?').run(role, memberId);
  }

  /**
   * A membership ends (`fjern`). What points at it follows the foreign keys: actions they own become
   * "uden ejer", answered evaluation prompts lose the name (migration 11), action asks forget them.
   */
  remove(memberId: string): boolean {
    return stmt(this.db, 'DELETE FROM members WHERE id = ?').run(memberId).changes === 1;
  }

  setDmRef(memberId: string, dmRef: string): void {
    stmt(this.db, 'UPDATE members SET dm_ref = ? WHERE id = ?').run(dmRef, memberId);
  }
}

/** Which programme (and partnership) a channel belongs to, so commands typed there need no name. */
export function findByChannel(
  db: Db,
  platform: string,
  workspaceId: string,
  channelRef: string,
): { programmeId: string; partnershipId: string | null } | undefined {
  const shared = stmt(db, 'SELECT id FROM programmes WHERE platform = ? AND workspace_id = ? AND channel_ref = ?')
    .pluck()
    .get(platform, workspaceId, channelRef) as string | undefined;
  if (shared) return { programmeId: shared, partnershipId: null };
  const row = stmt(db, 
      `SELECT p.programme_id AS programmeId, p.id AS partnershipId FROM partnerships p
       JOIN programmes g ON g.id = p.programme_id
       WHERE g.platform = ? AND g.workspace_id = ? AND p.channel_ref = ?`,
    )
    .get(platform, workspaceId, channelRef) as { programmeId: string; partnershipId: string } | undefined;
  return row;
}
