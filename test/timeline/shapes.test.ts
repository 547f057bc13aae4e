import { describe, expect, it } from 'vitest';
import { createDanishCalendar } from '../../src/timeline/calendar.ts';
import { pairingOrderOf, planProgramme, previewMove, type Plan, type PlannedActivity } from '../../src/timeline/plan.ts';
import { localWallClock, planInput, smaa } from './fixtures.ts';
import { networkInput, networkTemplate } from './network-fixture.ts';

const calendar = createDanishCalendar();

function of(plan: Plan, stepKey: string, groupId: string | null): PlannedActivity[] {
  return plan.activities.filter((a) => a.stepKey === stepKey && a.partnershipId === groupId);
}

function one(plan: Plan, stepKey: string, groupId: string | null): PlannedActivity {
  const [activity, ...rest] = of(plan, stepKey, groupId);
  if (!activity || rest.length > 0) throw new Error(`not exactly one ${stepKey}@${groupId}`);
  return activity;
}

const unordered = (unit: string[]) => [...unit].sort().join('+');

describe('a network programme', () => {
  const plan = planProgramme(networkInput());

  it('holds each network its own meeting, the steering group its own, and the shared seminar once', () => {
    expect(plan.activities.filter((a) => a.stepKey === 'temamoede-1').map((a) => a.key)).toEqual(['temamoede-1@n1', 'temamoede-1@n2']);
    expect(plan.activities.filter((a) => a.stepKey === 'styregruppemoede').map((a) => a.key)).toEqual(['styregruppemoede@sg']);
    expect(plan.activities.filter((a) => a.stepKey === 'seminar').map((a) => a.partnershipId)).toEqual([null]);
    expect(plan.warnings).toEqual([]);
  });

  it('moves a fixed date off a weekend to the next working day', () => {
    // 1 May 2027 is a Saturday.
    expect(one(plan, 'seminar', null).date).toBe('2027-05-03');
  });

  it('puts homework working days before the meeting it prepares, in the same network', () => {
    for (const group of ['n1', 'n2']) {
      const meeting = one(plan, 'temamoede-2', group);
      const homework = one(plan, 'hjemmeopgave', group);
      expect(homework.date).toBe(calendar.addWorkingDays(meeting.date, -5));
      expect(homework.reminders.map((r) => localWallClock(r.dueAt))).toEqual([`${calendar.addWorkingDays(homework.date, -2)} 08:30`]);
    }
  });

  it('carries the template format and place onto the activities', () => {
    const meeting = one(plan, 'temamoede-q4', 'n1');
    expect([meeting.format, meeting.location, meeting.meetingLink]).toEqual(['hybrid', 'KL, Weidekampsgade', null]);
    expect(one(plan, 'temamoede-1', 'n1').format).toBeNull();
  });
});

describe('a step counted from the steering group’s meeting', () => {
  it('follows that one meeting in every network and for the programme', () => {
    const template = networkTemplate();
    const steps = template.steps.map((s) =>
      s.key === 'temamoede-2' || s.key === 'seminar' ? { ...s, placement: { from: 'styregruppemoede', workingDays: 5 } } : s,
    );
    const plan = planProgramme(networkInput({ template: { ...template, steps } }));
    const meeting = one(plan, 'styregruppemoede', 'sg');
    for (const group of ['n1', 'n2']) expect(one(plan, 'temamoede-2', group).date).toBe(calendar.addWorkingDays(meeting.date, 5));
    expect(one(plan, 'seminar', null).date).toBe(calendar.addWorkingDays(meeting.date, 5));
  });
});

