import { describe, expect, it } from 'vitest';
import { isProgrammeWide } from '../../src/domain/template.ts';
import { createDanishCalendar } from '../../src/timeline/calendar.ts';
import { modelMonth, planProgramme, type Plan } from '../../src/timeline/plan.ts';
import { find, localWallClock, planInput, settings, smaa } from './fixtures.ts';

/**
 * The seed's "Partnerskabsmodel", written out by hand: step, who, minutes (0 = a deadline), in the
 * order the figure reads. This is the check that the built-in template says what the guide says.
 */
const MODEL = [
  ['opstartsworkshop', 'all', 240],
  ['nysgerrighed', 'with_children', 120],
  ['dialog-1', 'without_children', 60],
  ['foerste-udkast', 'cultural_institution', 0],
  ['midtvejsworkshop', 'all', 240],
  ['justering', 'cultural_institution', 0],
  ['afproevning-1', 'with_children', 60],
  ['dialog-2', 'without_children', 60],
  ['evt-justering-1', 'cultural_institution', 0],
  ['afproevning-2', 'with_children', 60],
  ['dialog-andet-partnerskab', 'without_children', 60],
  ['evt-justering-2', 'cultural_institution', 0],
  ['afslutningsworkshop', 'all', 180],
  ['tilbud-udbydes', 'cultural_institution', 0],
] as const;

const minutes = (a: { startsAt: string; endsAt: string }) => (Date.parse(a.endsAt) - Date.parse(a.startsAt)) / 60_000;

function checkModel(plan: Plan, startDate: string, ids: string[]) {
  const calendar = createDanishCalendar();
  for (const activity of plan.activities) expect(calendar.isWorkingDay(activity.date), activity.key).toBe(true);
  for (const id of ids) {
    const chain = MODEL.map(([step, audience, duration]) => {
      const activity = find(plan, step, isProgrammeWide(audience) ? null : id);
      expect(activity.audience, step).toBe(audience);
      expect(minutes(activity), step).toBe(duration);
      return activity;
    });
    // The model's order holds for every partnership: each step starts after the one before it.
    for (let i = 1; i < chain.length; i++) {
      expect(chain[i]!.startsAt > chain[i - 1]!.startsAt, `${chain[i]!.key} after ${chain[i - 1]!.key}`).toBe(true);
    }
  }
  const workshops = ['opstartsworkshop', 'midtvejsworkshop', 'afslutningsworkshop'];
  expect(workshops.map((w) => modelMonth(startDate, find(plan, w).date))).toEqual([1, 3, 5]);
  expect(plan.warnings).toEqual([]);
}

function checkConsultantTasks(plan: Plan) {
  const steps = smaa().steps;
  const dateOf = (key: string) => find(plan, key).startsAt;
  const tasks = (phase: string) => steps.filter((s) => s.audience === 'consultant' && s.phase === phase);
  expect(tasks('before').map((s) => s.title.da)).toEqual([
    'Præsentation af projekt på kommunalt, strategisk niveau',
    'Præsentation af projekt for kulturinstitutionsledere',
    'Præsentation af projekt for dagtilbudsledere',
  ]);
  for (const task of tasks('before')) expect(dateOf(task.key) < dateOf('opstartsworkshop'), task.key).toBe(true);
  expect(tasks('during')).toHaveLength(3);
  for (const workshop of ['opstartsworkshop', 'midtvejsworkshop', 'afslutningsworkshop']) {
    expect(dateOf(`planlaeg-${workshop}`) < dateOf(workshop), workshop).toBe(true);
  }
  expect(tasks('after').map((s) => s.key)).toEqual([
    'afrapportering-kulturledere',
    'afrapportering-dagtilbudsledere',
    'afrapportering-strategisk',
    'markedsfoering',
  ]);
  for (const task of tasks('after')) expect(dateOf(task.key) > dateOf('afslutningsworkshop'), task.key).toBe(true);
}

