import { isProgrammeWide, type Step, type Template } from '../domain/template.ts';
import { happensOnce } from './groups.ts';
import { pick } from '../domain/text.ts';
import type { WorkCalendar } from './calendar.ts';
import { longDate } from './time.ts';
import type { ActivityOverride, PlanWarning } from './types.ts';

/** Where one activity landed before times and reminders are added (the planner's working state). */
export interface Placed {
  key: string;
  step: Step;
  partnershipId: string | null;
  date: string;
  override: ActivityOverride | undefined;
  /** No date set yet: a window step nobody dated, or a step placed from one (its date is provisional). */
  undated?: boolean;
  /** For window steps: the local dates the date must lie within. */
  window?: { from: string; to: string } | null;
  /** For a repeating step: the occurrence's number. */
  occurrence?: number;
}

function keyOf(stepKey: string, partnershipId: string | null): string {
  return partnershipId === null ? stepKey : `${stepKey}@${partnershipId}`;
}

/** The activity of `stepKey` that `placed` relates to: the one of a step that happens once, or the same group's. */
function related(template: Template, stepKey: string, placed: Placed, all: Map<string, Placed>): Placed | undefined {
  const step = template.steps.find((s) => s.key === stepKey);
  if (!step) return undefined;
  if (isProgrammeWide(step.audience)) return all.get(step.key);
  if (happensOnce(step.audience)) return [...all.values()].find((p) => p.step.key === step.key);
  return placed.partnershipId === null ? undefined : all.get(keyOf(step.key, placed.partnershipId));
}

function follows(step: Step): step is Step & { placement: { from: string; workingDays: number } } {
  return 'workingDays' in step.placement && step.placement.workingDays > 0;
}

/**
 * Keeps the model's order when a move would break it: an activity that must come before another (the
 * trial-2 chain before the closing workshop, the curiosity visit before the first draft) and is only
 * counted from an earlier step is pulled back to the last working day that still fits, and so are the
 * steps before it in its chain, each at least a working day before the next. Hand-set (pinned) dates and
 * dates counted from the start are never moved. Where the chain cannot fit after the step it follows,
 * the conflict is returned, so the move is refused with it named.
 */
export function repairOrder(placed: Map<string, Placed>, template: Template, calendar: WorkCalendar): PlanWarning[] {
  const dependants = new Map<string, Placed[]>();
  for (const p of placed.values()) {
    if (!follows(p.step)) continue;
    const base = related(template, p.step.placement.from, p, placed);
    if (base) dependants.set(base.key, [...(dependants.get(base.key) ?? []), p]);
  }
  const limitOf = new Map<string, Placed>();
  // Template order puts a step after the steps it is counted from, so backwards sees dependants first.
  for (const p of [...placed.values()].reverse()) {
    // Provisional dates of undated steps are only for sorting; nothing is pulled back for them.
    // An occurrence of a series is its own date: nothing is counted from it or pulled back for it.
    if (p.override || p.undated || p.occurrence !== undefined || !follows(p.step)) continue;
    const limits = [...(dependants.get(p.key) ?? [])];
    const target = p.step.mustPrecede === undefined ? undefined : related(template, p.step.mustPrecede, p, placed);
    if (target) limits.push(target);
    const limit = limits
      .filter((l) => !l.undated)
      .reduce<Placed | undefined>((first, l) => (first === undefined || l.date < first.date ? l : first), undefined);
    if (!limit || p.date < limit.date) continue;
    p.date = calendar.addWorkingDays(limit.date, -1);
    limitOf.set(p.key, limit);
  }
  const conflicts: PlanWarning[] = [];
  for (const [key, limit] of limitOf) {
    const p = placed.get(key)!;
    const base = related(template, (p.step.placement as { from: string }).from, p, placed);
    if (!base || p.date > base.date) continue;
    let last = limit;
    while (limitOf.has(last.key)) last = limitOf.get(last.key)!; // name what the chain must come before
    conflicts.push(cannotFit(p, base, last));
  }
  return conflicts.reverse(); // in plan order, as the other warnings
}

function cannotFit(p: Placed, base: Placed, limit: Placed): PlanWarning {
  const text = (locale: 'da' | 'en') => ({
    title: pick(p.step.title, locale),
    base: `${pick(base.step.title, locale)} (${longDate(base.date, locale)})`,
    limit: `${pick(limit.step.title, locale)} (${longDate(limit.date, locale)})`,
  });
  const [da, en] = [text('da'), text('en')];
  return {
    key: p.key,
    code: 'order',
    message: {
      da: `${da.title} kan ikke nå at ligge efter ${da.base} og før ${da.limit}.`,
      en: `${en.title} cannot fit after ${en.base} and before ${en.limit}.`,
    },
  };
}