describe('a step in a window', () => {
  const plan = planProgramme(networkInput());

  it('is undated, provisionally on the window’s first working day, and asks for a date instead of reminding', () => {
    const meeting = one(plan, 'temamoede-q4', 'n1');
    expect([meeting.undated, meeting.date, meeting.window]).toEqual([true, '2027-10-01', { from: '2027-10-01', to: '2027-12-31' }]);
    expect(meeting.reminders.every((r) => r.purpose === 'date_prompt')).toBe(true);
    const prompts = meeting.reminders.map((r) => localWallClock(r.dueAt));
    // 20 working days before 1 October, then every 5 working days until the window closes.
    expect(prompts.slice(0, 5)).toEqual(['2027-09-03 08:30', '2027-09-10 08:30', '2027-09-17 08:30', '2027-09-24 08:30', '2027-10-01 08:30']);
    expect(prompts.at(-1)).toBe('2027-12-27 08:30'); // 24 December is a day off, so the last round is on the 27th
    expect(meeting.reminders.map((r) => r.offsetDays).slice(0, 3)).toEqual([20, 15, 10]);
    for (const day of prompts) expect(calendar.isWorkingDay(day.slice(0, 10))).toBe(true);
  });

  it('asks at the reminder time on both sides of the change to winter time', () => {
    const dueAt = one(plan, 'temamoede-q4', 'n1').reminders.map((r) => r.dueAt);
    expect(dueAt).toContain('2027-10-29T06:30:00.000Z'); // summer time, UTC+2
    expect(dueAt).toContain('2027-11-05T07:30:00.000Z'); // winter time, UTC+1
  });

  it('planned after the first prompts were due, asks once now and then goes on as planned', () => {
    const late = planProgramme(networkInput({ now: '2027-09-20T10:00:00.000Z' }));
    const prompts = one(late, 'temamoede-q4', 'n1').reminders.map((r) => r.dueAt);
    expect(prompts.slice(0, 2)).toEqual(['2027-09-20T10:00:00.000Z', '2027-09-24T06:30:00.000Z']);
  });

  it('leaves the steps counted from it undated, without reminders', () => {
    const follow = one(plan, 'opfoelgning', 'n1');
    expect([follow.undated, follow.reminders]).toEqual([true, []]);
  });

  it('once dated inside its window, reminds as usual, stops asking and dates what follows, in that network only', () => {
    const dated = planProgramme(networkInput({ overrides: [{ stepKey: 'temamoede-q4', partnershipId: 'n1', date: '2027-11-10' }] }));
    const meeting = one(dated, 'temamoede-q4', 'n1');
    expect([meeting.undated, meeting.date]).toEqual([false, '2027-11-10']);
    expect(meeting.reminders.map((r) => [r.purpose ?? 'reminder', localWallClock(r.dueAt)])).toEqual([
      ['reminder', '2027-11-03 08:30'],
      ['reminder', '2027-11-09 08:30'],
    ]);
    const follow = one(dated, 'opfoelgning', 'n1');
    expect([follow.undated, follow.date, follow.reminders.length]).toEqual([false, '2027-11-17', 1]);
    expect(one(dated, 'temamoede-q4', 'n2').undated).toBe(true);
    expect(one(dated, 'opfoelgning', 'n2').undated).toBe(true);
    expect(dated.warnings).toEqual([]);
  });

  it('keeps a date outside the window but warns, naming the window', () => {
    const outside = planProgramme(networkInput({ overrides: [{ stepKey: 'temamoede-q4', partnershipId: 'n2', date: '2028-01-10' }] }));
    const warning = outside.warnings.find((w) => w.code === 'outside_window');
    expect(warning?.key).toBe('temamoede-q4@n2');
    expect(warning?.message.da).toContain('uden for 4. kvartal 2027 (1. oktober - 31. december 2027)');
    expect(one(outside, 'temamoede-q4', 'n2').date).toBe('2028-01-10');
  });

  it('takes a meeting link and format set by hand', () => {
    const online = planProgramme(
      networkInput({ overrides: [{ stepKey: 'temamoede-q4', partnershipId: 'n1', date: '2027-11-10', format: 'virtual', meetingLink: 'https://teams.example/m' }] }),
    );
    const meeting = one(online, 'temamoede-q4', 'n1');
    expect([meeting.format, meeting.meetingLink, meeting.location]).toEqual(['virtual', 'https://teams.example/m', 'KL, Weidekampsgade']);
  });
});