describe('the Små Partnerskaber timeline from 2027-01-04 with four partnerships', () => {
  const plan = planProgramme(planInput('2027-01-04'));
  const ids = ['p1', 'p2', 'p3', 'p4'];

  it('has every step of the model, in order, on working days, workshops in months 1, 3 and 5', () => {
    checkModel(plan, '2027-01-04', ids);
  });

  it('lands on the hand-checked dates and local times', () => {
    const at = (step: string, id: string | null = 'p2') => localWallClock(find(plan, step, id).startsAt);
    expect(at('opstartsworkshop', null)).toBe('2027-01-04 09:00');
    expect(at('nysgerrighed')).toBe('2027-02-08 09:30');
    expect(at('dialog-1')).toBe('2027-02-15 13:00');
    expect(at('foerste-udkast')).toBe('2027-03-01 16:00');
    expect(at('midtvejsworkshop', null)).toBe('2027-03-08 09:00');
    expect(at('justering')).toBe('2027-03-15 16:00');
    // 22 working days after 8 March, skipping skærtorsdag, langfredag and 2. påskedag.
    expect(at('afproevning-1')).toBe('2027-04-12 09:30');
    expect(at('dialog-2')).toBe('2027-04-15 13:00');
    expect(at('evt-justering-1')).toBe('2027-04-22 16:00');
    // Counts 23 April 2027 (the old Store Bededag) as a working day.
    expect(at('afproevning-2')).toBe('2027-04-29 09:30');
    expect(at('dialog-andet-partnerskab')).toBe('2027-05-04 13:00');
    // Skips Kristi himmelfartsdag (6 May).
    expect(at('evt-justering-2')).toBe('2027-05-12 16:00');
    // Start + 19 weeks is 17 May 2027, 2. pinsedag: the closing workshop moves to the next day.
    expect(at('afslutningsworkshop', null)).toBe('2027-05-18 09:00');
    expect(at('tilbud-udbydes')).toBe('2027-06-01 12:00');
    // 30 working days before the kick-off, across Christmas and New Year.
    expect(at('praesentation-strategisk', null)).toBe('2026-11-17 09:00');
  });

  it('gives the workshops their seed durations in UTC (winter: one hour behind)', () => {
    const kickoff = find(plan, 'opstartsworkshop');
    expect([kickoff.startsAt, kickoff.endsAt]).toEqual(['2027-01-04T08:00:00.000Z', '2027-01-04T12:00:00.000Z']);
    const closing = find(plan, 'afslutningsworkshop');
    expect([closing.startsAt, closing.endsAt]).toEqual(['2027-05-18T07:00:00.000Z', '2027-05-18T10:00:00.000Z']);
  });

  it('plans one of each programme-wide step and one per partnership of the others', () => {
    for (const step of smaa().steps) {
      const activities = plan.activities.filter((a) => a.stepKey === step.key);
      const expected = isProgrammeWide(step.audience) ? [null] : ids;
      expect(activities.map((a) => a.partnershipId).sort(), step.key).toEqual(expected);
      expect(activities.every((a) => a.key === (a.partnershipId ? `${step.key}@${a.partnershipId}` : step.key))).toBe(true);
    }
  });

  it('asks the children "Hvad bliver børnene optaget af?" on the first visit', () => {
    const step = smaa().steps.find((s) => s.key === 'nysgerrighed');
    expect(step?.guidingQuestion?.da).toBe('Hvad bliver børnene optaget af?');
    expect(step?.kind).toBe('visit');
  });

  it('pairs trial 2 and its dialogue with ANOTHER partnership, each hosting exactly once', () => {
    for (const step of ['afproevning-2', 'dialog-andet-partnerskab']) {
      const pairs = ids.map((id) => [id, find(plan, step, id).pairedPartnershipId]);
      expect(pairs, step).toEqual([['p1', 'p2'], ['p2', 'p3'], ['p3', 'p4'], ['p4', 'p1']]);
      for (const [id, other] of pairs) expect(other).not.toBe(id);
      expect(new Set(pairs.map(([, other]) => other)).size).toBe(ids.length);
    }
    expect(find(plan, 'afproevning-1', 'p1').pairedPartnershipId).toBeNull();
  });

  it('has the consultant tasks before, during and after the programme', () => {
    checkConsultantTasks(plan);
  });

  it('is sorted by start, then key', () => {
    const order = plan.activities.map((a) => `${a.startsAt} ${a.key}`);
    expect(order).toEqual([...order].sort());
  });
});

