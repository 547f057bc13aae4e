import type { Db } from '../store/db.ts';
import { stmt } from '../store/statements.ts';

/** A group under watch (table group_watch, migration 9). */
export interface WatchedGroup {
  groupId: string;
  programmeId: string;
  /** When a person last wrote in the group's channel (UTC); null: nobody yet. */
  lastHumanAt: string | null;
  checkAt: string | null;
  /** What the consultant was last told about this group (see pass.ts); never the same twice. */
  notifiedKey: string | null;
}

const COLUMNS = `group_id AS groupId, programme_id AS programmeId, last_human_at AS lastHumanAt, check_at AS checkAt, notified_key AS notifiedKey`;

/** The watch's rows. Rows are made by triggers: one per group, from its creation on. */
export class WatchRepository {
  constructor(private readonly db: Db) {}

  /** Groups whose time to be looked at has come (partial index group_watch_due). */
  due(now: Date, limit: number): WatchedGroup[] {
    return stmt(this.db, `SELECT ${COLUMNS} FROM group_watch WHERE check_at IS NOT NULL AND check_at <= ? ORDER BY check_at LIMIT ?`)
      .all(now.toISOString(), limit) as WatchedGroup[];
  }

  get(groupId: string): WatchedGroup | undefined {
    return stmt(this.db, `SELECT ${COLUMNS} FROM group_watch WHERE group_id = ?`).get(groupId) as WatchedGroup | undefined;
  }

  /** The group whose channel this is, on that platform and workspace. */
  groupOfChannel(platform: string, workspaceId: string, channelRef: string): string | undefined {
    return stmt(this.db,
        `SELECT p.id FROM partnerships p JOIN programmes g ON g.id = p.programme_id
         WHERE p.channel_ref = ? AND g.platform = ? AND g.workspace_id = ? LIMIT 1`,
      )
      .pluck()
      .get(channelRef, platform, workspaceId) as string | undefined;
  }

  /** A person wrote: the group is looked at again at once (its quiet time starts over). */
  noteHumanMessage(groupId: string, at: Date): boolean {
    return stmt(this.db,
        `UPDATE group_watch SET last_human_at = MAX(COALESCE(last_human_at, ''), ?), check_at = '' WHERE group_id = ?`,
      )
      .run(at.toISOString(), groupId).changes === 1;
  }

  /** When to look next; null: not until something changes (a message, a result). */
  setCheck(groupId: string, at: Date | null, expected: string | null): boolean {
    // Guarded: a message noted meanwhile set check_at to '' and must not be overwritten.
    return stmt(this.db, `UPDATE group_watch SET check_at = ? WHERE group_id = ? AND check_at IS ?`)
      .run(at ? at.toISOString() : null, groupId, expected).changes === 1;
  }

  setNotified(groupId: string, key: string): void {
    stmt(this.db, `UPDATE group_watch SET notified_key = ? WHERE group_id = ?`).run(key, groupId);
  }
}
