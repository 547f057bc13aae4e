/**
 * Meeting actions read in English by whoever reads English (issue 14: answers read well in Danish and
 * in English): the meeting's title too, though the programme is Danish and stores it in Danish.
 */
import { afterEach, expect, it } from 'vitest';
import { consultant, ctxOf, type Person, type World } from '../evaluations/harness.ts';
import { actionRows, doneButtonOf, press, say, settle, twoPartnerships } from './harness.ts';

let w: World;
afterEach(() => w.core.close());

it('names the meeting in English in the answer, the owner\'s message, its closing and `actions`', async () => {
  w = await twoPartnerships();
  const anna = w.people[0] as Person;
  const en = { ...consultant, locale: 'en' as const };
  expect(await say(w, 'sprog en', ctxOf(anna))).toMatch(/English/);
  expect(await say(w, 'action <@UC1|Anna> "Send the draft to the schools" 2027-02-01', en)).toBe('The action “Send the draft to the schools” is given to Anna, due Monday 1 February 2027 (from Kick-off workshop). Anna gets it as a direct message with a Done button.');
  // Stored in the programme's language; shown in the reader's.
  expect(actionRows(w)[0]).toMatchObject({ meeting_title: 'Opstartsworkshop' });
  expect(await say(w, 'handlinger', consultant)).toContain('(Opstartsworkshop)');
  expect(await say(w, 'actions', en)).toContain('• Send the draft to the schools – Anna, due Monday 1 February 2027 (Kick-off workshop)');
  await settle(w);
  const [row] = actionRows(w);
  const assigned = w.fake.sent.find((m) => m.idempotencyKey === `action:${row!.id}:assigned`)!;
  expect(assigned.message.text).toMatch(/^You have an action from \*Kick-off workshop\*/);
  expect(await press(w, doneButtonOf(assigned.message), ctxOf(anna))).toContain('is marked as done');
  await settle(w);
  const closed = w.fake.calls.filter((c) => c.method === 'updateMessage').map((c) => (c.args as { message: { text: string } }).message.text);
  expect(closed).toEqual([expect.stringMatching(/^✓ Done .*\(Kick-off workshop\)$/)]);
});
