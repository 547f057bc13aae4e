import type { Db } from './db.ts';
import { stmt } from './statements.ts';

/**
 * Every text users gave in a workspace's programmes (names, organisations, display names, places) that
 * holds one of the message model's formatting characters: the texts a command reply may repeat and
 * that renderers must show as written (withUserTexts). The GLOB keeps the rest in SQLite: most names
 * have none, so a reply costs one indexed pass over the workspace's rows, not one per row in JavaScript.
 */
export function formattedUserTexts(db: Db, platform: string, workspaceId: string): string[] {
  return stmt(
    db,
    `WITH p AS (SELECT id, name FROM programmes WHERE platform = ? AND workspace_id = ?)
     SELECT t FROM (
       SELECT name AS t FROM p
       UNION SELECT x.name FROM partnerships x JOIN p ON x.programme_id = p.id
       UNION SELECT x.cultural_institution FROM partnerships x JOIN p ON x.programme_id = p.id
       UNION SELECT x.daycare FROM partnerships x JOIN p ON x.programme_id = p.id
       UNION SELECT m.display_name FROM members m JOIN p ON m.programme_id = p.id
       UNION SELECT o.location FROM activity_overrides o JOIN p ON o.programme_id = p.id
       UNION SELECT a.location FROM activities a JOIN p ON a.programme_id = p.id
     ) WHERE t GLOB '*[]*_~\`[\\]*'`,
  )
    .pluck()
    .all(platform, workspaceId) as string[];
}
