import { DateTime } from 'luxon';
import type { ProgrammeSettings } from '../../src/domain/entities.ts';
import { getTemplate } from '../../src/templates/index.ts';
import type { ActivityOverride, Plan, PlanInput, PlannedActivity } from '../../src/timeline/plan.ts';

export const ZONE = 'Europe/Copenhagen';

export function smaa() {
  const template = getTemplate('smaa-partnerskaber');
  if (!template) throw new Error('built-in template missing');
  return template;
}

export function settings(extra: Partial<ProgrammeSettings> = {}): ProgrammeSettings {
  return { blackouts: [], closedOnCustomaryDaysOff: true, ...extra };
}

/** Partnerships p1..pn, given out of position order so the planner has to sort them. */
export function partnerships(count: number): PlanInput['partnerships'] {
  const list = Array.from({ length: count }, (_, i) => ({ id: `p${i + 1}`, position: i }));
  return [...list].reverse();
}

export function planInput(startDate: string, extra: Partial<PlanInput> = {}): PlanInput {
  return {
    template: smaa(),
    startDate,
    timezone: ZONE,
    partnerships: partnerships(4),
    overrides: [],
    settings: settings(),
    ...extra,
  };
}

export function find(plan: Plan, stepKey: string, partnershipId: string | null = null): PlannedActivity {
  const activity = plan.activities.find((a) => a.stepKey === stepKey && a.partnershipId === partnershipId);
  if (!activity) throw new Error(`no activity ${stepKey}@${partnershipId}`);
  return activity;
}

export function move(stepKey: string, date: string, partnershipId: string | null = null): ActivityOverride {
  return { stepKey, partnershipId, date };
}

/** Local wall-clock "yyyy-mm-dd HH:mm" of a UTC instant, as a participant in Denmark reads it. */
export function localWallClock(instant: string, zone = ZONE): string {
  return DateTime.fromISO(instant, { zone: 'utc' }).setZone(zone).toFormat('yyyy-MM-dd HH:mm');
}
