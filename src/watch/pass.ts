import { DateTime } from 'luxon';
import type { Repositories } from '../app.ts';
import type { Programme } from '../domain/entities.ts';
import type { Template } from '../domain/template.ts';
import { energyFalling, energyTrend, trendText } from '../evaluations/energy.ts';
import { EvaluationRepository } from '../evaluations/repository.ts';
import { indexAnswers, type ProgrammeResults } from '../evaluations/results.ts';
import { localDate, NUDGE_TIME, nextSendTime, programmeTime } from '../evaluations/timing.ts';
import { groupAddedAt } from '../programmes/group-added.ts';
import { groupsWithChannel } from '../programmes/notify-moves.ts';
import type { Db } from '../store/db.ts';
import { quietGroupMessage, type Concern } from './messages.ts';
import type { WatchedGroup, WatchRepository } from './repository.ts';

export interface WatchDeps {
  db: Db;
  repos: Repositories;
  templates: { ofProgramme(programme: Programme): Template | undefined };
  watch: WatchRepository;
  transaction: <T>(fn: () => T) => T;
}

/**
 * The scheduler pass of the watch on quiet groups. It is gated: a group is looked at only when its
 * check_at has come (src/store/due.ts), which is when its quiet time would run out, at once after a
 * person wrote in its channel, or when an evaluation of it closed (a trigger). Each concern has a
 * key (the quiet spell by its last message, the energy fall by its last meeting); the consultant is
 * told of a key once (notified_key, and the outbox's idempotency key), so the same quiet spell or
 * fall is never told twice, and a new one only after something changed.
 */
export function watchPass(deps: WatchDeps, batchSize = 200): (now: Date) => number {
  return (now) => {
    let total = 0;
    const cache: PassCache = { results: new Map(), ends: new Map() };
    for (;;) {
      const due = deps.watch.due(now, batchSize);
      if (due.length === 0) return total;
      total += deps.transaction(() => due.reduce((sum, group) => sum + look(deps, group, now, cache), 0));
      if (due.length < batchSize) return total;
    }
  };
}

/** What one pass reads once per programme: its evaluation results, and when its last activity ends. */
interface PassCache {
  results: Map<string, ProgrammeResults>;
  ends: Map<string, string | undefined>;
}

function look(deps: WatchDeps, row: WatchedGroup, now: Date, cache: PassCache): number {
  const programme = deps.repos.programmes.get(row.programmeId);
  const group = deps.repos.partnerships.get(row.groupId);
  const template = programme && deps.templates.ofProgramme(programme);
  const quiet = template?.quiet;
  if (!programme || !group || !quiet) {
    deps.watch.setCheck(row.groupId, null, row.checkAt);
    return 0;
  }
  const t = programmeTime(programme);
  // No notice in a holiday blackout (nor at night or at weekends): the calendar counts blackout days
  // as days off, so the next good moment is the first working day after it.
  const sendAt = nextSendTime(now, t);
  if (sendAt > now) {
    deps.watch.setCheck(row.groupId, sendAt, row.checkAt);
    return 0;
  }
  // Quiet is counted from the last message; for a group nobody wrote in yet, from the programme's start
  // (or creation), or from when the group's channel was asked for if later (a network added in June).
  const opened = groupAddedAt(deps.db, row.groupId);
  const since = row.lastHumanAt ?? [programme.createdAt, DateTime.fromISO(programme.startDate, { zone: programme.timezone }).toUTC().toISO()!, opened ?? ''].sort().at(-1)!;
  const quietAt = DateTime.fromISO(`${t.calendar.addWorkingDays(localDate(new Date(since), programme.timezone), quiet.workingDays)}T${NUDGE_TIME}`, { zone: programme.timezone }).toJSDate();
  const concerns: { key: string; concern: Concern }[] = [];
  if (quiet.energy) {
    const points = energyTrend(resultsOf(deps, programme.id, cache.results), row.groupId);
    if (energyFalling(points)) concerns.push({ key: `energy:${points.at(-1)!.activityId}`, concern: { kind: 'energy', trend: trendText(points.slice(-3), programme.locale) } });
  }
  // A quiet spell that runs out after the programme's last activity is the programme ending, not fatigue.
  const end = programmeEnd(deps, programme.id, cache.ends);
  // A group of a type without a channel (kept in direct messages) has no channel to go quiet.
  const watchQuiet = groupsWithChannel(template, [group]).length > 0 && (end === undefined || quietAt.toISOString() <= end);
  if (watchQuiet && now >= quietAt) concerns.push({ key: `quiet:${since}`, concern: { kind: 'quiet', since: row.lastHumanAt, workingDays: quiet.workingDays } });
  if (!deps.watch.setCheck(row.groupId, watchQuiet && now < quietAt ? quietAt : null, row.checkAt)) return 0;
  // Told keys of concerns that still hold are kept, so a quiet spell told before an energy fall is not told again after it.
  const told = (row.notifiedKey ?? '').split(' ').filter((k) => concerns.some((c) => c.key === k));
  const next = concerns.find((c) => !told.includes(c.key));
  if (!next) return 0;
  deps.watch.setNotified(row.groupId, [...told, next.key].join(' '));
  return notify(deps, programme, template, row.groupId, next.key, next.concern, now);
}

function notify(deps: WatchDeps, programme: Programme, template: Template, groupId: string, key: string, concern: Concern, now: Date): number {
  const group = deps.repos.partnerships.get(groupId)!;
  const nowIso = now.toISOString();
  const lastActivity = deps.repos.activities
    .listForProgramme(programme.id)
    // The group's own activities and those it shared (a joint workshop, a visit it hosted).
    // A cancelled occurrence (`aflys`) was never held: it is not the group's last activity.
    .filter((a) => (a.partnershipId === groupId || a.partnershipId === null || a.pairedPartnershipId === groupId) && !a.undated && !a.cancelled && a.startsAt <= nowIso)
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt))
    .at(-1);
  let count = 0;
  for (const consultant of deps.repos.members.withRole(programme.id, 'consultant')) {
    const locale = consultant.locale ?? programme.locale;
    const message = quietGroupMessage(concern, { programme, template, group, lastActivity, locale });
    const added = deps.repos.deliveries.enqueue(
      {
        idempotencyKey: `watch:${groupId}:${key}:${consultant.id}`,
        platform: programme.platform,
        workspaceId: programme.workspaceId,
        programmeId: programme.id,
        target: { type: 'member', id: consultant.id },
        payload: { op: 'post', message },
      },
      now,
    );
    if (added) count += 1;
  }
  return count;
}

/** When the programme's last activity for its groups (not the consultant's own tasks, not a cancelled one) ends. */
function programmeEnd(deps: WatchDeps, programmeId: string, cache: Map<string, string | undefined>): string | undefined {
  if (!cache.has(programmeId)) {
    const ends = deps.repos.activities.listForProgramme(programmeId).filter((a) => a.audience !== 'consultant' && !a.cancelled).map((a) => a.endsAt);
    cache.set(programmeId, ends.sort().at(-1));
  }
  return cache.get(programmeId);
}

function resultsOf(deps: WatchDeps, programmeId: string, cache: Map<string, ProgrammeResults>): ProgrammeResults {
  let data = cache.get(programmeId);
  if (!data) {
    const store = new EvaluationRepository(deps.db);
    data = { rounds: store.askedRounds(programmeId), prompts: store.promptsForProgramme(programmeId), answers: indexAnswers(store.answersForProgramme(programmeId)) };
    cache.set(programmeId, data);
  }
  return data;
}
