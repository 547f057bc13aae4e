import { describe, expect, it } from 'vitest';
import { undatedLabel, windowDescription, windowLabel, windowRange } from '../../src/timeline/plan.ts';

const defaults = { year: 0, setBy: 'consultant', askWorkingDaysBefore: 20, askAgainWorkingDays: 5 };

describe('windows', () => {
  it('span the dates the seeds mean, in the start year plus the offset', () => {
    expect(windowRange({ ...defaults, window: { quarter: 4 } }, '2027-01-04')).toEqual({ from: '2027-10-01', to: '2027-12-31' });
    expect(windowRange({ ...defaults, window: { part: 'primo' }, year: 1 }, '2017-08-15')).toEqual({ from: '2018-01-01', to: '2018-04-30' });
    expect(windowRange({ ...defaults, window: { part: 'ultimo' } }, '2018-01-01')).toEqual({ from: '2018-09-01', to: '2018-12-31' });
    expect(windowRange({ ...defaults, window: { season: 'foraar' } }, '2018-01-01')).toEqual({ from: '2018-03-01', to: '2018-05-31' });
    expect(windowRange({ ...defaults, window: { month: 2 } }, '2028-01-03')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(windowRange({ ...defaults, window: { from: '09-01', to: '11-30' } }, '2027-01-04')).toEqual({ from: '2027-09-01', to: '2027-11-30' });
  });

  it('read the way the seeds write them, in Danish and English', () => {
    const cases = [
      [{ quarter: 4 }, 2027, '4. kvartal 2027', 'Q4 2027'],
      [{ part: 'primo' }, 2018, 'primo 2018', 'early 2018'],
      [{ part: 'medio' }, 2018, 'medio 2018', 'mid 2018'],
      [{ part: 'ultimo' }, 2018, 'ultimo 2018', 'late 2018'],
      [{ season: 'foraar' }, 2018, 'forår 2018', 'spring 2018'],
      [{ season: 'efteraar' }, 2018, 'efterår 2018', 'autumn 2018'],
      [{ month: 9 }, 2027, 'september 2027', 'September 2027'],
      [{ from: '09-01', to: '11-30' }, 2027, '1. september - 30. november 2027', '1 September - 30 November 2027'],
    ] as const;
    for (const [window, year, da, en] of cases) {
      expect(windowLabel({ window, year }, 'da')).toBe(da);
      expect(windowLabel({ window, year }, 'en')).toBe(en);
    }
    expect(windowLabel({ from: '2027-12-01', to: '2028-01-31' }, 'da')).toBe('1. december 2027 - 31. januar 2028');
  });

  it('say what is missing and, for refusals, which dates they cover', () => {
    expect(undatedLabel({ window: { quarter: 4 }, year: 2027 }, 'da')).toBe('4. kvartal 2027 — dato mangler');
    expect(undatedLabel({ window: { quarter: 4 }, year: 2027 }, 'en')).toBe('Q4 2027 — date missing');
    expect(windowDescription({ window: { quarter: 4 }, year: 2027 }, 'da')).toBe('4. kvartal 2027 (1. oktober - 31. december 2027)');
  });
});