describe('pairings between the organisations of a network', () => {
  const plan = planProgramme(networkInput());

  it('lets every organisation visit once and host once in each round', () => {
    for (const [group, size] of [['n1', 4], ['n2', 5]] as const) {
      for (const step of ['besoeg-1', 'besoeg-2']) {
        const visits = of(plan, step, group).map((a) => a.pairedOrganisationIds);
        expect(visits).toHaveLength(size);
        expect(new Set(visits.map((v) => v[0])).size).toBe(size);
        expect(new Set(visits.map((v) => v[1])).size).toBe(size);
        expect(visits.every(([visitor, host]) => visitor !== host)).toBe(true);
      }
    }
  });

  it('never repeats a pair across two rounds in a network of five', () => {
    const pairs = ['besoeg-1', 'besoeg-2'].flatMap((step) => of(plan, step, 'n2').map((a) => unordered(a.pairedOrganisationIds)));
    expect(new Set(pairs).size).toBe(10); // all ten pairs of five, each once
  });

  it('keys one activity per visit by its visitor, counted from the same network’s meeting', () => {
    const visit = plan.activities.find((a) => a.key === 'besoeg-1@n2#b1');
    expect(visit?.pairedOrganisationIds).toEqual(['b1', 'b2']);
    expect(visit?.date).toBe(calendar.addWorkingDays(one(plan, 'temamoede-1', 'n2').date, 10));
  });

  it('swaps two organisations when the consultant says so', () => {
    const swapped = planProgramme(networkInput({ pairingOrders: [{ stepKey: 'besoeg-1', groupId: 'n2', order: ['b2', 'b1', 'b3', 'b4', 'b5'] }] }));
    const visits = of(swapped, 'besoeg-1', 'n2').map((a) => a.pairedOrganisationIds.join('>'));
    expect(visits.sort()).toEqual(['b1>b3', 'b2>b1', 'b3>b4', 'b4>b5', 'b5>b2']);
    expect(of(swapped, 'besoeg-1', 'n1')).toEqual(of(plan, 'besoeg-1', 'n1'));
  });

  it('splits a network into trios, the remainder joining the last one', () => {
    const trios = of(plan, 'sparring', 'n2').map((a) => a.pairedOrganisationIds);
    expect(trios).toEqual([['b1', 'b2', 'b3'], ['b4', 'b5']]);
    expect(of(plan, 'sparring', 'n1').map((a) => a.pairedOrganisationIds)).toEqual([['a1', 'a2', 'a3', 'a4']]);
  });

  it('warns when a small network has no new pairs left', () => {
    const small = networkInput();
    small.partnerships = [{ id: 'n1', position: 0, groupType: 'network', organisations: [1, 2, 3].map((i) => ({ id: `c${i}`, position: i })) }];
    const planned = planProgramme(small);
    expect(planned.warnings.map((w) => [w.code, w.key])).toEqual([['pairing_repeats', 'besoeg-2@n1#c1']]);
    expect(planned.warnings[0]?.message.da).toContain('mødes igen');
  });

  it('moves one visit on its own, leaving the others of the round', () => {
    const preview = previewMove(networkInput(), { stepKey: 'besoeg-1', partnershipId: 'n2', unit: 'b3', date: '2027-02-03' });
    expect(preview.changes.map((c) => c.key)).toEqual(['besoeg-1@n2#b3']);
  });
});

describe('the order a swap starts from', () => {
  it('is the rotation’s own, and swapping two in it swaps them in the pairing', () => {
    const order = pairingOrderOf(networkInput(), 'besoeg-1', 'n2');
    expect(order).toEqual(['b1', 'b2', 'b3', 'b4', 'b5']);
    [order[0], order[2]] = [order[2]!, order[0]!];
    const swapped = planProgramme(networkInput({ pairingOrders: [{ stepKey: 'besoeg-1', groupId: 'n2', order }] }));
    expect(of(swapped, 'besoeg-1', 'n2').map((a) => a.pairedOrganisationIds.join('>')).sort()).toEqual(['b1>b4', 'b2>b1', 'b3>b2', 'b4>b5', 'b5>b3']);
    expect(pairingOrderOf(networkInput(), 'sparring', 'n2')).toEqual(['b1', 'b2', 'b3', 'b4', 'b5']);
  });
});

describe('Små Partnerskaber in the general terms', () => {
  it('plans the same with its pairing written as a visit between groups', () => {
    const template = smaa();
    const general = {
      ...template,
      steps: template.steps.map((s) => (s.pairing === 'other_partnership' ? { ...s, pairing: { between: 'groups' as const, size: 2 as const, mode: 'visit' as const } } : s)),
    };
    expect(general.steps.some((s) => typeof s.pairing === 'object')).toBe(true);
    const plan = (t: typeof template) => planProgramme(planInput('2027-01-04', { template: t })).activities;
    expect(plan(general)).toEqual(plan(template));
  });
});
