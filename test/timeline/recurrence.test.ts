import { describe, expect, it } from 'vitest';
import { TemplateError } from '../../src/templates/index.ts';
import { parseTemplate } from '../../src/templates/index.ts';
import { createDanishCalendar } from '../../src/timeline/calendar.ts';
import { cadenceLabel, planProgramme, previewMoves, type Plan } from '../../src/timeline/plan.ts';
import { settings } from './fixtures.ts';
import { seriesInput, seriesTemplateInput } from './series-fixture.ts';

const calendar = createDanishCalendar(settings());
const dates = (plan: Plan, stepKey: string) => plan.activities.filter((a) => a.stepKey === stepKey).map((a) => a.date);

describe('repeating steps over 24 months (the cadences of seed 002)', () => {
  const plan = planProgramme(seriesInput());

  it('meet monthly on the first Tuesday, each occurrence its own activity on a working day', () => {
    const research = plan.activities.filter((a) => a.stepKey === 'forskning');
    expect(research.map((a) => a.key).slice(0, 3)).toEqual(['forskning~1', 'forskning~2', 'forskning~3']);
    expect(research.map((a) => a.date).slice(0, 6)).toEqual(['2027-01-05', '2027-02-02', '2027-03-02', '2027-04-06', '2027-05-04', '2027-06-01']);
    // To the programme's end (24 months from 4 January 2027): 2 January 2029 is still inside.
    expect(research).toHaveLength(25);
    for (const a of research) expect(calendar.isWorkingDay(a.date)).toBe(true);
    expect(research.every((a) => a.occurrence !== undefined && a.reminders.length === 2)).toBe(true);
  });

  it('meet quarterly on the first Tuesday of the quarter and in the quarter’s first month, eight in 24 months', () => {
    expect(dates(plan, 'kvartalsmoede')).toEqual(['2027-01-05', '2027-04-06', '2027-07-06', '2027-10-05', '2028-01-04', '2028-04-04', '2028-07-04', '2028-10-03']);
    expect(plan.activities.find((a) => a.stepKey === 'kvartalsmoede')!.key).toBe('kvartalsmoede@k~1');
    // The advisory board keeps the first meeting's day of the month; a Sunday (11 April 2027) moves to Monday.
    expect(dates(plan, 'advisory')).toEqual(['2027-01-11', '2027-04-12', '2027-07-12', '2027-10-11', '2028-01-11', '2028-04-11', '2028-07-11', '2028-10-11']);
  });

  it('meet every half year on the same day of the half year', () => {
    expect(dates(plan, 'styregruppemoede')).toEqual(['2027-01-18', '2027-07-19', '2028-01-18', '2028-07-18']);
  });

  it('meet weekly on a list of weekdays, a holiday moved to the next working day of the same week or else the last before', () => {
    const network = dates(plan, 'netvaerksmoede');
    expect(network.slice(0, 4)).toEqual(['2027-01-04', '2027-01-07', '2027-01-11', '2027-01-14']);
    // Skærtorsdag 25 March 2027: Friday and Monday are holidays too, so the week's meeting is Wednesday 24.
    expect(network).toContain('2027-03-24');
    expect(network).not.toContain('2027-03-25');
    // 2. påskedag 29 March: Tuesday 30.
    expect(network).toContain('2027-03-30');
    expect(network.at(-1)! <= '2027-06-30').toBe(true);
    for (const d of network) expect(calendar.isWorkingDay(d)).toBe(true);
  });

  it('moving one occurrence moves only it', () => {
    const moved = previewMoves(seriesInput(), [{ stepKey: 'kvartalsmoede', partnershipId: 'k', occurrence: 2, date: '2027-04-13' }]);
    expect(moved.changes.map((c) => c.key)).toEqual(['kvartalsmoede@k~2']);
    expect(dates(moved.plan, 'kvartalsmoede').slice(0, 3)).toEqual(['2027-01-05', '2027-04-13', '2027-07-06']);
  });

  it('a cancelled occurrence stays in the plan without reminders', () => {
    const cancelled = planProgramme(seriesInput({ overrides: [{ stepKey: 'forskning', partnershipId: null, occurrence: 3, date: '2027-03-02', cancelled: true }] }));
    const third = cancelled.activities.find((a) => a.key === 'forskning~3')!;
    expect(third.cancelled).toBe(true);
    expect(third.reminders).toEqual([]);
    expect(cancelled.activities.find((a) => a.key === 'forskning~4')!.reminders).toHaveLength(2);
  });

  it('says its cadence in Danish and English', () => {
    const steps = seriesInput().template.steps;
    const repeat = (key: string) => steps.find((s) => s.key === key)!.repeat!;
    expect(cadenceLabel(repeat('kvartalsmoede'), 'da')).toBe('hver 3. måned');
    expect(cadenceLabel(repeat('kvartalsmoede'), 'en')).toBe('every 3 months');
    expect(cadenceLabel(repeat('forskning'), 'da')).toBe('hver måned');
    expect(cadenceLabel(repeat('styregruppemoede'), 'da')).toBe('hvert halve år');
    expect(cadenceLabel(repeat('netvaerksmoede'), 'da')).toBe('hver mandag og torsdag');
    expect(cadenceLabel(repeat('netvaerksmoede'), 'en')).toBe('every Monday and Thursday');
  });
});

describe('the template check of repeating steps', () => {
  const withStep = (patch: Record<string, unknown>) => {
    const input = seriesTemplateInput();
    input.steps.push({ key: 'x', kind: 'meeting', title: { da: 'X' }, audience: 'all', ...patch });
    return () => parseTemplate(input, 'serier-test');
  };

  it('refuses repeat on a window step, by step and field', () => {
    expect(withStep({ placement: { window: { quarter: 2 } }, repeat: { every: 'month' } })).toThrow(/steps\[6\] \(x\)\.repeat: a window step cannot repeat/);
  });

  it('refuses an end before the start', () => {
    expect(withStep({ placement: { on: '06-01', year: 1 }, repeat: { every: 'month', until: { on: '03-01', year: 1 } } })).toThrow(/slutter før det begynder|ends before it starts/);
  });

  it('refuses a list of weekdays on anything but weeks, and an unknown field', () => {
    expect(withStep({ placement: { from: 'start', weeks: 0 }, repeat: { every: 'month', on: { weekdays: ['monday'] } } })).toThrow(/every: week/);
    expect(withStep({ placement: { from: 'start', weeks: 0 }, repeat: { every: 'month', each: 2 } })).toThrow(/each/);
  });

  it('refuses, when planned, a series whose end lies before its first date', () => {
    const input = seriesTemplateInput();
    input.steps.push({ key: 'x', kind: 'meeting', title: { da: 'X' }, audience: 'all', placement: { from: 'start', weeks: 30 }, repeat: { every: 'month', until: { on: '03-01' } } });
    expect(() => planProgramme(seriesInput({ template: parseTemplate(input, 'serier-test') }))).toThrow(TemplateError);
  });
});
