import { randomUUID } from 'node:crypto';
import type { Programme } from '../domain/entities.ts';
import { closedQuestionMessage, nudgeMessage } from './messages.ts';
import { endedBeforeGroup } from '../programmes/group-added.ts';
import { ownsReport, reportForm } from '../reports/form.ts';
import { membersToAsk } from './forms.ts';
import type { Prompt, Round } from './repository.ts';
import { deliveryKeys, isOpen, type EvaluationService, type OpenRound } from './service.ts';
import { closingTime, nextSendTime, nudgeTime, programmeTime, type ProgrammeTime } from './timing.ts';

/**
 * The scheduler pass: opens the evaluations of activities that have ended, sends the one reminder to
 * members who have not answered, and closes evaluations whose time is up. Each step reads only what is
 * due (partial indexes), marks it first with a guarded update and only then enqueues, under
 * idempotency keys, so two schedulers or a crash between the two never send twice.
 */
export function evaluationPass(service: EvaluationService, batchSize = 200): (now: Date) => number {
  return (now) => {
    // One pass reads the same programmes and members for hundreds of prompts: read them once.
    const pass = service.forPass();
    return openDue(pass, now, batchSize) + nudgeDue(pass, now, batchSize) + closeDue(pass, now, batchSize);
  };
}

/** Runs `handle` over due items in batches of one transaction each; returns deliveries enqueued. */
function inBatches<T>(service: EvaluationService, load: () => T[], batchSize: number, handle: (item: T) => number): number {
  let total = 0;
  for (;;) {
    const due = load();
    // Nothing due is the usual case: no write lock is taken for it.
    if (due.length === 0) return total;
    total += service.deps.transaction(() => due.reduce((sum, item) => sum + handle(item), 0));
    if (due.length < batchSize) return total;
  }
}

function openDue(service: EvaluationService, now: Date, batchSize: number): number {
  return inBatches(service, () => service.store.dueRounds(now, batchSize), batchSize, (round) => openRound(service, round, now));
}

function openRound(service: EvaluationService, round: Round, now: Date): number {
  const { repos, templates } = service.deps;
  const activity = repos.activities.get(round.activityId);
  const programme = service.lookups.programme(round.programmeId);
  const template = programme && templates.ofProgramme(programme);
  const step = template?.steps.find((s) => s.key === round.stepKey);
  // A status report is a form asked of its owner (src/reports); a step's own evaluation comes first.
  const report = step && !step.evaluation ? step.report : undefined;
  const form = step?.evaluation ?? (report && template ? reportForm(report, template) : undefined);
  // No form for this step; or the activity was over before the programme came to the bot.
  if (!activity || !programme || !step || !form || round.dueAt < programme.createdAt) return skip(service, round);
  // A cancelled occurrence of a series was never held: nothing to evaluate; nor is one that was over
  // before its group joined the programme (a network added in June is not asked about May's meeting).
  if (activity.cancelled || endedBeforeGroup(service.deps.db, activity.partnershipId, round.dueAt, programme.createdAt)) return skip(service, round);
  const t = programmeTime(programme);
  // After downtime longer than the answering period, asking now would only confuse.
  if (closingTime(new Date(round.dueAt), form.closeAfterWorkingDays, t) <= now) return skip(service, round);
  const askAt = nextSendTime(now, t);
  const closesAt = closingTime(askAt, form.closeAfterWorkingDays, t);
  if (!service.store.open(round.activityId, form, askAt, closesAt)) return 0;
  const opened: OpenRound = { ...round, status: 'open', form, askedAt: askAt.toISOString(), closesAt: closesAt.toISOString() };
  const nudgeAt = nudgeTime(askAt, form.nudgeAfterWorkingDays, t).toISOString();
  let count = 0;
  // Addressed audiences (networks, tracks, several group types) need the template and the groups' types.
  const groupType = new Map(repos.partnerships.listForProgramme(programme.id).map((g) => [g.id, g.groupType]));
  const context = { ...(template ? { template } : {}), groupTypeOf: (id: string) => groupType.get(id) };
  const asked = membersToAsk(form, step, activity, service.lookups.members(programme.id), context).filter((m) => !report || ownsReport(report, m));
  for (const member of asked) {
    const prompt: Prompt = {
      id: randomUUID(),
      activityId: round.activityId,
      memberId: member.id,
      partnershipId: member.partnershipId,
      locale: member.locale ?? programme.locale,
      askedAt: askAt.toISOString(),
      nudgeAt,
      nudgeStatus: 'pending',
      answeredAt: null,
    };
    if (service.store.insertPrompt(prompt) && service.enqueueQuestion(prompt, opened, 0, now, askAt)) count += 1;
  }
  return count;
}

