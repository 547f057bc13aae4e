import type { Step, Template } from '../domain/template.ts';
import { TemplateError } from '../templates/index.ts';
import { addCalendarDays, createDanishCalendar, isIsoDate, type WorkCalendar } from './calendar.ts';
import { pairUnits, type Pairings } from './pairings.ts';
import { planDatePrompts, planReminders } from './reminders.ts';
import { addMinutes, isLocalTime, localToUtc, resolveZone, type LocalToUtc } from './time.ts';
import {
  PlanError,
  type ActivityOverride,
  type MovePreview,
  type Plan,
  type PlanInput,
  type PlannedActivity,
  type PlanGroup,
  type PlannedChange,
  type PlanWarning,
} from './types.ts';
import { groupsFor, happensOnce } from './groups.ts';
import { repairOrder, type Placed } from './repair.ts';
import { occurrenceDates, occurrenceSuffix } from './recurrence.ts';
import { outsideWindowWarning, planWarnings } from './warnings.ts';
import { fixedDay, windowRange } from './windows.ts';

export * from './types.ts';
export { groupsFor, happensOnce } from './groups.ts';
export { DEFAULT_TIMEZONE, modelMonth } from './time.ts';
export { cadenceLabel, occurrenceOf, seriesKeyOf } from './recurrence.ts';
export { rangeLabel, resolveWindow, undatedLabel, windowDescription, windowLabel, windowRange, type DateRange, type ResolvedWindow } from './windows.ts';

interface Context {
  template: Template;
  startDate: string;
  calendar: WorkCalendar;
  utc: LocalToUtc;
  zone: string;
  now?: string;
  settings: PlanInput['settings'];
  /** The programme's groups by position. */
  groups: readonly PlanGroup[];
}

/**
 * The key the store and the overrides use for one activity of a step: `step` once for the programme,
 * `step@group` per group, `step@group#organisation` per pair or trio of organisations (the visitor's).
 */
export function activityKey(stepKey: string, partnershipId: string | null, unit?: string, occurrence?: number): string {
  const key = partnershipId === null ? stepKey : `${stepKey}@${partnershipId}`;
  const withUnit = unit === undefined ? key : `${key}#${unit}`;
  return occurrence === undefined ? withUnit : `${withUnit}${occurrenceSuffix(occurrence)}`;
}

const overrideKey = (o: ActivityOverride) => activityKey(o.stepKey, o.partnershipId, o.unit, o.occurrence);

/**
 * Dates every step of the template for the programme: once for programme-wide steps, once per group of
 * the step's type, once for a named group, and once per pair or trio for pairings between
 * organisations. Window steps stay undated (prompting for a date) until an override dates them. Pure: the same input always gives the same plan, so "apply a move" is simply
 * planning again with one more override.
 */
export function planProgramme(input: PlanInput): Plan {
  if (!isIsoDate(input.startDate)) {
    throw new PlanError('invalid_start_date', `not a date (yyyy-mm-dd): "${input.startDate}"`);
  }
  const zone = resolveZone(input.timezone);
  const groups = [...input.partnerships].sort((a, b) => a.position - b.position || compare(a.id, b.id));
  const context: Context = {
    groups,
    template: input.template,
    startDate: input.startDate,
    calendar: createDanishCalendar(input.settings),
    utc: localToUtc(zone),
    zone,
    ...(input.now === undefined ? {} : { now: input.now }),
    settings: input.settings,
  };
  const ids = groups.map((p) => p.id);
  const overrides = indexOverrides(input.overrides);
  const placed = placeSteps(context, groups, overrides);
  const pairings = pairUnits(input.template, groups, input.pairingOrders ?? [], (step) => groupsFor(step, groups));
  for (const key of overrides.keys()) {
    if (!placed.has(key) && !pairings.unitKeys.has(key)) throw new PlanError('unknown_activity', `no activity "${key}" in this programme`);
  }
  const conflicts = repairOrder(placed, input.template, context.calendar);
  const activities = [...placed.values()].flatMap((p) => toActivities(p, pairings, overrides, context)).sort(byStart(ids));
  // A chain that cannot fit is said once, not again as "comes before the step it follows".
  const others = planWarnings(activities, input.template, context.calendar).filter((w) => !conflicts.some((c) => c.key === w.key));
  const outside = activities.flatMap((a) => outsideWindowWarning(a, input.template, input.startDate));
  return { activities, warnings: rootCauses([...conflicts, ...others, ...outside, ...pairings.warnings], placed) };
}

