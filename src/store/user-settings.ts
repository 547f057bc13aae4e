import type { Locale } from '../domain/text.ts';
import type { Db } from './db.ts';
import { stmt } from './statements.ts';

/*
 * What a user set for themselves in a workspace (user_settings): their language and the programme their
 * commands act on outside the programmes' channels; and the programmes they take part in.
 */

/** Records the language a user asked for, and applies it wherever they are a member. */
export function setUserLocale(db: Db, platform: string, workspaceId: string, userRef: string, locale: Locale): void {
  stmt(db, 
    `INSERT INTO user_settings (platform, workspace_id, user_ref, locale) VALUES (?, ?, ?, ?)
     ON CONFLICT (platform, workspace_id, user_ref) DO UPDATE SET locale = excluded.locale`,
  ).run(platform, workspaceId, userRef, locale);
  stmt(db, 
    `UPDATE members SET locale = ? WHERE user_ref = ? AND programme_id IN
       (SELECT id FROM programmes WHERE platform = ? AND workspace_id = ?)`,
  ).run(locale, userRef, platform, workspaceId);
}

export function getUserLocale(db: Db, platform: string, workspaceId: string, userRef: string): Locale | undefined {
  return (stmt(db, 'SELECT locale FROM user_settings WHERE platform = ? AND workspace_id = ? AND user_ref = ?')
    .pluck()
    .get(platform, workspaceId, userRef) ?? undefined) as Locale | undefined;
}

/** Makes `programmeId` the one the user's commands act on outside the programmes' channels. */
export function setUserProgramme(db: Db, platform: string, workspaceId: string, userRef: string, programmeId: string): void {
  stmt(db,
    `INSERT INTO user_settings (platform, workspace_id, user_ref, programme_id) VALUES (?, ?, ?, ?)
     ON CONFLICT (platform, workspace_id, user_ref) DO UPDATE SET programme_id = excluded.programme_id`,
  ).run(platform, workspaceId, userRef, programmeId);
}

/** The programme the user picked (`forløb <navn>`) or last created, if it still exists. */
export function getUserProgramme(db: Db, platform: string, workspaceId: string, userRef: string): string | undefined {
  return (stmt(db, 'SELECT programme_id FROM user_settings WHERE platform = ? AND workspace_id = ? AND user_ref = ?')
    .pluck()
    .get(platform, workspaceId, userRef) ?? undefined) as string | undefined;
}

/** Programmes of a workspace in which the user has any role, newest first. */
export function programmesOfUser(db: Db, platform: string, workspaceId: string, userRef: string): string[] {
  return stmt(db, 
      `SELECT DISTINCT g.id FROM programmes g JOIN members m ON m.programme_id = g.id
       WHERE g.platform = ? AND g.workspace_id = ? AND m.user_ref = ? ORDER BY g.created_at DESC, g.rowid DESC`,
    )
    .pluck()
    .all(platform, workspaceId, userRef) as string[];
}
