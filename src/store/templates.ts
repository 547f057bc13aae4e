import type { Db } from './db.ts';
import { stmt } from './statements.ts';

/** The workspace a consultant's template belongs to: uploaded templates are never shared between workspaces. */
export interface TemplateScope {
  platform: string;
  workspaceId: string;
}

/** One stored upload; `json` is the validated template as JSON (the registry parses it). */
export interface StoredTemplateRow {
  templateId: string;
  version: number;
  json: string;
  addedBy: string;
  addedAt: string;
}

const COLUMNS = 'template_id AS templateId, version, json, added_by AS addedBy, added_at AS addedAt';

/**
 * Consultants' own templates (table `templates`, migration 7). Rows are never updated: the newest
 * version of an id is the one offered; older ones stay for the record.
 */
export class TemplateStore {
  constructor(private readonly db: Db) {}

  /**
   * Which snapshot a programme was created with (template_snapshots, migration 13), if one is stored:
   * a small number, read on every tick per programme, where the text is tens of KB.
   */
  snapshotId(programmeId: string): number | undefined {
    return (stmt(this.db, 'SELECT snapshot_id FROM programmes WHERE id = ?').pluck().get(programmeId) as number | null | undefined) ?? undefined;
  }

  /** A snapshot's JSON; the row never changes, so callers may keep what they parse from it by id. */
  snapshotJson(snapshotId: number): string | undefined {
    return stmt(this.db, 'SELECT json FROM template_snapshots WHERE id = ?').pluck().get(snapshotId) as string | undefined;
  }

  /** The newest version of one id in the workspace. */
  latest(scope: TemplateScope, templateId: string): StoredTemplateRow | undefined {
    return stmt(this.db, `SELECT ${COLUMNS} FROM templates WHERE platform = ? AND workspace_id = ? AND template_id = ? ORDER BY version DESC LIMIT 1`)
      .get(scope.platform, scope.workspaceId, templateId) as StoredTemplateRow | undefined;
  }

  /** The newest version of every id in the workspace, by id. */
  listLatest(scope: TemplateScope): StoredTemplateRow[] {
    return stmt(
      this.db,
      `SELECT ${COLUMNS} FROM templates t WHERE platform = ? AND workspace_id = ?
         AND version = (SELECT MAX(version) FROM templates u WHERE u.platform = t.platform AND u.workspace_id = t.workspace_id AND u.template_id = t.template_id)
       ORDER BY template_id`,
    ).all(scope.platform, scope.workspaceId) as StoredTemplateRow[];
  }

  /** Adds a version; the primary key refuses the same version twice (a concurrent upload). */
  add(scope: TemplateScope, row: StoredTemplateRow): void {
    stmt(this.db, 'INSERT INTO templates (platform, workspace_id, template_id, version, json, added_by, added_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(scope.platform, scope.workspaceId, row.templateId, row.version, row.json, row.addedBy, row.addedAt);
  }
}
