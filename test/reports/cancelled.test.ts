/**
 * A monthly status report whose March occurrence is cancelled (`aflys`): nobody is asked for March,
 * and `status` lists February and April only.
 */
import { afterEach, expect, it } from 'vitest';
import { runTo, say, seriesWorld, type SeriesWorld } from '../actions/series-world.ts';

let w: SeriesWorld;
afterEach(() => w.core.close());

it('a cancelled occurrence of a report step asks no one for a report and is not listed in status', async () => {
  w = await seriesWorld({ report: true });
  expect(await say(w, 'aflys statusrapport 2027-03-03')).toMatch(/^1 gang er aflyst/);
  const asked = (await runTo(w, '2027-04-08T12:00', 60 * 60_000)).filter((s) => s.key.endsWith(':q0') && s.text.startsWith('Statusrapport'));
  // First Wednesdays at 12:00: 3 February and 7 April; 3 March was cancelled.
  expect(asked.map((s) => s.at.slice(0, 10))).toEqual(['2027-02-03', '2027-04-07']);
  const status = await say(w, 'status');
  expect(status).toContain('*Statusrapporter*');
  expect(status).toMatch(/Statusrapport, onsdag den 3\. februar 2027: Karen/);
  expect(status).toMatch(/Statusrapport, onsdag den 7\. april 2027: Karen – venter/);
  expect(status).not.toContain('marts');
});
