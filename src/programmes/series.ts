import { UserError } from '../domain/errors.ts';
import type { WorkCalendar } from '../timeline/calendar.ts';
import { longDate } from '../timeline/time.ts';
import { withOverride, type ActivityOverride, type PlannedActivity } from '../timeline/plan.ts';

/**
 * "This and the following" for a repeating step's occurrences: the moves that shift one occurrence
 * and every later one by the same number of working days, and the overrides that cancel them.
 */

/** Which occurrence of which series: `step@group~n`. */
export interface OccurrenceRef {
  stepKey: string;
  partnershipId: string | null;
  occurrence: number;
}

/** The occurrences of one series in the plan, in order. */
export function seriesOf(activities: readonly PlannedActivity[], ref: Omit<OccurrenceRef, 'occurrence'>): PlannedActivity[] {
  return activities
    .filter((a) => a.stepKey === ref.stepKey && a.partnershipId === ref.partnershipId && a.occurrence !== undefined)
    .sort((a, b) => a.occurrence! - b.occurrence!);
}

function occurrenceIn(series: readonly PlannedActivity[], occurrence: number | undefined): PlannedActivity {
  const found = series.find((a) => a.occurrence === occurrence);
  if (!found) {
    throw new UserError('unknown_occurrence', {
      da: `Serien har ingen ${occurrence ?? '?'}. gang (den har ${series.length}).`,
      en: `The series has no occurrence ${occurrence ?? '?'} (it has ${series.length}).`,
    });
  }
  return found;
}

/**
 * The move itself and, for each later occurrence, a move by the same number of working days: a
 * meeting moved from a Tuesday to the Thursday after takes every later Tuesday to its Thursday.
 * Cancelled occurrences stay where they are: moving them would tell people again of a meeting that
 * will not be held.
 */
export function followingMoves(activities: readonly PlannedActivity[], move: ActivityOverride, calendar: WorkCalendar, now: Date): ActivityOverride[] {
  const series = seriesOf(activities, move);
  const target = occurrenceIn(series, move.occurrence);
  refuseHeld(target, now);
  const shift = workingDaysBetween(target.date, move.date, calendar);
  const later = series.filter((a) => a.occurrence! > target.occurrence! && !a.cancelled);
  const moves = [...(target.cancelled ? [] : [move]), ...later.map((a) => ({ stepKey: a.stepKey, partnershipId: a.partnershipId, occurrence: a.occurrence!, date: calendar.addWorkingDays(a.date, shift) }))];
  if (moves.length === 0) throw cancelledError(target);
  return moves;
}

/**
 * A move of one occurrence: refused when it has begun, or when it is cancelled (`aflys`), since a
 * cancelled meeting has no date to move to and its people were told it will not be held.
 */
export function singleMove(activities: readonly PlannedActivity[], move: ActivityOverride, now: Date): ActivityOverride[] {
  if (move.occurrence === undefined) return [move];
  const target = seriesOf(activities, move).find((a) => a.occurrence === move.occurrence);
  if (target) refuseHeld(target, now);
  if (target?.cancelled) throw cancelledError(target);
  return [move];
}

/** An occurrence that has begun is history: its question for actions went out, actions came from it. */
function refuseHeld(target: PlannedActivity, now: Date): void {
  if (target.startsAt > now.toISOString()) return;
  throw new UserError('move_held', {
    da: `Den gang (${longDate(target.date, 'da')}) er allerede begyndt eller holdt og kan ikke flyttes. Intet er ændret.`,
    en: `That occurrence (${longDate(target.date, 'en')}) has already begun or been held and cannot be moved. Nothing was changed.`,
  });
}

function cancelledError(target: PlannedActivity): UserError {
  return new UserError('move_cancelled', {
    da: `Den gang (${longDate(target.date, 'da')}) er aflyst og kan ikke flyttes. Intet er ændret.`,
    en: `That occurrence (${longDate(target.date, 'en')}) is cancelled and cannot be moved. Nothing was changed.`,
  });
}

/**
 * The overrides that cancel one occurrence (or it and every later one), each kept at its date and
 * with what was set for it before (time, place). Refuses one that has begun, or nothing left to cancel.
 */
export function cancellations(activities: readonly PlannedActivity[], existing: readonly ActivityOverride[], ref: OccurrenceRef, following: boolean, now: Date): ActivityOverride[] {
  const series = seriesOf(activities, ref);
  const target = occurrenceIn(series, ref.occurrence);
  if (target.startsAt <= now.toISOString()) {
    throw new UserError('cancel_past', { da: 'Den gang er allerede begyndt eller forbi og kan ikke aflyses.', en: 'That occurrence has already begun or passed and cannot be cancelled.' });
  }
  const chosen = (following ? series.filter((a) => a.occurrence! >= target.occurrence!) : [target]).filter((a) => !a.cancelled);
  if (chosen.length === 0) throw new UserError('already_cancelled', { da: `Den gang (${longDate(target.date, 'da')}) er allerede aflyst. Intet er ændret.`, en: `That occurrence (${longDate(target.date, 'en')}) is already cancelled. Nothing was changed.` });
  return chosen.map((a) => {
    const cancel: ActivityOverride = { stepKey: a.stepKey, partnershipId: a.partnershipId, occurrence: a.occurrence!, date: a.date, cancelled: true };
    return withOverride(existing, cancel).at(-1)!;
  });
}

/** Signed count of working days from one date to another (Tuesday to the Thursday after: 2). */
export function workingDaysBetween(from: string, to: string, calendar: WorkCalendar): number {
  if (from === to) return 0;
  const sign = to > from ? 1 : -1;
  let count = 0;
  let day = from;
  // Walks one working day at a time; a series is months, not centuries, apart.
  while (sign > 0 ? day < to : day > to) {
    day = calendar.addWorkingDays(day, sign);
    count += sign;
  }
  return count;
}
