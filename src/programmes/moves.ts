import type { Programme } from '../domain/entities.ts';
import { UserError } from '../domain/errors.ts';
import type { Template } from '../domain/template.ts';
import { activityKey, planProgramme, previewMoves, withOverride, type ActivityOverride, type MovePreview, type PlannedActivity } from '../timeline/plan.ts';
import type { ActivityChange } from '../store/activities.ts';
import { checkActivityDate } from './date-rules.ts';
import { refuseBrokenMove } from './move-check.ts';
import { checkLength, LABELS, TEXT_LIMITS } from '../commands/limits.ts';
import { enqueueMoveNotices } from './notify-moves.ts';
import { cancellations, followingMoves, singleMove, type OccurrenceRef } from './series.ts';
import { createDanishCalendar } from '../timeline/calendar.ts';
import { activityWindowLabel } from '../timeline/windows.ts';
import { checkInsideWindow, windowOf } from './window-check.ts';
import { planInput, replan, setupDeps, templateOf, userFacing, type ServiceDeps } from './programme-plan.ts';

// The consultant's date changes: a move previewed, then applied (`flyt`), and a series' occurrence cancelled (`aflys`).

/**
 * What moving one activity would do, without doing it. Refuses (UserError) a date that is not one, out
 * of range, in the past or on a day off, and a move that leaves the plan broken.
 */
export function previewMove(deps: ServiceDeps, programme: Programme, move: ActivityOverride, following = false): MovePreview {
  const template = templateOf(deps, programme);
  checkOverride(deps, template, programme, move);
  refuseWholeSeries(template, move, following);
  // A window step's date (and a move of it) must stay in its window: 4. kvartal means 4. kvartal.
  // A round of visits is stored per pair (`step@group#org`); any of them carries the round's window.
  const stored = deps.repos.activities
    .listForProgramme(programme.id)
    .filter((a) => a.stepKey === move.stepKey && a.partnershipId === move.partnershipId)
    .find((a) => move.unit === undefined || a.planKey === activityKey(move.stepKey, move.partnershipId, move.unit));
  const window = windowOf(stored);
  const placement = template.steps.find((s) => s.key === move.stepKey)?.placement;
  const label = window ? { da: activityWindowLabel(placement, window, 'da'), en: activityWindowLabel(placement, window, 'en') } : undefined;
  checkInsideWindow(window, move.date, label);
  const input = planInput(deps, programme, template);
  const before = userFacing(() => planProgramme(input));
  const preview = userFacing(() => previewMoves(input, movesOf(deps, programme, before.activities, move, following)));
  const partnershipNames = new Map(deps.repos.partnerships.listForProgramme(programme.id).map((p) => [p.id, p.name]));
  refuseBrokenMove({ programme, template, move, preview, warningsBefore: before.warnings, partnershipNames, now: deps.clock.now() });
  return preview;
}

/** Moves an activity (and what depends on it) and reschedules the affected reminders. */
export function applyMove(deps: ServiceDeps, programme: Programme, move: ActivityOverride, following = false): ActivityChange[] {
  const template = templateOf(deps, programme);
  previewMove(deps, programme, move, following); // the same checks as the preview the consultant confirmed
  return deps.transaction(() => {
    const { activities } = userFacing(() => planProgramme(planInput(deps, programme, template)));
    const existing = deps.repos.activities.overrides(programme.id);
    // Each later occurrence keeps the time and place set for it before (withOverride merges them).
    for (const each of movesOf(deps, programme, activities, move, following)) {
      deps.repos.activities.saveOverride(programme.id, withOverride(existing, each).at(-1)!);
    }
    const changes = replan(deps, programme, template);
    enqueueMoveNotices(setupDeps(deps), programme, template, changes);
    return changes;
  });
}

/**
 * Cancels one occurrence of a repeating step (`aflys`), or it and every later one: they stay in the
 * plan as "aflyst", their reminders are withdrawn, and the people concerned are told as of a move.
 */
export function cancelOccurrence(deps: ServiceDeps, programme: Programme, ref: OccurrenceRef, following = false): ActivityChange[] {
  const template = templateOf(deps, programme);
  return deps.transaction(() => {
    const { activities } = userFacing(() => planProgramme(planInput(deps, programme, template)));
    const existing = deps.repos.activities.overrides(programme.id);
    for (const cancel of cancellations(activities, existing, ref, following, deps.clock.now())) {
      deps.repos.activities.saveOverride(programme.id, cancel);
    }
    const changes = replan(deps, programme, template).filter((c) => c.activity.cancelled);
    enqueueMoveNotices(setupDeps(deps), programme, template, changes);
    return changes;
  });
}

/** One move, or for "og følgende" the move and the same shift of every later occurrence. */
function movesOf(deps: ServiceDeps, programme: Programme, activities: PlannedActivity[], move: ActivityOverride, following: boolean): ActivityOverride[] {
  const now = deps.clock.now();
  return following ? followingMoves(activities, move, createDanishCalendar(programme.settings), now) : singleMove(activities, move, now);
}

export function checkOverride(deps: ServiceDeps, template: Template, programme: Pick<Programme, 'startDate' | 'timezone' | 'settings'>, override: ActivityOverride): void {
  checkActivityDate(programme, override.date, deps.clock.now());
  if (override.location) checkLength(override.location, TEXT_LIMITS.place, LABELS.place);
  const step = template.steps.find((s) => s.key === override.stepKey);
  if (!step) {
    throw new UserError('unknown_step', {
      da: `Ukendt aktivitet «${override.stepKey}».`,
      en: `Unknown activity “${override.stepKey}”.`,
    });
  }
}

/** A series' step is moved one occurrence at a time (`~n`); "og følgende" needs an occurrence too. */
function refuseWholeSeries(template: Template, move: ActivityOverride, following: boolean): void {
  const repeats = template.steps.find((s) => s.key === move.stepKey)?.repeat !== undefined;
  if (repeats && move.occurrence === undefined) {
    throw new UserError('needs_occurrence', {
      da: 'Aktiviteten gentages: sig hvilken gang, med dens dato (`flyt kvartalsmøde 2027-04-06 2027-04-13`) eller nummer (`kvartalsmoede~2`).',
      en: 'The activity repeats: say which occurrence, by its date (`flyt kvartalsmøde 2027-04-06 2027-04-13`) or number (`kvartalsmoede~2`).',
    });
  }
  if (following && !repeats) {
    throw new UserError('not_a_series', { da: '«og følgende» gælder kun en aktivitet, der gentages.', en: '“and following” applies only to an activity that repeats.' });
  }
}
