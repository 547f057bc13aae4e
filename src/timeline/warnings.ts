import type { Step, Template } from '../domain/template.ts';
import { pick } from '../domain/text.ts';
import type { WorkCalendar } from './calendar.ts';
import { happensOnce } from './groups.ts';
import { longDate } from './time.ts';
import type { PlannedActivity, PlanWarning } from './types.ts';
import { resolveWindow, windowDescription } from './windows.ts';

/**
 * Things the consultant should look at, without refusing the plan: a hand-set date on a day off, and
 * activities that ended up in the wrong order because one of them was pinned.
 */
export function planWarnings(activities: readonly PlannedActivity[], template: Template, calendar: WorkCalendar) {
  const steps = new Map(template.steps.map((step) => [step.key, step]));
  const byKey = new Map(activities.map((activity) => [activity.key, activity]));
  // A step for one named group has one activity, keyed by that group; others find it by the step's key.
  for (const activity of activities) {
    const step = steps.get(activity.stepKey);
    if (step && happensOnce(step.audience) && !byKey.has(activity.stepKey)) byKey.set(activity.stepKey, activity);
  }
  const warnings: PlanWarning[] = [];
  for (const activity of activities) {
    const step = steps.get(activity.stepKey);
    if (!step) continue;
    const dayOff = calendar.describeDayOff(activity.date);
    // Unpinned activities are always moved to working days, so only a hand-set date can land here.
    if (dayOff !== null) warnings.push(dayOffWarning(activity, step, dayOff));
    warnings.push(...orderWarnings(activity, step, byKey, steps));
  }
  return warnings;
}

/** At most one warning per pair of activities, even when a step both follows and must precede it. */
function orderWarnings(
  activity: PlannedActivity,
  step: Step,
  byKey: Map<string, PlannedActivity>,
  steps: Map<string, Step>,
): PlanWarning[] {
  const warnings: PlanWarning[] = [];
  // An undated activity's date is provisional: nothing to be in the wrong order yet.
  if (activity.undated) return warnings;
  const base = relativeBase(step, activity, byKey, steps);
  const after = 'workingDays' in step.placement && step.placement.workingDays > 0;
  if (base && (after ? activity.date < base.date : activity.date > base.date)) {
    warnings.push(orderWarning(activity, step, base, steps, after ? 'follows' : 'precedes'));
  }
  const target = precedenceTarget(step, activity, byKey, steps);
  if (target && !target.undated && target !== base && activity.startsAt >= target.startsAt) {
    warnings.push(orderWarning(activity, step, target, steps, 'precedes'));
  }
  return warnings;
}

function dayOffWarning(activity: PlannedActivity, step: Step, dayOff: string): PlanWarning {
  return {
    key: activity.key,
    code: 'not_working_day',
    message: {
      da: `${pick(step.title, 'da')} ligger ${longDate(activity.date, 'da')}, som ikke er en arbejdsdag (${dayOff}).`,
      en: `${pick(step.title, 'en')} is on ${longDate(activity.date, 'en')}, which is not a working day (${dayOff}).`,
    },
  };
}

/**
 * The activity this one is counted from (same partnership, or the programme-wide one). Only a pinned
 * date can put an activity on the wrong side of it.
 */
function relativeBase(step: Step, activity: PlannedActivity, byKey: Map<string, PlannedActivity>, steps: Map<string, Step>) {
  const placement = step.placement;
  if (!('workingDays' in placement) || placement.workingDays === 0) return undefined;
  const baseStep = steps.get(placement.from);
  if (!baseStep) return undefined;
  const base = happensOnce(baseStep.audience) ? byKey.get(baseStep.key) : byKey.get(`${baseStep.key}@${activity.partnershipId}`);
  return base?.undated ? undefined : base;
}

/**
 * A window step dated outside its window: the service refuses such a date, so only a date set before
 * the window existed (or by hand in the store) lands here; it is kept and named.
 */
export function outsideWindowWarning(activity: PlannedActivity, template: Template, startDate: string): PlanWarning[] {
  const window = activity.window;
  if (!window || activity.undated || (window.from <= activity.date && activity.date <= window.to)) return [];
  const step = template.steps.find((s) => s.key === activity.stepKey);
  if (!step || !('window' in step.placement)) return [];
  const spec = resolveWindow(step.placement, startDate);
  return [
    {
      key: activity.key,
      code: 'outside_window',
      message: {
        da: `${pick(step.title, 'da')} ligger ${longDate(activity.date, 'da')}, uden for ${windowDescription(spec, 'da')}.`,
        en: `${pick(step.title, 'en')} is on ${longDate(activity.date, 'en')}, outside ${windowDescription(spec, 'en')}.`,
      },
    },
  ];
}

function precedenceTarget(
  step: Step,
  activity: PlannedActivity,
  byKey: Map<string, PlannedActivity>,
  steps: Map<string, Step>,
): PlannedActivity | undefined {
  const target = step.mustPrecede === undefined ? undefined : steps.get(step.mustPrecede);
  if (!target) return undefined;
  if (happensOnce(target.audience)) return byKey.get(target.key);
  return activity.partnershipId === null ? undefined : byKey.get(`${target.key}@${activity.partnershipId}`);
}

function orderWarning(
  activity: PlannedActivity,
  step: Step,
  other: PlannedActivity,
  steps: Map<string, Step>,
  relation: 'follows' | 'precedes',
): PlanWarning {
  const otherTitle = steps.get(other.stepKey)?.title ?? { da: other.stepKey };
  const [da, en] = [pick(step.title, 'da'), pick(step.title, 'en')];
  const [otherDa, otherEn] = [pick(otherTitle, 'da'), pick(otherTitle, 'en')];
  const when = { da: longDate(activity.date, 'da'), en: longDate(activity.date, 'en') };
  const otherWhen = { da: longDate(other.date, 'da'), en: longDate(other.date, 'en') };
  const message =
    relation === 'precedes'
      ? {
          da: `${da} (${when.da}) skal ligge før ${otherDa} (${otherWhen.da}).`,
          en: `${en} (${when.en}) should come before ${otherEn} (${otherWhen.en}).`,
        }
      : {
          da: `${da} (${when.da}) ligger før ${otherDa} (${otherWhen.da}), som den skal følge efter.`,
          en: `${en} (${when.en}) comes before ${otherEn} (${otherWhen.en}), which it should follow.`,
        };
  return { key: activity.key, code: 'order', message };
}
