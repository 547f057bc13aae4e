import type { Core } from '../app.ts';
import { COMMAND } from '../commands/texts.ts';
import type { Programme } from '../domain/entities.ts';
import { localDate, nextSendTime, programmeTime } from '../evaluations/timing.ts';
import { endedBeforeGroup } from '../programmes/group-added.ts';
import type { StoredActivity } from '../store/activities.ts';
import type { MemberWithDm } from '../store/programmes.ts';
import { askMessage, reminderMessage } from './messages.ts';
import type { ActionAsk, MeetingAction } from './repository.ts';
import { actionKeys, actionRepository, contextFor, enqueueToOwner, inLocale, meetingTitle, ownerLocale } from './service.ts';
import { reminderInstants } from './timing.ts';

/** A question for a meeting's actions later than this after the meeting (downtime) is not asked. */
const ASK_STALE_MS = 7 * 24 * 60 * 60_000;

/**
 * The scheduler pass: asks meeting owners for their minutes' actions once a meeting with `actions:
 * true` has ended, and sends actions' reminders. Each item is marked first with a guarded update and
 * only then enqueued under an idempotency key, in one transaction: a restart, or two schedulers on
 * one database, never sends one twice and never loses one.
 */
export function actionsPass(core: Core, batchSize = 200): (now: Date) => number {
  return (now) => asks(core, now, batchSize) + reminders(core, now, batchSize);
}

function asks(core: Core, now: Date, batchSize: number): number {
  const repo = actionRepository(core);
  const due = repo.dueAsks(now, batchSize);
  if (due.length === 0) return 0;
  return core.transaction(() => due.reduce((sum, ask) => sum + askOne(core, ask, now), 0));
}

function askOne(core: Core, ask: ActionAsk, now: Date): number {
  const repo = actionRepository(core);
  const programme = core.repos.programmes.get(ask.programmeId);
  const template = programme && core.templates.ofProgramme(programme);
  const step = template?.steps.find((s) => s.key === ask.stepKey);
  const activity = core.repos.activities.get(ask.activityId);
  const stale = now.getTime() - Date.parse(ask.dueAt) > ASK_STALE_MS;
  const owner = programme && step?.actions ? meetingOwner(core, programme, ask, step.owner) : undefined;
  // A cancelled occurrence of a series (`aflys`) was never held: it has no minutes.
  // Nor one held before the programme came to the bot, or before the group joined it (a network added later).
  if (!programme || !activity || activity.cancelled || !owner || stale || ask.dueAt < programme.createdAt || endedBeforeGroup(core.db, activity.partnershipId, ask.dueAt, programme.createdAt)) {
    repo.skipAsk(ask.activityId);
    return 0;
  }
  // A meeting ending in the evening is asked about the next working morning.
  const sendAt = nextSendTime(now, programmeTime(programme));
  if (!repo.markAsked(ask.activityId, owner.id, sendAt)) return 0;
  const locale = ownerLocale(core, programme, owner);
  const message = askMessage({ meeting: meetingTitle(core, template, activity, locale), activityId: activity.id, date: activity.localDate, key: meetingWords(core, activity), command: COMMAND, locale });
  return core.repos.deliveries.enqueue(
    {
      idempotencyKey: actionKeys.ask(ask.activityId),
      platform: programme.platform,
      workspaceId: programme.workspaceId,
      programmeId: programme.id,
      target: { type: 'member', id: owner.id },
      payload: { op: 'post', message },
      notBefore: sendAt,
    },
    now,
  ) ? 1 : 0;
}

/**
 * How `handling` names this meeting: its step key, with the occurrence of a series (`kvartalsmoede~2`),
 * and the group's name for a group's own meeting.
 */
function meetingWords(core: Core, activity: StoredActivity): string {
  const key = activity.occurrence === undefined ? activity.stepKey : `${activity.stepKey}~${activity.occurrence}`;
  const group = activity.partnershipId ? core.repos.partnerships.get(activity.partnershipId) : undefined;
  return group ? `${key} ${group.name.includes(' ') ? `"${group.name}"` : group.name}` : key;
}

/** The step's owner role in the meeting's group (else programme-wide), else the first consultant. */
function meetingOwner(core: Core, programme: Programme, ask: ActionAsk, role: string | undefined): MemberWithDm | undefined {
  const { members } = core.repos;
  const withRole = (r: string) => [
    ...(ask.partnershipId ? members.withRoleInPartnership(programme.id, ask.partnershipId, r) : []),
    ...members.withRole(programme.id, r).filter((m) => m.partnershipId === null),
  ];
  const found = (role ? withRole(role) : []).concat(withRole('consultant'));
  return found.find((m) => m.userRef) ?? found[0];
}

function reminders(core: Core, now: Date, batchSize: number): number {
  const repo = actionRepository(core);
  const due = repo.dueReminders(now, batchSize);
  if (due.length === 0) return 0;
  return core.transaction(() => due.reduce((sum, action) => sum + remindOne(core, action, now), 0));
}

function remindOne(core: Core, action: MeetingAction, now: Date): number {
  const repo = actionRepository(core);
  const programme = core.repos.programmes.get(action.programmeId)!;
  const owner = action.ownerMemberId ? core.repos.members.get(action.ownerMemberId) : undefined;
  const instants = reminderInstants(programme, core.templates.ofProgramme(programme), action.dueDate);
  const iso = now.toISOString();
  // After downtime only the latest reminder that fell due is sent: "due today" makes "in two days" moot.
  let index = action.remindIndex;
  while (index + 1 < instants.length && instants[index + 1]! <= iso) index += 1;
  const after = index + 1 < instants.length ? { at: instants[index + 1]!, index: index + 1 } : { at: null, index: instants.length };
  const t = programmeTime(programme);
  const sendAt = nextSendTime(now, t);
  const pastDue = localDate(sendAt, programme.timezone) > action.dueDate;
  // Nobody to remind, or the due day is over (an overdue action shows in `handlinger` instead).
  if (!owner || pastDue) {
    repo.advanceReminder(action.id, action.remindIndex, { at: null, index: instants.length });
    return 0;
  }
  if (sendAt > now) {
    // Due at night or on a day off after downtime: at the next working morning, same reminder.
    repo.advanceReminder(action.id, action.remindIndex, { at: sendAt.toISOString(), index });
    return 0;
  }
  if (!repo.advanceReminder(action.id, action.remindIndex, after)) return 0;
  const context = contextFor(core, programme, action, owner);
  const message = reminderMessage(inLocale(core, programme, action, context.locale), context, index);
  return enqueueToOwner(core, programme, action, owner.id, actionKeys.reminder(action.id, index), message, now) ? 1 : 0;
}
