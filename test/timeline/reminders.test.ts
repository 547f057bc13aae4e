import { describe, expect, it } from 'vitest';
import { createDanishCalendar } from '../../src/timeline/calendar.ts';
import { planProgramme, type Plan } from '../../src/timeline/plan.ts';
import { find, localWallClock, move, planInput, settings, smaa } from './fixtures.ts';

const reminders = (plan: Plan, step: string, id: string | null = null) =>
  find(plan, step, id).reminders.map((r) => [r.offsetDays, r.dueAt]);

describe('reminders', () => {
  const winterStart = planProgramme(planInput('2027-01-04'));
  const autumnStart = planProgramme(planInput('2027-09-06'));

  it('go out 5 and 1 working days before workshops, visits and dialogues, at 09:00 local (UTC 08 in winter)', () => {
    expect(reminders(winterStart, 'midtvejsworkshop')).toEqual([
      [5, '2027-03-01T08:00:00.000Z'],
      [1, '2027-03-05T08:00:00.000Z'],
    ]);
    expect(reminders(winterStart, 'nysgerrighed', 'p1')).toEqual([
      [5, '2027-02-01T08:00:00.000Z'],
      [1, '2027-02-05T08:00:00.000Z'],
    ]);
    expect(reminders(winterStart, 'dialog-1', 'p1')).toEqual([
      [5, '2027-02-08T08:00:00.000Z'],
      [1, '2027-02-12T08:00:00.000Z'],
    ]);
  });

  it('stay at 09:00 local in summer time (UTC 07)', () => {
    expect(reminders(winterStart, 'afproevning-1', 'p3')).toEqual([
      [5, '2027-04-05T07:00:00.000Z'],
      [1, '2027-04-09T07:00:00.000Z'],
    ]);
    expect(reminders(winterStart, 'afslutningsworkshop').map(([, at]) => localWallClock(String(at)))).toEqual([
      '2027-05-10 09:00',
      '2027-05-14 09:00',
    ]);
  });

  it('go out 5 working days before the draft deadline only', () => {
    expect(reminders(winterStart, 'foerste-udkast', 'p4')).toEqual([[5, '2027-02-22T08:00:00.000Z']]);
  });

  it('follow the October DST change: the same 09:00 on either side of 2027-10-31', () => {
    // Deadline 1 November; five working days earlier is 25 October, still summer time.
    expect(reminders(autumnStart, 'foerste-udkast', 'p1')).toEqual([[5, '2027-10-25T07:00:00.000Z']]);
    expect(reminders(autumnStart, 'midtvejsworkshop')).toEqual([
      [5, '2027-11-01T08:00:00.000Z'],
      [1, '2027-11-05T08:00:00.000Z'],
    ]);
  });

  it('skip weekends and holidays when counting back', () => {
    // Kick-off Monday 4 January: the day before is Wednesday 30 December (31/12 and 1/1 are closed).
    expect(reminders(winterStart, 'opstartsworkshop')).toEqual([
      [5, '2026-12-22T08:00:00.000Z'],
      [1, '2026-12-30T08:00:00.000Z'],
    ]);
    // A dialogue set on Tuesday after Easter: back over 2. påskedag, langfredag, skærtorsdag and the
    // March DST change, so the reminders are in winter time and the dialogue in summer time.
    const pinned = planProgramme(planInput('2027-01-04', { overrides: [move('dialog-2', '2027-03-30', 'p1')] }));
    expect(localWallClock(find(pinned, 'dialog-2', 'p1').startsAt)).toBe('2027-03-30 13:00');
    expect(find(pinned, 'dialog-2', 'p1').startsAt).toBe('2027-03-30T11:00:00.000Z');
    expect(reminders(pinned, 'dialog-2', 'p1')).toEqual([
      [5, '2027-03-18T08:00:00.000Z'],
      [1, '2027-03-24T08:00:00.000Z'],
    ]);
  });

  it('are all at 09:00 local on a working day exactly `offset` working days before', () => {
    const calendar = createDanishCalendar();
    for (const plan of [winterStart, autumnStart]) {
      for (const activity of plan.activities) {
        for (const reminder of activity.reminders) {
          const [day, time] = localWallClock(reminder.dueAt).split(' ');
          expect(time, activity.key).toBe('09:00');
          expect(calendar.addWorkingDays(day!, reminder.offsetDays), activity.key).toBe(activity.date);
        }
      }
    }
  });

  it('use the programme settings over the template, and the step over both', () => {
    const custom = planProgramme(
      planInput('2027-01-04', { settings: settings({ reminderTime: '08:15', reminders: { workshop: [10, 0], visit: [] } }) }),
    );
    expect(reminders(custom, 'opstartsworkshop').map(([d, at]) => [d, localWallClock(String(at))])).toEqual([
      [10, '2026-12-15 08:15'],
      [0, '2027-01-04 08:15'],
    ]);
    expect(reminders(custom, 'nysgerrighed', 'p1')).toEqual([]);
    const template = smaa();
    const steps = template.steps.map((s) => (s.key === 'dialog-1' ? { ...s, reminders: [2] } : s));
    const own = planProgramme(planInput('2027-01-04', { template: { ...template, steps } }));
    expect(reminders(own, 'dialog-1', 'p1')).toEqual([[2, '2027-02-11T08:00:00.000Z']]);
  });

  it('on the day itself stay on a pinned day off rather than move after the activity', () => {
    const plan = planProgramme(
      planInput('2027-01-04', { settings: settings({ reminders: { visit: [0] } }), overrides: [move('nysgerrighed', '2027-02-06', 'p1')] }),
    );
    expect(reminders(plan, 'nysgerrighed', 'p1')).toEqual([[0, '2027-02-06T08:00:00.000Z']]);
  });
});