/**
 * The order a step's pairing in a group (null: between groups) is made from, for a consultant's swap:
 * swap two ids in it and store it as that step's PairingOrder. Empty when the step pairs nothing there.
 */
export function pairingOrderOf(input: PlanInput, stepKey: string, groupId: string | null): string[] {
  const groups = [...input.partnerships].sort((a, b) => a.position - b.position || compare(a.id, b.id));
  const pairings = pairUnits(input.template, groups, input.pairingOrders ?? [], (step) => groupsFor(step, groups));
  return [...(pairings.orders.get(groupId === null ? stepKey : activityKey(stepKey, groupId)) ?? [])];
}

/**
 * When a hand-set date breaks the order, that date is the conflict to name: what the repair then
 * could not fit around it in the same partnership follows from it and is left out.
 */
function rootCauses(warnings: PlanWarning[], placed: Map<string, Placed>): PlanWarning[] {
  const partnershipOf = (key: string) => placed.get(key)?.partnershipId ?? null;
  const pinned = (w: PlanWarning) => w.code === 'order' && placed.get(w.key)?.override !== undefined;
  const causes = new Set(warnings.filter(pinned).map((w) => partnershipOf(w.key)).filter((id): id is string => id !== null));
  return warnings.filter((w) => w.code !== 'order' || pinned(w) || !causes.has(partnershipOf(w.key) ?? ''));
}

/** What a move would change, without changing anything. */
export function previewMove(input: PlanInput, move: ActivityOverride): MovePreview {
  return previewMoves(input, [move]);
}

/** What several moves at once would change ("this and the following" occurrences of a series). */
export function previewMoves(input: PlanInput, moves: readonly ActivityOverride[]): MovePreview {
  const before = new Map(planProgramme(input).activities.map((a) => [a.key, a]));
  const overrides = moves.reduce<ActivityOverride[]>((all, move) => withOverride(all, move), [...input.overrides]);
  const plan = planProgramme({ ...input, overrides });
  const changes: PlannedChange[] = [];
  for (const activity of plan.activities) {
    const was = before.get(activity.key);
    const from = was?.startsAt;
    if (from !== undefined && (from !== activity.startsAt || (was!.undated && !activity.undated))) {
      const { key, stepKey, partnershipId } = activity;
      changes.push({ key, stepKey, partnershipId, from, to: activity.startsAt, ...(was!.undated ? { fromUndated: { window: was!.window } } : {}) });
    }
  }
  return { plan, changes, warnings: plan.warnings };
}

/**
 * The overrides after a move: it replaces an earlier override of the same activity, keeping the time
 * and place set before unless the move sets them too.
 */
export function withOverride(overrides: readonly ActivityOverride[], move: ActivityOverride): ActivityOverride[] {
  const key = overrideKey(move);
  const previous = overrides.find((o) => overrideKey(o) === key);
  const merged: ActivityOverride = { ...previous, stepKey: move.stepKey, partnershipId: move.partnershipId, date: move.date };
  if (move.unit !== undefined) merged.unit = move.unit;
  if (move.occurrence !== undefined) merged.occurrence = move.occurrence;
  if (move.cancelled !== undefined) merged.cancelled = move.cancelled;
  if (move.startTime !== undefined) merged.startTime = move.startTime;
  if (move.location !== undefined) merged.location = move.location;
  if (move.format !== undefined) merged.format = move.format;
  if (move.meetingLink !== undefined) merged.meetingLink = move.meetingLink;
  return [...overrides.filter((o) => overrideKey(o) !== key), merged];
}