function skip(service: EvaluationService, round: Round): number {
  service.store.skip(round.activityId);
  return 0;
}

function nudgeDue(service: EvaluationService, now: Date, batchSize: number): number {
  const times = new Map<string, { programme: Programme; t: ProgrammeTime }>();
  const timeOf = (round: Round) => {
    let entry = times.get(round.programmeId);
    if (!entry) {
      const programme = service.programme(round);
      entry = { programme, t: programmeTime(programme) };
      times.set(round.programmeId, entry);
    }
    return entry.t;
  };
  return inBatches(service, () => service.store.dueNudges(now, batchSize), batchSize, (prompt) => nudge(service, prompt, now, timeOf));
}

function nudge(service: EvaluationService, prompt: Prompt, now: Date, timeOf: (round: Round) => ProgrammeTime): number {
  const round = service.store.round(prompt.activityId);
  // No one to remind once the member has left (their pending nudges are skipped then; this is the backstop).
  if (!isOpen(round, now) || prompt.answeredAt || !prompt.memberId) {
    service.store.setNudge(prompt.id, 'skipped');
    return 0;
  }
  // Normally due at 10:00 on a working day; after downtime it may fall due at night or on a Sunday.
  const sendAt = nextSendTime(now, timeOf(round));
  if (sendAt.toISOString() >= round.closesAt) {
    service.store.setNudge(prompt.id, 'skipped');
    return 0;
  }
  if (sendAt > now) {
    service.store.postponeNudge(prompt.id, sendAt);
    return 0;
  }
  if (!service.store.setNudge(prompt.id, 'sent')) return 0;
  const message = nudgeMessage(service.questionContext(prompt, round));
  return service.enqueuePost(deliveryKeys.nudge(prompt.id), prompt, round, message, now) ? 1 : 0;
}

function closeDue(service: EvaluationService, now: Date, batchSize: number): number {
  return inBatches(service, () => service.store.closingRounds(now, batchSize), batchSize, (round) => closeRound(service, round, now));
}

/** Closing takes the buttons off every message that was sent, showing the member's answer instead. */
function closeRound(service: EvaluationService, round: Round, now: Date): number {
  if (!service.store.close(round.activityId, now) || !round.form || !round.closesAt) return 0;
  const open = { ...round, form: round.form, closesAt: round.closesAt } as OpenRound;
  let count = 0;
  for (const prompt of service.store.promptsForRound(round.activityId)) {
    // A member who has left has no direct conversation with the bot to update any more.
    if (!prompt.memberId) continue;
    const answers = new Map(service.store.answers(prompt.id).map((a) => [a.questionKey, a.value]));
    const ctx = service.questionContext(prompt, open);
    const sent = round.form.questions.map((q, index) => ({ key: deliveryKeys.question(prompt.id, index), index, questionKey: q.key }));
    sent.push({ key: deliveryKeys.nudge(prompt.id), index: 0, questionKey: round.form.questions[0]!.key });
    for (const { key, index, questionKey } of sent) {
      const messageRef = service.deps.repos.deliveries.resultRef(key);
      if (!messageRef) continue;
      count += enqueueUpdate(service, round, prompt, key, messageRef, closedQuestionMessage(ctx, index, answers.get(questionKey)), now);
    }
  }
  return count;
}

function enqueueUpdate(service: EvaluationService, round: Round, prompt: Prompt, sourceKey: string, messageRef: string, message: ReturnType<typeof closedQuestionMessage>, now: Date): number {
  const programme = service.programme(round);
  const added = service.deps.repos.deliveries.enqueue(
    {
      idempotencyKey: deliveryKeys.closed(sourceKey),
      platform: programme.platform,
      workspaceId: programme.workspaceId,
      programmeId: programme.id,
      target: { type: 'member', id: prompt.memberId! },
      payload: { op: 'update', messageRef, message },
    },
    now,
  );
  return added ? 1 : 0;
}
