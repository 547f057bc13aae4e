import type { Role } from '../domain/template.ts';
import { evaluationFormSchema, type EvaluationForm } from '../domain/template.ts';
import type { Locale } from '../domain/text.ts';
import type { Db } from '../store/db.ts';
import { stmt } from '../store/statements.ts';

export type RoundStatus = 'pending' | 'open' | 'closed' | 'skipped';

/** The evaluation of one activity: due when it ends, open while answers are accepted. */
export interface Round {
  activityId: string;
  programmeId: string;
  partnershipId: string | null;
  stepKey: string;
  /** When the activity ended (UTC). */
  dueAt: string;
  status: RoundStatus;
  /** The form as it was asked; null until opened. */
  form: EvaluationForm | null;
  askedAt: string | null;
  closesAt: string | null;
}

/** One member asked about one activity. */
export interface Prompt {
  id: string;
  activityId: string;
  /** null once the member has left the programme (`fjern`): their answers stay, without a name. */
  memberId: string | null;
  /** The member's partnership (null for the consultant). */
  partnershipId: string | null;
  locale: Locale;
  askedAt: string;
  nudgeAt: string;
  nudgeStatus: 'pending' | 'sent' | 'skipped';
  answeredAt: string | null;
}

export type AnswerVia = 'button' | 'thread' | 'direct';

export interface Answer {
  promptId: string;
  questionKey: string;
  value: string;
  comment: string | null;
  via: AnswerVia;
  answeredAt: string;
  changedAt: string | null;
}

/** A prompt with who was asked, for results and exports. */
export interface PromptWithMember extends Prompt {
  /** null for a member who has left: their answers count, and are shown without a name. */
  displayName: string | null;
  role: Role | null;
}

const ROUND_COLUMNS = `activity_id AS activityId, programme_id AS programmeId, partnership_id AS partnershipId,
  step_key AS stepKey, due_at AS dueAt, status, form, asked_at AS askedAt, closes_at AS closesAt`;
const PROMPT_COLUMNS = `p.id, p.activity_id AS activityId, p.member_id AS memberId, p.partnership_id AS partnershipId,
  p.locale, p.asked_at AS askedAt, p.nudge_at AS nudgeAt, p.nudge_status AS nudgeStatus, p.answered_at AS answeredAt`;
const ANSWER_COLUMNS = `a.prompt_id AS promptId, a.question_key AS questionKey, a.value, a.comment, a.via,
  a.answered_at AS answeredAt, a.changed_at AS changedAt`;

type RoundRow = Omit<Round, 'form'> & { form: string | null };

/**
 * Forms are parsed once per distinct JSON text: every round of a step stores the same form, and the
 * pass reads a round for each prompt it nudges (a zod parse is ~10 µs). Parsed forms are never mutated.
 */
const forms = new Map<string, EvaluationForm>();
function parseForm(json: string): EvaluationForm {
  let form = forms.get(json);
  if (!form) {
    if (forms.size > 1_000) forms.clear();
    form = evaluationFormSchema.parse(JSON.parse(json));
    forms.set(json, form);
  }
  return form;
}

function toRound(row: RoundRow): Round {
  return { ...row, form: row.form === null ? null : parseForm(row.form) };
}

/**
 * Rounds, prompts and answers. Every state change is one guarded UPDATE ("only if still pending"), so
 * two schedulers on one database never both open, nudge or close the same thing.
 */
export class EvaluationRepository {
  constructor(private readonly db: Db) {}

  /** Served by a partial index: the cost follows what is due, not how many activities exist. */
  dueRounds(now: Date, limit: number): Round[] {
    const rows = stmt(this.db, `SELECT ${ROUND_COLUMNS} FROM evaluation_rounds WHERE status = 'pending' AND due_at <= ? ORDER BY due_at LIMIT ?`)
      .all(now.toISOString(), limit) as RoundRow[];
    return rows.map(toRound);
  }

  closingRounds(now: Date, limit: number): Round[] {
    const rows = stmt(this.db, `SELECT ${ROUND_COLUMNS} FROM evaluation_rounds WHERE status = 'open' AND closes_at <= ? ORDER BY closes_at LIMIT ?`)
      .all(now.toISOString(), limit) as RoundRow[];
    return rows.map(toRound);
  }

