import { isProgrammeWide, type Step, type Template } from '../domain/template.ts';
import { TemplateError } from '../templates/index.ts';
import { addCalendarDays, createDanishCalendar, isIsoDate, type WorkCalendar } from './calendar.ts';
import { planReminders } from './reminders.ts';
import { addMinutes, isLocalTime, localToUtc, resolveZone, type LocalToUtc } from './time.ts';
import {
  PlanError,
  type ActivityOverride,
  type MovePreview,
  type Plan,
  type PlanInput,
  type PlannedActivity,
  type PlannedChange,
  type PlanWarning,
} from './types.ts';
import { repairOrder, type Placed } from './repair.ts';
import { planWarnings } from './warnings.ts';

export * from './types.ts';
export { DEFAULT_TIMEZONE, modelMonth } from './time.ts';

interface Context {
  template: Template;
  startDate: string;
  calendar: WorkCalendar;
  utc: LocalToUtc;
  zone: string;
  now?: string;
  settings: PlanInput['settings'];
}

/** The key the store and the overrides use for one activity of a step. */
export function activityKey(stepKey: string, partnershipId: string | null): string {
  return partnershipId === null ? stepKey : `${stepKey}@${partnershipId}`;
}

/**
 * Dates every step of the template for the programme: once for programme-wide steps, once per
 * partnership otherwise. Pure: the same input always gives the same plan, so "apply a move" is simply
 * planning again with one more override.
 */
export function planProgramme(input: PlanInput): Plan {
  if (!isIsoDate(input.startDate)) {
    throw new PlanError('invalid_start_date', `not a date (yyyy-mm-dd): "${input.startDate}"`);
  }
  const zone = resolveZone(input.timezone);
  const context: Context = {
    template: input.template,
    startDate: input.startDate,
    calendar: createDanishCalendar(input.settings),
    utc: localToUtc(zone),
    zone,
    ...(input.now === undefined ? {} : { now: input.now }),
    settings: input.settings,
  };
  const partnerships = [...input.partnerships].sort((a, b) => a.position - b.position || compare(a.id, b.id));
  const ids = partnerships.map((p) => p.id);
  const overrides = indexOverrides(input.overrides);
  const placed = placeSteps(context, ids, overrides);
  for (const key of overrides.keys()) {
    if (!placed.has(key)) throw new PlanError('unknown_activity', `no activity "${key}" in this programme`);
  }
  const conflicts = repairOrder(placed, input.template, context.calendar);
  const paired = pairings(ids);
  const activities = [...placed.values()].map((p) => toActivity(p, paired, context)).sort(byStart(ids));
  // A chain that cannot fit is said once, not again as "comes before the step it follows".
  const others = planWarnings(activities, input.template, context.calendar).filter((w) => !conflicts.some((c) => c.key === w.key));
  return { activities, warnings: rootCauses([...conflicts, ...others], placed) };
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
  const before = new Map(planProgramme(input).activities.map((a) => [a.key, a]));
  const plan = planProgramme({ ...input, overrides: withOverride(input.overrides, move) });
  const changes: PlannedChange[] = [];
  for (const activity of plan.activities) {
    const from = before.get(activity.key)?.startsAt;
    if (from !== undefined && from !== activity.startsAt) {
      const { key, stepKey, partnershipId } = activity;
      changes.push({ key, stepKey, partnershipId, from, to: activity.startsAt });
    }
  }
  return { plan, changes, warnings: plan.warnings };
}

/**
 * The overrides after a move: it replaces an earlier override of the same activity, keeping the time
 * and place set before unless the move sets them too.
 */
export function withOverride(overrides: readonly ActivityOverride[], move: ActivityOverride): ActivityOverride[] {
  const key = activityKey(move.stepKey, move.partnershipId);
  const previous = overrides.find((o) => activityKey(o.stepKey, o.partnershipId) === key);
  const merged: ActivityOverride = { ...previous, stepKey: move.stepKey, partnershipId: move.partnershipId, date: move.date };
  if (move.startTime !== undefined) merged.startTime = move.startTime;
  if (move.location !== undefined) merged.location = move.location;
  return [...overrides.filter((o) => activityKey(o.stepKey, o.partnershipId) !== key), merged];
}

