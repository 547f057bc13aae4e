import type { Db } from '../store/db.ts';
import { stmt } from '../store/statements.ts';

/** A meeting whose owner is (to be) asked for the actions of its minutes. */
export interface ActionAsk {
  activityId: string;
  programmeId: string;
  partnershipId: string | null;
  stepKey: string;
  /** When the meeting ended (UTC). */
  dueAt: string;
  status: 'pending' | 'asked' | 'skipped';
  memberId: string | null;
  askedAt: string | null;
}

/** One action from a meeting's minutes. */
export interface MeetingAction {
  id: string;
  programmeId: string;
  /** The group the meeting was held in (null: programme-wide). */
  partnershipId: string | null;
  activityId: string | null;
  meetingTitle: string;
  /** The meeting's local date, yyyy-mm-dd. */
  meetingDate: string;
  /** null once the owner has left the programme: the action is "uden ejer". */
  ownerMemberId: string | null;
  ownerName: string;
  text: string;
  /** Local date, a working day. */
  dueDate: string;
  createdBy: string;
  createdAt: string;
  status: 'open' | 'done';
  doneAt: string | null;
  remindAt: string | null;
  remindIndex: number;
}

const ASK_COLUMNS = `activity_id AS activityId, programme_id AS programmeId, partnership_id AS partnershipId,
  step_key AS stepKey, due_at AS dueAt, status, member_id AS memberId, asked_at AS askedAt`;
const ACTION_COLUMNS = `id, programme_id AS programmeId, partnership_id AS partnershipId, activity_id AS activityId,
  meeting_title AS meetingTitle, meeting_date AS meetingDate, owner_member_id AS ownerMemberId, owner_name AS ownerName,
  text, due_date AS dueDate, created_by AS createdBy, created_at AS createdAt, status, done_at AS doneAt,
  remind_at AS remindAt, remind_index AS remindIndex`;

/**
 * Asks and actions. Every state change is one guarded UPDATE ("only if still pending / open / at this
 * reminder"), so two schedulers, a restart between marking and sending, or two presses of Færdig never
 * do a thing twice.
 */
export class ActionRepository {
  constructor(private readonly db: Db) {}

  dueAsks(now: Date, limit: number): ActionAsk[] {
    return stmt(this.db, `SELECT ${ASK_COLUMNS} FROM action_asks WHERE status = 'pending' AND due_at <= ? ORDER BY due_at LIMIT ?`)
      .all(now.toISOString(), limit) as ActionAsk[];
  }

  markAsked(activityId: string, memberId: string, now: Date): boolean {
    return stmt(this.db, `UPDATE action_asks SET status = 'asked', member_id = ?, asked_at = ? WHERE activity_id = ? AND status = 'pending'`)
      .run(memberId, now.toISOString(), activityId).changes === 1;
  }

  skipAsk(activityId: string): void {
    stmt(this.db, `UPDATE action_asks SET status = 'skipped' WHERE activity_id = ? AND status = 'pending'`).run(activityId);
  }

  /** The meetings this member was asked about, newest first: a reply in the DM adds to the newest. */
  asksOfMember(memberIds: string[]): ActionAsk[] {
    if (memberIds.length === 0) return [];
    return this.db
      .prepare(`SELECT ${ASK_COLUMNS} FROM action_asks WHERE status = 'asked' AND member_id IN (${memberIds.map(() => '?').join(',')}) ORDER BY asked_at DESC, due_at DESC`)
      .all(...memberIds) as ActionAsk[];
  }

  insert(action: MeetingAction): void {
    stmt(this.db,
      `INSERT INTO meeting_actions (id, programme_id, partnership_id, activity_id, meeting_title, meeting_date, owner_member_id,
         owner_name, text, due_date, created_by, created_at, status, remind_at, remind_index)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?)`,
    ).run(action.id, action.programmeId, action.partnershipId, action.activityId, action.meetingTitle, action.meetingDate,
      action.ownerMemberId, action.ownerName, action.text, action.dueDate, action.createdBy, action.createdAt, action.remindAt, action.remindIndex);
  }

  get(id: string): MeetingAction | undefined {
    return stmt(this.db, `SELECT ${ACTION_COLUMNS} FROM meeting_actions WHERE id = ?`).get(id) as MeetingAction | undefined;
  }

  /** Closes an open action; false if it was already done (a second press changes nothing). */
  close(id: string, now: Date): boolean {
    return stmt(this.db, `UPDATE meeting_actions SET status = 'done', done_at = ?, remind_at = NULL WHERE id = ? AND status = 'open'`)
      .run(now.toISOString(), id).changes === 1;
  }

  dueReminders(now: Date, limit: number): MeetingAction[] {
    return stmt(this.db, `SELECT ${ACTION_COLUMNS} FROM meeting_actions WHERE status = 'open' AND remind_at IS NOT NULL AND remind_at <= ? ORDER BY remind_at LIMIT ?`)
      .all(now.toISOString(), limit) as MeetingAction[];
  }

  /** Moves an action on from the reminder it was at; false if another pass already did. */
  advanceReminder(id: string, fromIndex: number, next: { at: string | null; index: number }): boolean {
    return stmt(this.db, `UPDATE meeting_actions SET remind_at = ?, remind_index = ? WHERE id = ? AND status = 'open' AND remind_index = ?`)
      .run(next.at, next.index, id, fromIndex).changes === 1;
  }

  openForProgramme(programmeId: string): MeetingAction[] {
    return stmt(this.db, `SELECT ${ACTION_COLUMNS} FROM meeting_actions WHERE programme_id = ? AND status = 'open' ORDER BY due_date, created_at`)
      .all(programmeId) as MeetingAction[];
  }
}
