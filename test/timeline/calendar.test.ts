import type Holidays from 'date-holidays';
import { createRequire } from 'node:module';
import { describe, expect, it, vi } from 'vitest';
import { addCalendarDays, createDanishCalendar } from '../../src/timeline/calendar.ts';

/** Easter Sunday by the Meeus/Jones/Butcher rule: an expectation computed independently of date-holidays. */
function easter(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const calendar = createDanishCalendar();

describe('Danish working days', () => {
  it('computes Easter the way the holidays expect (checked against a printed calendar)', () => {
    expect([2025, 2026, 2027, 2028].map(easter)).toEqual(['2025-04-20', '2026-04-05', '2027-03-28', '2028-04-16']);
  });

  for (const year of [2025, 2026, 2027, 2028]) {
    it(`keeps the public holidays of ${year} free`, () => {
      const e = easter(year);
      const days = {
        Nytårsdag: `${year}-01-01`,
        Skærtorsdag: addCalendarDays(e, -3),
        Langfredag: addCalendarDays(e, -2),
        'Anden påskedag': addCalendarDays(e, 1),
        'Kristi Himmelfartsdag': addCalendarDays(e, 39),
        'Anden Pinsedag': addCalendarDays(e, 50),
        Juledag: `${year}-12-25`,
        'Anden Juledag': `${year}-12-26`,
      };
      for (const [name, date] of Object.entries(days)) {
        expect(calendar.isWorkingDay(date), `${name} ${date}`).toBe(false);
        expect(calendar.describeDayOff(date), date).toBe(name);
      }
    });
  }

  it('names holidays by hand-checked date', () => {
    expect(calendar.describeDayOff('2027-03-26')).toBe('Langfredag');
    expect(calendar.describeDayOff('2027-03-25')).toBe('Skærtorsdag');
    expect(calendar.describeDayOff('2027-03-29')).toBe('Anden påskedag');
    expect(calendar.describeDayOff('2027-05-06')).toBe('Kristi Himmelfartsdag');
    expect(calendar.describeDayOff('2027-05-17')).toBe('Anden Pinsedag');
    expect(calendar.describeDayOff('2028-06-05')).toBe('Anden Pinsedag');
  });

  it('treats Store Bededag as a holiday until 2023 and a working day from 2024', () => {
    expect(calendar.describeDayOff('2023-05-05')).toBe('Store Bededag');
    const abolished = ['2024-04-26', '2025-05-16', '2026-05-01', '2027-04-23', '2028-05-12'];
    // The 4th Friday after Easter: the rule the old holiday followed.
    expect(abolished).toEqual([2024, 2025, 2026, 2027, 2028].map((y) => addCalendarDays(easter(y), 26)));
    for (const date of abolished) expect(calendar.isWorkingDay(date), date).toBe(true);
  });

  it('does not close on observances such as 1. maj or fastelavn', () => {
    expect(calendar.isWorkingDay('2026-05-01')).toBe(true);
    expect(calendar.isWorkingDay('2027-02-08')).toBe(true);
  });

  it('closes on the customary days off only when configured', () => {
    const customary = ['2026-06-05', '2025-12-24', '2025-12-31'];
    expect(customary.map((d) => calendar.describeDayOff(d))).toEqual(['Grundlovsdag', 'Juleaftensdag', 'Nytårsaftensdag']);
    const open = createDanishCalendar({ closedOnCustomaryDaysOff: false });
    for (const date of customary) expect(open.isWorkingDay(date), date).toBe(true);
  });

  it('keeps weekends free and says so', () => {
    expect(calendar.describeDayOff('2027-01-09')).toBe('weekend');
    expect(calendar.describeDayOff('2027-01-10')).toBe('weekend');
    expect(calendar.describeDayOff('2027-01-11')).toBeNull();
  });

  it('closes blackout periods inclusive of both ends, under their label', () => {
    const autumn = createDanishCalendar({ blackouts: [{ from: '2027-10-18', to: '2027-10-22', label: 'Efterårsferie' }] });
    expect(autumn.describeDayOff('2027-10-18')).toBe('Efterårsferie');
    expect(autumn.describeDayOff('2027-10-22')).toBe('Efterårsferie');
    expect(autumn.isWorkingDay('2027-10-15')).toBe(true);
    expect(autumn.isWorkingDay('2027-10-25')).toBe(true);
    expect(calendar.isWorkingDay('2027-10-18')).toBe(true);
    expect(autumn.nextWorkingDay('2027-10-18')).toBe('2027-10-25');
  });
});

describe('counting working days', () => {
  it('skips Easter in both directions', () => {
    expect(calendar.addWorkingDays('2027-03-24', 1)).toBe('2027-03-30');
    expect(calendar.addWorkingDays('2027-03-30', -1)).toBe('2027-03-24');
    expect(calendar.addWorkingDays('2027-03-30', -5)).toBe('2027-03-18');
  });

  it('skips Christmas and New Year', () => {
    expect(calendar.nextWorkingDay('2027-12-24')).toBe('2027-12-27');
    expect(calendar.nextWorkingDay('2027-12-31')).toBe('2028-01-03');
    expect(calendar.addWorkingDays('2027-01-04', -1)).toBe('2026-12-30');
    expect(createDanishCalendar({ closedOnCustomaryDaysOff: false }).nextWorkingDay('2027-12-24')).toBe('2027-12-24');
  });

  it('with n = 0 snaps forward, and never counts the start day', () => {
    expect(calendar.addWorkingDays('2027-01-06', 0)).toBe('2027-01-06');
    expect(calendar.addWorkingDays('2027-01-09', 0)).toBe('2027-01-11');
    expect(calendar.addWorkingDays('2027-01-09', 1)).toBe('2027-01-11');
    expect(calendar.addWorkingDays('2027-01-09', -1)).toBe('2027-01-08');
  });

  it('goes back exactly where it came from on every working day of 2027', () => {
    for (let date = '2027-01-01'; date < '2028-01-01'; date = addCalendarDays(date, 1)) {
      if (!calendar.isWorkingDay(date)) continue;
      for (const n of [1, 5, 10, 22]) {
        const there = calendar.addWorkingDays(date, n);
        expect(calendar.isWorkingDay(there)).toBe(true);
        expect(calendar.addWorkingDays(there, -n)).toBe(date);
      }
    }
  });

  it('refuses dates that do not exist', () => {
    expect(() => calendar.isWorkingDay('2027-02-31')).toThrow(RangeError);
    expect(() => calendar.isWorkingDay('31-01-2027')).toThrow(RangeError);
  });

  it('asks date-holidays once per year however often it is asked', () => {
    // The calendar loads date-holidays' CommonJS build on first use; spy on that same class.
    const loaded = createRequire(import.meta.url)('date-holidays') as typeof Holidays;
    const spy = vi.spyOn(loaded.prototype, 'getHolidays');
    for (let i = 0; i < 3; i++) {
      const fresh = createDanishCalendar();
      for (let date = '2031-01-01'; date < '2031-12-31'; date = addCalendarDays(date, 1)) fresh.isWorkingDay(date);
    }
    expect(spy.mock.calls.filter(([year]) => year === 2031)).toHaveLength(1);
    spy.mockRestore();
  });
});