  round(activityId: string): Round | undefined {
    const row = stmt(this.db, `SELECT ${ROUND_COLUMNS} FROM evaluation_rounds WHERE activity_id = ?`).get(activityId) as RoundRow | undefined;
    return row && toRound(row);
  }

  /** Rounds that have been asked, for results. */
  askedRounds(programmeId: string): Round[] {
    const rows = stmt(this.db, `SELECT ${ROUND_COLUMNS} FROM evaluation_rounds r WHERE programme_id = ? AND status IN ('open', 'closed')
         ORDER BY due_at, (SELECT position FROM partnerships WHERE id = r.partnership_id), activity_id`)
      .all(programmeId) as RoundRow[];
    return rows.map(toRound);
  }

  open(activityId: string, form: EvaluationForm, askedAt: Date, closesAt: Date): boolean {
    return stmt(this.db, `UPDATE evaluation_rounds SET status = 'open', form = ?, asked_at = ?, closes_at = ? WHERE activity_id = ? AND status = 'pending'`)
      .run(JSON.stringify(form), askedAt.toISOString(), closesAt.toISOString(), activityId).changes === 1;
  }

  skip(activityId: string): boolean {
    return stmt(this.db, `UPDATE evaluation_rounds SET status = 'skipped' WHERE activity_id = ? AND status = 'pending'`).run(activityId).changes === 1;
  }

  /** Closes a round; reminders not sent by then are dropped with it. */
  close(activityId: string, now: Date): boolean {
    const closed = stmt(this.db, `UPDATE evaluation_rounds SET status = 'closed', closed_at = ? WHERE activity_id = ? AND status = 'open'`)
      .run(now.toISOString(), activityId).changes === 1;
    if (closed) stmt(this.db, `UPDATE evaluation_prompts SET nudge_status = 'skipped' WHERE activity_id = ? AND nudge_status = 'pending'`).run(activityId);
    return closed;
  }

