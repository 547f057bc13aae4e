/**
 * A cancelled occurrence of a series (`aflys`) was never held: the quiet-group notice does not name it
 * as the group's last activity.
 */
import { DateTime } from 'luxon';
import { afterEach, expect, it } from 'vitest';
import { runTo, say, seriesWorld, ZONE, type SeriesWorld } from '../actions/series-world.ts';

let w: SeriesWorld;
afterEach(() => w.core.close());

it('a quiet-group notice names the last meeting held, not a cancelled one', async () => {
  w = await seriesWorld();
  await say(w, 'aflys kvartalsmøde 2027-04-06');
  const group = w.core.repos.partnerships.findByName(w.programme.id, 'Koordinationsgruppen')!;
  w.clock.set(DateTime.fromISO('2027-04-01T12:00', { zone: ZONE }).toJSDate());
  expect(w.core.activity.noteHumanMessage({ platform: 'slack', workspaceId: 'T1', channelRef: group.channelRef! })).toBe(true);
  // Thursday 1 April + 5 working days (Easter is over): Thursday 8 April, after the cancelled Tuesday.
  const notices = (await runTo(w, '2027-04-12T12:00')).filter((s) => s.key.startsWith(`watch:${group.id}:`));
  expect(notices.map((n) => n.at)).toEqual(['2027-04-08 10:00']);
  const sent = w.fake.sent.find((m) => m.idempotencyKey === notices[0]!.key)!;
  expect(sent.message.text).toBe('Stille i Koordinationsgruppen: Ingen har skrevet i kanalen for Koordinationsgruppen (Partnerskab 2027) i 5 arbejdsdage – sidst torsdag den 1. april 2027.');
  const body = JSON.stringify(sent.message.blocks);
  expect(body).toContain('Seneste aktivitet: Kvartalsmøde, tirsdag den 5. januar 2027');
  expect(body).not.toContain('6. april');
});