describe('the Små Partnerskaber timeline from 2027-09-06 (across the October DST change)', () => {
  const plan = planProgramme(planInput('2027-09-06'));

  it('has every step of the model, in order, on working days, workshops in months 1, 3 and 5', () => {
    checkModel(plan, '2027-09-06', ['p1', 'p2', 'p3', 'p4']);
    checkConsultantTasks(plan);
  });

  it('keeps local times when the clocks go back on 2027-10-31', () => {
    const visit = find(plan, 'nysgerrighed', 'p1');
    expect([visit.startsAt, localWallClock(visit.startsAt)]).toEqual(['2027-10-11T07:30:00.000Z', '2027-10-11 09:30']);
    const midway = find(plan, 'midtvejsworkshop');
    expect([midway.startsAt, localWallClock(midway.startsAt)]).toEqual(['2027-11-08T08:00:00.000Z', '2027-11-08 09:00']);
  });

  it('plans over Christmas and New Year without landing on them', () => {
    expect(find(plan, 'afproevning-2', 'p1').date).toBe('2027-12-28');
    expect(find(plan, 'dialog-andet-partnerskab', 'p1').date).toBe('2028-01-03');
    expect(find(plan, 'afslutningsworkshop').date).toBe('2028-01-17');
  });

  it('does not block efterårsferie (week 42) unless it is configured as a blackout', () => {
    expect(find(plan, 'dialog-1', 'p1').date).toBe('2027-10-18');
    const blackouts = [{ from: '2027-10-18', to: '2027-10-22', label: 'Efterårsferie' }];
    const autumn = planProgramme(planInput('2027-09-06', { settings: settings({ blackouts }) }));
    expect(find(autumn, 'dialog-1', 'p1').date).toBe('2027-10-25');
    expect(autumn.activities.filter((a) => a.date >= '2027-10-18' && a.date <= '2027-10-22')).toEqual([]);
    // Only what is counted across the week moves; the visit before it and the workshops stay.
    expect(find(autumn, 'nysgerrighed', 'p1').date).toBe('2027-10-11');
    expect(find(autumn, 'midtvejsworkshop').date).toBe('2027-11-08');
  });
});

describe('planning edge cases', () => {
  it('pairs two partnerships with each other and leaves a single partnership unpaired', () => {
    const two = planProgramme(planInput('2027-01-04', { partnerships: [{ id: 'b', position: 1 }, { id: 'a', position: 0 }] }));
    expect(find(two, 'afproevning-2', 'a').pairedPartnershipId).toBe('b');
    expect(find(two, 'afproevning-2', 'b').pairedPartnershipId).toBe('a');
    const one = planProgramme(planInput('2027-01-04', { partnerships: [{ id: 'a', position: 0 }] }));
    expect(find(one, 'afproevning-2', 'a').pairedPartnershipId).toBeNull();
  });

  it('plans only the programme-wide steps before any partnership is added', () => {
    const plan = planProgramme(planInput('2027-01-04', { partnerships: [] }));
    expect(plan.activities.every((a) => a.partnershipId === null)).toBe(true);
    expect(find(plan, 'afslutningsworkshop').date).toBe('2027-05-18');
  });

  it('uses Europe/Copenhagen when no zone is given and refuses an unknown zone', () => {
    const plan = planProgramme(planInput('2027-01-04', { timezone: '' }));
    expect(find(plan, 'opstartsworkshop').startsAt).toBe('2027-01-04T08:00:00.000Z');
    expect(() => planProgramme(planInput('2027-01-04', { timezone: 'Europe/Kobenhavn' }))).toThrow(/time zone/);
    expect(() => planProgramme(planInput('04-01-2027'))).toThrow(/not a date/);
  });

  it('moves a start date that is a holiday to the next working day', () => {
    const plan = planProgramme(planInput('2027-03-29'));
    expect(find(plan, 'opstartsworkshop').date).toBe('2027-03-30');
  });
});
