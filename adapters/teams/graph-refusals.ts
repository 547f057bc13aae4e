import type { Db } from '../../src/store/db.ts';

/**
 * Graph permissions a team (or a tenant) refused with 403, remembered in the database so Graph is not
 * asked again on every delivery, nor after a restart, and the consultant is told once. A refusal is
 * forgotten when the app is installed or updated in the team again (that is when a team owner grants
 * resource-specific consent), and after REFUSAL_TTL_MS, because an admin can grant a tenant-wide
 * permission without Teams telling the bot.
 */
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS teams_graph_refusals (
    scope       TEXT NOT NULL,              -- team:{teamId} or tenant:{tenantId}
    permission  TEXT NOT NULL,              -- e.g. Channel.Create.Group
    refused_at  TEXT NOT NULL,
    reason      TEXT,
    PRIMARY KEY (scope, permission)
  );
`;

export const REFUSAL_TTL_MS = 7 * 24 * 3_600_000;

export class GraphRefusals {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
  ) {
    db.exec(SCHEMA);
  }

  isRefused(scope: string, permission: string): boolean {
    const at = this.db.prepare('SELECT refused_at FROM teams_graph_refusals WHERE scope = ? AND permission = ?').pluck().get(scope, permission) as string | undefined;
    return !!at && this.now().getTime() - Date.parse(at) < REFUSAL_TTL_MS;
  }

  refuse(scope: string, permission: string, reason: string): void {
    this.db
      .prepare(`INSERT INTO teams_graph_refusals (scope, permission, refused_at, reason) VALUES (?, ?, ?, ?)
                ON CONFLICT (scope, permission) DO UPDATE SET refused_at = excluded.refused_at, reason = excluded.reason`)
      .run(scope, permission, this.now().toISOString(), reason.slice(0, 500));
  }

  /** The app was (re)installed or updated in the team: consent may have changed, ask Graph again. */
  forgetTeam(teamId: string): void {
    this.db.prepare('DELETE FROM teams_graph_refusals WHERE scope = ?').run(`team:${teamId}`);
  }
}
