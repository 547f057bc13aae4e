import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addCalendarDays, createDanishCalendar } from '../../src/timeline/calendar.ts';
import { planProgramme, type Plan } from '../../src/timeline/plan.ts';
import { move, planInput, smaa } from './fixtures.ts';

const template = smaa();
const calendar = createDanishCalendar({});

/** Every template rule the plan breaks: a mustPrecede, or a step before the step it is counted after. */
function broken(plan: Plan): string[] {
  const byKey = new Map(plan.activities.map((a) => [a.key, a]));
  const of = (stepKey: string, partnershipId: string | null) => byKey.get(stepKey) ?? byKey.get(`${stepKey}@${partnershipId}`);
  const problems: string[] = [];
  for (const a of plan.activities) {
    const step = template.steps.find((s) => s.key === a.stepKey)!;
    const target = step.mustPrecede === undefined ? undefined : of(step.mustPrecede, a.partnershipId);
    if (target && a.startsAt >= target.startsAt) problems.push(`${a.key} not before ${target.key}`);
    const placement = step.placement;
    const base = 'workingDays' in placement && placement.workingDays > 0 ? of(placement.from, a.partnershipId) : undefined;
    if (base && a.startsAt <= base.startsAt) problems.push(`${a.key} not after ${base.key}`);
  }
  return problems;
}

/** A working day some weeks after the start of a programme starting Monday 4 January 2027. */
const workingDay = (fromWeek: number, toWeek: number) =>
  fc.integer({ min: fromWeek * 7, max: toWeek * 7 }).map((days) => calendar.nextWorkingDay(addCalendarDays('2027-01-04', days)));

describe('the order repair', () => {
  it('keeps the model order whenever the workshops leave room for the chain, and names the conflict when not', () => {
    fc.assert(
      fc.property(workingDay(3, 16), workingDay(10, 24), (midway, closing) => {
        const plan = planProgramme(planInput('2027-01-04', { overrides: [move('midtvejsworkshop', midway), move('afslutningsworkshop', closing)] }));
        // The trial chain after the mid-way workshop is six steps, each at least a working day apart.
        const room = calendar.addWorkingDays(midway, 6) < closing;
        if (room) expect({ warnings: plan.warnings, broken: broken(plan) }).toEqual({ warnings: [], broken: [] });
        else expect(plan.warnings.map((w) => w.message.da)).toContainEqual(expect.stringMatching(/kan ikke nå at ligge efter Midtvejsworkshop/));
      }),
      { numRuns: 150 },
    );
  });

  it('pulls the trial chain in when the closing workshop moves earlier, and keeps it in order', () => {
    const plan = planProgramme(planInput('2027-01-04', { overrides: [move('afslutningsworkshop', '2027-04-29')] }));
    expect(plan.warnings).toEqual([]);
    expect(broken(plan)).toEqual([]);
  });
});