function indexOverrides(overrides: readonly ActivityOverride[]): Map<string, ActivityOverride> {
  const index = new Map<string, ActivityOverride>();
  for (const override of overrides) {
    const key = overrideKey(override);
    if (!isIsoDate(override.date)) {
      throw new PlanError('invalid_override', `"${key}": not a date (yyyy-mm-dd): "${override.date}"`);
    }
    if (override.startTime !== undefined && !isLocalTime(override.startTime)) {
      throw new PlanError('invalid_override', `"${key}": not a time (HH:mm): "${override.startTime}"`);
    }
    index.set(key, override); // the last one wins, as if applied in order
  }
  return index;
}

/** One pass in template order: the schema guarantees a step only refers to earlier steps. */
function placeSteps(context: Context, groups: readonly PlanGroup[], overrides: Map<string, ActivityOverride>) {
  const placed = new Map<string, Placed>();
  for (const step of context.template.steps) {
    for (const partnershipId of groupsFor(step, groups)) {
      if (step.repeat) {
        placeSeries(step, step.repeat, partnershipId, placed, overrides, context);
        continue;
      }
      const key = activityKey(step.key, partnershipId);
      const override = overrides.get(key);
      const spot = defaultSpot(step, partnershipId, placed, context);
      // A pinned activity keeps its date even on a day off (or outside its window); the warnings say so.
      const date = override?.date ?? spot.date;
      placed.set(key, { key, step, partnershipId, date, override, undated: override === undefined && spot.undated, window: spot.window });
    }
  }
  return placed;
}

/**
 * A repeating step: its placement dates the first occurrence, the series the rest; each occurrence is
 * its own activity (`step@group~n`) that a move or a cancellation touches alone.
 */
function placeSeries(step: Step, repeat: NonNullable<Step['repeat']>, partnershipId: string | null, placed: Map<string, Placed>, overrides: Map<string, ActivityOverride>, context: Context) {
  const first = defaultSpot(step, partnershipId, placed, context).date;
  const dates = occurrenceDates(repeat, first, { calendar: context.calendar, startDate: context.startDate, templateMonths: context.template.months });
  if (dates.length === 0) throw new TemplateError(context.template.id, [`step "${step.key}": the series ends before its first date (${first})`]);
  dates.forEach((date, index) => {
    const occurrence = index + 1;
    const key = activityKey(step.key, partnershipId, undefined, occurrence);
    const override = overrides.get(key);
    placed.set(key, { key, step, partnershipId, date: override?.date ?? date, override, undated: false, window: null, occurrence });
  });
}

interface Spot {
  date: string;
  undated: boolean;
  window: { from: string; to: string } | null;
}

function defaultSpot(step: Step, partnershipId: string | null, placed: Map<string, Placed>, context: Context): Spot {
  const placement = step.placement;
  const { calendar, startDate } = context;
  if ('on' in placement) {
    const day = fixedDay(placement, startDate);
    if (!isIsoDate(day)) throw new TemplateError(context.template.id, [`step "${step.key}": "${placement.on}" is not a date`]);
    return { date: calendar.nextWorkingDay(day), undated: false, window: null };
  }
  if ('window' in placement) {
    // Undated until someone sets a date; the window's first working day sorts and stores it meanwhile.
    const window = windowRange(placement, startDate);
    return { date: calendar.nextWorkingDay(window.from), undated: true, window };
  }
  if (!('workingDays' in placement)) {
    const days = placement.weeks * 7 + placement.days;
    return { date: calendar.nextWorkingDay(addCalendarDays(startDate, days)), undated: false, window: null };
  }
  const base = context.template.steps.find((s) => s.key === placement.from);
  if (base && !happensOnce(base.audience) && partnershipId === null) {
    throw new TemplateError(context.template.id, [
      `step "${step.key}" happens once for the programme but is placed relative to "${base.key}", which happens once per partnership`,
    ]);
  }
  // A step that happens once (the programme's, the steering group's) is one date everyone can follow.
  const baseGroup = !base ? undefined : happensOnce(base.audience) ? groupsFor(base, context.groups)[0] : partnershipId;
  const baseActivity = base && baseGroup !== undefined ? placed.get(activityKey(base.key, baseGroup)) : undefined;
  if (!baseActivity) {
    throw new TemplateError(context.template.id, [
      `step "${step.key}" is placed relative to "${placement.from}", which is not an earlier step of the same group`,
    ]);
  }
  // Counted from an undated activity, this one waits for that date too.
  return { date: calendar.addWorkingDays(baseActivity.date, placement.workingDays), undated: baseActivity.undated === true, window: null };
}