function indexOverrides(overrides: readonly ActivityOverride[]): Map<string, ActivityOverride> {
  const index = new Map<string, ActivityOverride>();
  for (const override of overrides) {
    const key = activityKey(override.stepKey, override.partnershipId);
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
function placeSteps(context: Context, ids: readonly string[], overrides: Map<string, ActivityOverride>) {
  const placed = new Map<string, Placed>();
  for (const step of context.template.steps) {
    for (const partnershipId of isProgrammeWide(step.audience) ? [null] : ids) {
      const key = activityKey(step.key, partnershipId);
      const override = overrides.get(key);
      // A pinned activity keeps its date even on a day off; the warnings say so instead.
      const date = override?.date ?? defaultDate(step, partnershipId, placed, context);
      placed.set(key, { key, step, partnershipId, date, override });
    }
  }
  return placed;
}

function defaultDate(step: Step, partnershipId: string | null, placed: Map<string, Placed>, context: Context) {
  const placement = step.placement;
  if ('on' in placement || 'window' in placement) {
    throw new TemplateError(context.template.id, [`step "${step.key}": fixed and window dates are planned by the planner work of issue 13`]);
  }
  if (!('workingDays' in placement)) {
    const days = placement.weeks * 7 + placement.days;
    return context.calendar.nextWorkingDay(addCalendarDays(context.startDate, days));
  }
  const base = context.template.steps.find((s) => s.key === placement.from);
  if (base && !isProgrammeWide(base.audience) && partnershipId === null) {
    throw new TemplateError(context.template.id, [
      `step "${step.key}" happens once for the programme but is placed relative to "${base.key}", which happens once per partnership`,
    ]);
  }
  const baseKey = base && activityKey(base.key, isProgrammeWide(base.audience) ? null : partnershipId);
  const baseActivity = baseKey === undefined ? undefined : placed.get(baseKey);
  if (!baseActivity) {
    throw new TemplateError(context.template.id, [
      `step "${step.key}" is placed relative to "${placement.from}", which is not an earlier step`,
    ]);
  }
  return context.calendar.addWorkingDays(baseActivity.date, placement.workingDays);
}

/** Round robin by position: each partnership's offer is tried by the next one's children. */
function pairings(ids: readonly string[]): Map<string, string | null> {
  return new Map(ids.map((id, i) => [id, ids.length > 1 ? (ids[(i + 1) % ids.length] ?? null) : null]));
}

function toActivity(placed: Placed, paired: Map<string, string | null>, context: Context): PlannedActivity {
  const { step, partnershipId, date, override } = placed;
  const time = override?.startTime ?? step.startTime ?? context.template.defaults.startTime;
  const startsAt = context.utc(date, time);
  return {
    key: placed.key,
    stepKey: step.key,
    partnershipId,
    pairedPartnershipId: step.pairing && partnershipId !== null ? (paired.get(partnershipId) ?? null) : null,
    kind: step.kind,
    audience: step.audience,
    date,
    startsAt,
    endsAt: step.durationMinutes === undefined ? startsAt : addMinutes(startsAt, step.durationMinutes),
    pinned: override !== undefined,
    location: override?.location ?? null,
    pairedOrganisationIds: [],
    format: null,
    meetingLink: null,
    window: null,
    undated: false,
    reminders: planReminders(step, date, startsAt, context),
  };
}

/** By start, then partnerships in their order (position), so every list shows them the same way. */
function byStart(ids: readonly string[]): (a: PlannedActivity, b: PlannedActivity) => number {
  const rank = (a: PlannedActivity) => (a.partnershipId === null ? -1 : ids.indexOf(a.partnershipId));
  return (a, b) => compare(a.startsAt, b.startsAt) || rank(a) - rank(b) || compare(a.key, b.key);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
