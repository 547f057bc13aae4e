import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { closingTime, nextSendTime, nudgeTime, type ProgrammeTime } from '../../src/evaluations/timing.ts';
import { createDanishCalendar } from '../../src/timeline/calendar.ts';

const ZONE = 'Europe/Copenhagen';
const t: ProgrammeTime = { zone: ZONE, calendar: createDanishCalendar() };

const at = (local: string) => DateTime.fromISO(local, { zone: ZONE }).toJSDate();
const show = (d: Date) => DateTime.fromJSDate(d, { zone: ZONE }).toFormat("ccc yyyy-MM-dd HH:mm");

describe('when evaluation messages may go out', () => {
  it.each([
    ['within working hours: at once', '2027-02-11T11:30', 'Thu 2027-02-11 11:30'],
    ['early morning: later that morning', '2027-02-11T06:45', 'Thu 2027-02-11 10:00'],
    ['an evening activity: next working morning', '2027-02-11T18:30', 'Fri 2027-02-12 10:00'],
    ['Friday evening: Monday', '2027-02-12T17:00', 'Mon 2027-02-15 10:00'],
    ['Saturday: Monday', '2027-02-13T11:00', 'Mon 2027-02-15 10:00'],
    // Skærtorsdag to 2. påskedag are holidays; the clocks also change on Easter Sunday 2027.
    ['before Easter: the Tuesday after', '2027-03-24T19:00', 'Tue 2027-03-30 10:00'],
  ])('%s', (_name, local, expected) => {
    expect(show(nextSendTime(at(local), t))).toBe(expected);
  });

  it('reminds two working days after the prompt at 10:00 local, across weekends, holidays and DST', () => {
    expect(show(nudgeTime(at('2027-02-11T11:31'), 2, t))).toBe('Mon 2027-02-15 10:00');
    const easter = nudgeTime(at('2027-03-24T11:00'), 2, t);
    expect(show(easter)).toBe('Wed 2027-03-31 10:00');
    expect(easter.toISOString()).toBe('2027-03-31T08:00:00.000Z'); // summer time: UTC+2
  });

  it('respects the programme blackouts (a municipality’s winter holiday)', () => {
    const winter: ProgrammeTime = { zone: ZONE, calendar: createDanishCalendar({ blackouts: [{ from: '2027-02-15', to: '2027-02-19', label: 'vinterferie' }] }) };
    expect(show(nudgeTime(at('2027-02-11T11:31'), 2, winter))).toBe('Mon 2027-02-22 10:00');
  });

  it('closes at local midnight after the last working day', () => {
    const closes = closingTime(at('2027-02-11T11:31'), 10, t);
    expect(show(closes)).toBe('Fri 2027-02-26 00:00');
    expect(closes.toISOString()).toBe('2027-02-25T23:00:00.000Z');
  });
});
