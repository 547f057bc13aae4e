import type { Core } from '../app.ts';
import type { CommandContext } from '../commands/types.ts';
import type { Programme } from '../domain/entities.ts';
import { UserError } from '../domain/errors.ts';
import { endedBeforeGroup } from '../programmes/group-added.ts';
import type { StoredActivity } from '../store/activities.ts';
import type { MemberWithDm } from '../store/programmes.ts';
import type { Locale } from '../domain/text.ts';
import { longDate } from '../timeline/time.ts';
import { meetingTitle } from './service.ts';
import { at, atBoth } from './texts.ts';

/** The longest action text: a line in the minutes, not the minutes. */
export const ACTION_TEXT_MAX = 300;

/** The owner's row in the meeting's group if they have one there, else their first. */
export function ownerIn(candidates: MemberWithDm[], meeting: Pick<StoredActivity, 'partnershipId'>): MemberWithDm {
  return candidates.find((m) => m.partnershipId === meeting.partnershipId) ?? candidates.find((m) => m.partnershipId !== null) ?? candidates[0]!;
}

/** The consultant gives actions; so does the person the bot asked about this meeting. */
export function requireAllowed(core: Core, programme: Programme, meeting: StoredActivity, ctx: CommandContext): void {
  if (core.repos.members.hasRole(programme.id, ctx.userRef, 'consultant')) return;
  const asked = core.db
    .prepare(`SELECT 1 FROM action_asks k JOIN members m ON m.id = k.member_id WHERE k.activity_id = ? AND k.status = 'asked' AND m.user_ref = ?`)
    .get(meeting.id, ctx.userRef);
  if (!asked) throw new UserError('action_not_allowed', atBoth('notAllowed'));
}

/** Whether this person gives actions in the programme at all: its consultant, or someone asked for a meeting's. */
export function mayGiveActions(core: Core, programme: Programme, ctx: CommandContext): boolean {
  if (core.repos.members.hasRole(programme.id, ctx.userRef, 'consultant')) return true;
  return !!core.db
    .prepare(`SELECT 1 FROM action_asks k JOIN members m ON m.id = k.member_id WHERE k.programme_id = ? AND k.status = 'asked' AND m.user_ref = ?`)
    .get(programme.id, ctx.userRef);
}

/** Actions come from a meeting that was held: not a cancelled occurrence (`aflys`), nor one still ahead. */
export function requireHeld(core: Core, programme: Programme, meeting: StoredActivity, now: Date): void {
  const before = endedBeforeGroup(core.db, meeting.partnershipId, meeting.endsAt, programme.createdAt);
  if (!meeting.cancelled && !before && meeting.endsAt <= now.toISOString()) return;
  const template = core.templates.ofProgramme(programme);
  const key = meeting.cancelled ? 'meetingCancelled' : before ? 'meetingBeforeGroup' : 'meetingNotHeld';
  const text = (l: Locale) => at(l, key, { meeting: meetingTitle(core, template, meeting, l), date: longDate(meeting.localDate, l) });
  throw new UserError(meeting.cancelled ? 'action_meeting_cancelled' : before ? 'action_meeting_before_group' : 'action_meeting_ahead', { da: text('da'), en: text('en') });
}

/** A meeting its group held: not cancelled, over, and not from before the group joined the programme. */
export function heldByGroup(core: Core, programme: Programme, meeting: StoredActivity, nowIso: string): boolean {
  return !meeting.cancelled && meeting.endsAt <= nowIso && !endedBeforeGroup(core.db, meeting.partnershipId, meeting.endsAt, programme.createdAt);
}