  /** Adds a prompt unless the member was already asked about this activity. */
  insertPrompt(prompt: Omit<Prompt, 'nudgeStatus' | 'answeredAt'>): boolean {
    return stmt(this.db,
        `INSERT OR IGNORE INTO evaluation_prompts (id, activity_id, member_id, partnership_id, locale, asked_at, nudge_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(prompt.id, prompt.activityId, prompt.memberId, prompt.partnershipId, prompt.locale, prompt.askedAt, prompt.nudgeAt).changes === 1;
  }

  prompt(id: string): Prompt | undefined {
    return stmt(this.db, `SELECT ${PROMPT_COLUMNS} FROM evaluation_prompts p WHERE p.id = ?`).get(id) as Prompt | undefined;
  }

  promptsForRound(activityId: string): Prompt[] {
    return stmt(this.db, `SELECT ${PROMPT_COLUMNS} FROM evaluation_prompts p WHERE p.activity_id = ? ORDER BY p.id`).all(activityId) as Prompt[];
  }

  /** Unanswered prompts whose reminder is due; partial index on pending nudges. */
  dueNudges(now: Date, limit: number): Prompt[] {
    return stmt(this.db, `SELECT ${PROMPT_COLUMNS} FROM evaluation_prompts p WHERE p.nudge_status = 'pending' AND p.nudge_at <= ? ORDER BY p.nudge_at LIMIT ?`)
      .all(now.toISOString(), limit) as Prompt[];
  }

  setNudge(id: string, status: 'sent' | 'skipped'): boolean {
    return stmt(this.db, `UPDATE evaluation_prompts SET nudge_status = ? WHERE id = ? AND nudge_status = 'pending'`).run(status, id).changes === 1;
  }

  /** A nudge that fell due at an unfriendly hour (after downtime) waits for the next good moment. */
  postponeNudge(id: string, at: Date): void {
    stmt(this.db, `UPDATE evaluation_prompts SET nudge_at = ? WHERE id = ? AND nudge_status = 'pending'`).run(at.toISOString(), id);
  }

  /**
   * Every prompt a platform user has had in a workspace, newest first (index on members.user_ref).
   * Prompts asked together (after downtime) are ordered by their activity, latest first.
   */
  promptsOfUser(platform: string, workspaceId: string, userRef: string): Prompt[] {
    return stmt(this.db,
        `SELECT ${PROMPT_COLUMNS} FROM evaluation_prompts p JOIN members m ON m.id = p.member_id
         JOIN programmes g ON g.id = m.programme_id JOIN evaluation_rounds r ON r.activity_id = p.activity_id
         WHERE m.user_ref = ? AND g.platform = ? AND g.workspace_id = ? ORDER BY p.asked_at DESC, r.due_at DESC, p.id`,
      )
      .all(userRef, platform, workspaceId) as Prompt[];
  }

  promptsForProgramme(programmeId: string): PromptWithMember[] {
    return stmt(this.db,
        `SELECT ${PROMPT_COLUMNS}, m.display_name AS displayName, m.role FROM evaluation_prompts p
         JOIN evaluation_rounds r ON r.activity_id = p.activity_id LEFT JOIN members m ON m.id = p.member_id
         LEFT JOIN partnerships pp ON pp.id = p.partnership_id
         WHERE r.programme_id = ? ORDER BY pp.position, p.asked_at, m.display_name`,
      )
      .all(programmeId) as PromptWithMember[];
  }

  answers(promptId: string): Answer[] {
    return stmt(this.db, `SELECT ${ANSWER_COLUMNS} FROM evaluation_answers a WHERE a.prompt_id = ?`).all(promptId) as Answer[];
  }

  answersForProgramme(programmeId: string): Answer[] {
    return stmt(this.db,
        `SELECT ${ANSWER_COLUMNS} FROM evaluation_answers a JOIN evaluation_prompts p ON p.id = a.prompt_id
         JOIN evaluation_rounds r ON r.activity_id = p.activity_id WHERE r.programme_id = ?`,
      )
      .all(programmeId) as Answer[];
  }

  /**
   * A member leaves: prompts they answered stay (migration 11 makes their member NULL when the row goes),
   * with no reminder left; prompts they never answered on forms still open are withdrawn, so no one
   * who left is counted as missing from a form that runs on. Returns how many were withdrawn.
   */
  withdrawForLeaving(memberId: string, now: Date): number {
    stmt(this.db, `UPDATE evaluation_prompts SET nudge_status = 'skipped' WHERE member_id = ? AND nudge_status = 'pending'`).run(memberId);
    const open = this.openUnanswered(memberId, now);
    // Only forms still open lose the prompt: on a closed form the unanswered prompt stays (its member
    // becomes NULL with the member), so a past "7 af 8 svarede" does not turn into "7 af 7".
    stmt(this.db,
        `DELETE FROM evaluation_prompts WHERE member_id = ? AND answered_at IS NULL AND activity_id IN (
           SELECT activity_id FROM evaluation_rounds WHERE status = 'open' AND closes_at > ?)`,
      ).run(memberId, now.toISOString());
    return open;
  }

  /** Unanswered prompts of a member on forms still open: what `fjern` withdraws (its preview). */
  openUnanswered(memberId: string, now: Date): number {
    return stmt(this.db,
        `SELECT COUNT(*) FROM evaluation_prompts p JOIN evaluation_rounds r ON r.activity_id = p.activity_id
         WHERE p.member_id = ? AND p.answered_at IS NULL AND r.status = 'open' AND r.closes_at > ?`,
      ).pluck().get(memberId, now.toISOString()) as number;
  }

  /** Stores or replaces an answer; returns whether it replaced an earlier one. */
  saveAnswer(answer: Omit<Answer, 'changedAt'>): 'new' | 'changed' {
    const before = stmt(this.db, 'SELECT 1 FROM evaluation_answers WHERE prompt_id = ? AND question_key = ?')
      .get(answer.promptId, answer.questionKey);
    stmt(this.db,
        `INSERT INTO evaluation_answers (prompt_id, question_key, value, comment, via, answered_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (prompt_id, question_key) DO UPDATE SET value = excluded.value, comment = excluded.comment,
           via = excluded.via, changed_at = excluded.answered_at`,
      )
      .run(answer.promptId, answer.questionKey, answer.value, answer.comment, answer.via, answer.answeredAt);
    // The first answer makes the member a respondent: no reminder for them.
    stmt(this.db, 'UPDATE evaluation_prompts SET answered_at = COALESCE(answered_at, ?) WHERE id = ?').run(answer.answeredAt, answer.promptId);
    stmt(this.db, `UPDATE evaluation_prompts SET nudge_status = 'skipped' WHERE id = ? AND nudge_status = 'pending'`).run(answer.promptId);
    return before ? 'changed' : 'new';
  }
}