/** The activities of one placed step in one group: one, or one per pair or trio of its organisations. */
function toActivities(placed: Placed, pairings: Pairings, overrides: Map<string, ActivityOverride>, context: Context): PlannedActivity[] {
  const units = pairings.units.get(placed.key);
  if (!units || units.length === 0) return [toActivity(placed, [], pairings, context)];
  return units.map((unit, index) => {
    const key = activityKey(placed.step.key, placed.partnershipId, unit[0]);
    const own = overrides.get(key);
    // A visit moved on its own keeps its date; the others follow the step's date in the group.
    const override = own ?? placed.override;
    const date = own?.date ?? placed.date;
    const activity = toActivity({ ...placed, key, override, date, undated: own === undefined && placed.undated }, unit, pairings, context);
    // One date sets the whole round (`flyt <trin> <gruppe>`): ask for it once per group, not per pair.
    if (index > 0 && activity.undated) activity.reminders = activity.reminders.filter((r) => r.purpose !== 'date_prompt');
    return activity;
  });
}

function toActivity(placed: Placed, unit: string[], pairings: Pairings, context: Context): PlannedActivity {
  const { step, partnershipId, date, override } = placed;
  const time = override?.startTime ?? step.startTime ?? context.template.defaults.startTime;
  const startsAt = context.utc(date, time);
  const undated = placed.undated === true;
  return {
    key: placed.key,
    stepKey: step.key,
    partnershipId,
    pairedPartnershipId: partnershipId === null ? null : (pairings.groups.get(step.key)?.get(partnershipId) ?? null),
    kind: step.kind,
    audience: step.audience,
    date,
    startsAt,
    endsAt: step.durationMinutes === undefined ? startsAt : addMinutes(startsAt, step.durationMinutes),
    pinned: override !== undefined,
    location: override?.location !== undefined ? override.location : (step.place ?? null),
    pairedOrganisationIds: unit,
    format: override?.format !== undefined ? override.format : (step.format ?? null),
    meetingLink: override?.meetingLink ?? null,
    window: placed.window ?? null,
    undated,
    ...(placed.occurrence === undefined ? {} : { occurrence: placed.occurrence }),
    ...(override?.cancelled ? { cancelled: true } : {}),
    // A cancelled occurrence reminds no one.
    reminders: override?.cancelled ? [] : remindersOf(placed, startsAt, context),
  };
}

/**
 * Dated: the ordinary reminders. An undated window step: prompts to set its date instead. A step
 * waiting for an undated one: nothing until that date is set.
 */
function remindersOf(placed: Placed, startsAt: string, context: Context) {
  const { step, date } = placed;
  if (!placed.undated) return planReminders(step, date, startsAt, context);
  if ('window' in step.placement && placed.window) return planDatePrompts(step.placement, placed.window, context);
  return [];
}

/** By start, then partnerships in their order (position), so every list shows them the same way. */
function byStart(ids: readonly string[]): (a: PlannedActivity, b: PlannedActivity) => number {
  const rank = (a: PlannedActivity) => (a.partnershipId === null ? -1 : ids.indexOf(a.partnershipId));
  return (a, b) => compare(a.startsAt, b.startsAt) || rank(a) - rank(b) || compare(a.key, b.key);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
