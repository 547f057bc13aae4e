import { randomUUID } from 'node:crypto';
import type { Core } from '../app.ts';
import type { Programme } from '../domain/entities.ts';
import type { ActivityKind, Template } from '../domain/template.ts';
import { pick, type Locale } from '../domain/text.ts';
import type { RichMessage } from '../messages/model.ts';
import type { StoredActivity } from '../store/activities.ts';
import type { MemberWithDm } from '../store/programmes.ts';
import { localDate } from '../evaluations/timing.ts';
import { assignedMessage, closedMessage, type ActionContext } from './messages.ts';
import { ActionRepository, type MeetingAction } from './repository.ts';
import { nextReminder, reminderInstants } from './timing.ts';

/** Activities whose minutes can hold actions. */
export const MEETING_KINDS: readonly ActivityKind[] = ['meeting', 'seminar', 'workshop', 'conference'];

export function isMeeting(activity: Pick<StoredActivity, 'kind'>): boolean {
  return MEETING_KINDS.includes(activity.kind);
}

/** Idempotency keys of an action's messages; their result_ref is the platform's message id. */
export const actionKeys = {
  assigned: (id: string) => `action:${id}:assigned`,
  reminder: (id: string, index: number) => `action:${id}:remind:${index}`,
  closed: (sourceKey: string) => `${sourceKey}:closed`,
  ask: (activityId: string) => `action-ask:${activityId}`,
};

export function actionRepository(core: Core): ActionRepository {
  return new ActionRepository(core.db);
}

/** "Kvartalsmøde · Styregruppen": the step's title, and the group when the meeting is a group's own. */
export function meetingTitle(core: Core, template: Template | undefined, activity: Pick<StoredActivity, 'stepKey' | 'partnershipId'>, locale: Locale): string {
  const step = template?.steps.find((s) => s.key === activity.stepKey);
  const title = step ? pick(step.title, locale) : activity.stepKey;
  const group = activity.partnershipId ? core.repos.partnerships.get(activity.partnershipId) : undefined;
  return group ? `${title} · ${group.name}` : title;
}

/**
 * The action with its meeting's title in `locale`: the stored title is in the programme's language,
 * and is what is left once the meeting is gone (an owner reading English gets the English title).
 */
export function inLocale(core: Core, programme: Programme, action: MeetingAction, locale: Locale): MeetingAction {
  const activity = action.activityId ? core.repos.activities.get(action.activityId) : undefined;
  if (!activity) return action;
  return { ...action, meetingTitle: meetingTitle(core, core.templates.ofProgramme(programme), activity, locale) };
}

export interface NewAction {
  programme: Programme;
  meeting: StoredActivity;
  owner: MemberWithDm;
  text: string;
  dueDate: string;
  createdByName: string;
}

/**
 * Stores the action and queues the owner's direct message with Færdig, in one transaction: a crash
 * leaves both or neither, and the message's idempotency key makes a retried send arrive once.
 */
export function recordAction(core: Core, input: NewAction): MeetingAction {
  const { programme, meeting, owner } = input;
  const now = core.clock.now();
  const template = core.templates.ofProgramme(programme);
  const instants = reminderInstants(programme, template, input.dueDate);
  const first = nextReminder(instants, now);
  const action: MeetingAction = {
    id: randomUUID(),
    programmeId: programme.id,
    // A programme-wide meeting's action is listed under its owner's group.
    partnershipId: meeting.partnershipId ?? owner.partnershipId,
    activityId: meeting.id,
    meetingTitle: meetingTitle(core, template, meeting, programme.locale),
    meetingDate: meeting.localDate,
    ownerMemberId: owner.id,
    ownerName: owner.displayName,
    text: input.text,
    dueDate: input.dueDate,
    createdBy: input.createdByName,
    createdAt: now.toISOString(),
    status: 'open',
    doneAt: null,
    remindAt: first.at,
    remindIndex: first.index,
  };
  core.transaction(() => {
    const repo = actionRepository(core);
    repo.insert(action);
    const context = contextFor(core, programme, action, owner);
    enqueueToOwner(core, programme, action, owner.id, actionKeys.assigned(action.id), assignedMessage(inLocale(core, programme, action, context.locale), context), now);
  });
  core.scheduler.kick();
  return action;
}

/** The owner's language now (`sprog`), else their member language, else the programme's. */
export function ownerLocale(core: Core, programme: Programme, owner: MemberWithDm | undefined): Locale {
  const chosen = owner?.userRef ? core.db
    .prepare('SELECT locale FROM user_settings WHERE platform = ? AND workspace_id = ? AND user_ref = ?')
    .pluck()
    .get(programme.platform, programme.workspaceId, owner.userRef) as Locale | null | undefined : undefined;
  return chosen ?? owner?.locale ?? programme.locale;
}

export function contextFor(core: Core, programme: Programme, action: MeetingAction, owner: MemberWithDm | undefined): ActionContext {
  return { programmeName: programme.name, createdByName: action.createdBy, locale: ownerLocale(core, programme, owner) };
}

export function enqueueToOwner(core: Core, programme: Programme, action: MeetingAction, memberId: string, key: string, message: RichMessage, now: Date, notBefore?: Date): boolean {
  return core.repos.deliveries.enqueue(
    {
      idempotencyKey: key,
      platform: programme.platform,
      workspaceId: programme.workspaceId,
      programmeId: programme.id,
      target: { type: 'member', id: memberId },
      payload: { op: 'post', message },
      ...(notBefore ? { notBefore } : {}),
    },
    now,
  );
}

/**
 * Closes an open action (false if it was done already) and takes the Færdig button off every message
 * about it that reached the owner.
 */
export function closeAction(core: Core, programme: Programme, action: MeetingAction, owner: MemberWithDm): boolean {
  const now = core.clock.now();
  const closed = core.transaction(() => {
    if (!actionRepository(core).close(action.id, now)) return false;
    const locale = ownerLocale(core, programme, owner);
    const message = closedMessage(inLocale(core, programme, action, locale), locale, localDate(now, programme.timezone));
    const sent = [actionKeys.assigned(action.id), actionKeys.reminder(action.id, 0), actionKeys.reminder(action.id, 1)];
    for (const key of sent) {
      const messageRef = core.repos.deliveries.resultRef(key);
      if (!messageRef) continue;
      core.repos.deliveries.enqueue(
        {
          idempotencyKey: actionKeys.closed(key),
          platform: programme.platform,
          workspaceId: programme.workspaceId,
          programmeId: programme.id,
          target: { type: 'member', id: owner.id },
          payload: { op: 'update', messageRef, message },
        },
        now,
      );
    }
    return true;
  });
  if (closed) core.scheduler.kick();
  return closed;
}
