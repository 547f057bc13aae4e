import type { Core } from '../../src/app.ts';
import type { Programme } from '../../src/domain/entities.ts';
import type { Locale } from '../../src/domain/text.ts';
import { plainMessage, withRepeatedTexts } from '../../src/messages/model.ts';
import { formattedUserTexts } from '../../src/store/user-texts.ts';

/**
 * Tells a programme's consultants something about Teams (a channel mode, a dead conversation, people
 * missing from the team). Through the outbox like every message, under a fixed key: said once.
 * A consultant whose own chat is the dead one is skipped (`status` shows the failed deliveries).
 */
export function notifyConsultants(core: Core, input: { programmeId: string; key: string; text: (locale: Locale, programme: Programme) => string; unreachable?: string }): number {
  const programme = core.repos.programmes.get(input.programmeId);
  if (!programme) return 0;
  const consultants = core.repos.members.listForProgramme(programme.id).filter((m) => m.role === 'consultant');
  // Notices name the programme and its people: users' formatting in those names shows as written.
  const names = formattedUserTexts(core.db, programme.platform, programme.workspaceId);
  let queued = 0;
  for (const consultant of consultants) {
    if (input.unreachable && consultant.dmRef === input.unreachable) continue;
    const added = core.repos.deliveries.enqueue(
      {
        idempotencyKey: `teams:${input.key}:${consultant.id}`,
        platform: programme.platform,
        workspaceId: programme.workspaceId,
        programmeId: programme.id,
        target: { type: 'member', id: consultant.id },
        payload: { op: 'post', message: withRepeatedTexts(plainMessage(input.text(consultant.locale ?? programme.locale, programme)), names) },
      },
      core.clock.now(),
    );
    if (added) queued += 1;
  }
  return queued;
}

/** Programmes in which a user takes part (for a notice that they cannot be reached). */
export function programmesOfUser(core: Core, workspaceId: string, userRef: string): { programmeId: string; name: string }[] {
  return core.db
    .prepare(
      `SELECT m.programme_id AS programmeId, m.display_name AS name FROM members m JOIN programmes g ON g.id = m.programme_id
       WHERE g.platform = 'teams' AND g.workspace_id = ? AND m.user_ref = ? GROUP BY m.programme_id`,
    )
    .all(workspaceId, userRef) as { programmeId: string; name: string }[];
}

/** The programmes (and partnership) a channel or personal chat belongs to, for a notice about it. */
export function ownersOf(core: Core, workspaceId: string, channelRef: string): { programmeId: string; where: string; member?: string }[] {
  const db = core.db;
  const channels = db
    .prepare(
      `SELECT g.id AS programmeId, g.name AS where_ FROM programmes g WHERE g.platform = 'teams' AND g.workspace_id = ? AND g.channel_ref = ?
       UNION ALL
       SELECT p.programme_id, p.name FROM partnerships p JOIN programmes g ON g.id = p.programme_id
       WHERE g.platform = 'teams' AND g.workspace_id = ? AND p.channel_ref = ?`,
    )
    .all(workspaceId, channelRef, workspaceId, channelRef) as { programmeId: string; where_: string }[];
  const directs = db
    .prepare(
      `SELECT m.programme_id AS programmeId, m.display_name AS name FROM members m JOIN programmes g ON g.id = m.programme_id
       WHERE g.platform = 'teams' AND g.workspace_id = ? AND m.dm_ref = ?`,
    )
    .all(workspaceId, channelRef) as { programmeId: string; name: string }[];
  return [...channels.map((c) => ({ programmeId: c.programmeId, where: c.where_ })), ...directs.map((d) => ({ programmeId: d.programmeId, where: d.name, member: d.name }))];
}
