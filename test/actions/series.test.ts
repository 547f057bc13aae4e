/**
 * Meeting actions on a repeating meeting (issue 14, items 1 and 3 where they meet): a cancelled
 * occurrence (`aflys`) asks no one for actions and takes none; an occurrence moved with "og følgende"
 * takes its question with it; `handling` names an occurrence by its number or date.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { handleCommand } from '../../src/commands/router.ts';
import { consultantCtx } from '../support/core.ts';
import { move, occurrence, runTo, say, seriesWorld, type SeriesWorld } from './series-world.ts';

let w: SeriesWorld;
afterEach(() => w.core.close());

const askOf = (id: string) => w.core.db.prepare('SELECT status, due_at AS dueAt FROM action_asks WHERE activity_id = ?').get(id) as { status: string; dueAt: string };
const actions = () => w.core.db.prepare('SELECT meeting_title AS meeting, meeting_date AS date, text FROM meeting_actions ORDER BY created_at').all();

describe('actions of a repeating meeting', () => {
  it('a cancelled occurrence asks no one for its actions, and handling refuses it; the next held one is asked', async () => {
    w = await seriesWorld();
    expect(await say(w, 'aflys kvartalsmøde 2027-04-06')).toMatch(/^1 gang er aflyst/);
    const seen = (await runTo(w, '2027-07-07T12:00', 60 * 60_000)).filter((s) => s.key.startsWith('action-ask:'));
    // Only July's meeting (10:00-11:30) is asked about; the cancelled April one is skipped, not pending.
    expect(seen.map((s) => [s.key, s.at])).toEqual([[`action-ask:${occurrence(w, 'kvartalsmoede', 3).id}`, '2027-07-06 12:00']]);
    expect(askOf(occurrence(w, 'kvartalsmoede', 2).id).status).toBe('skipped');
    // The question names the occurrence the way `handling` takes it.
    expect(seen[0]!.text).toContain('Mødet *Kvartalsmøde · Koordinationsgruppen* (tirsdag 6. juli 2027) er holdt');
    expect(seen[0]!.text).toContain('handling @anna "…" 2027-02-01 kvartalsmoede~3 Koordinationsgruppen');

    expect(await say(w, 'handling <@U0|Karen> "Send referatet" 2027-07-20 kvartalsmøde 2027-04-06'))
      .toBe('Kvartalsmøde · Koordinationsgruppen (tirsdag 6. april 2027) blev aflyst og har ingen handlinger. Intet er gemt.');
    expect(await say(w, 'handling <@U0|Karen> "Send referatet" 2027-07-20 kvartalsmoede~2')).toContain('blev aflyst');
    expect(actions()).toEqual([]);
    // The series without which time: its latest held occurrence; by number as the question writes it.
    expect(await say(w, 'handling <@U0|Karen> "Send referatet" 2027-07-20 kvartalsmøde')).toContain('(fra Kvartalsmøde · Koordinationsgruppen)');
    expect(await say(w, 'handling <@U0|Karen> "Book lokalet" 2027-07-21 kvartalsmoede~1 Koordinationsgruppen')).toContain('givet til Karen');
    expect(actions()).toEqual([
      { meeting: 'Kvartalsmøde · Koordinationsgruppen', date: '2027-07-06', text: 'Send referatet' },
      { meeting: 'Kvartalsmøde · Koordinationsgruppen', date: '2027-01-05', text: 'Book lokalet' },
    ]);
    // The form offers the meetings held, newest first, and not the cancelled one.
    const form = await handleCommand(w.core, 'handling', consultantCtx);
    const meetings = form.type === 'form' ? form.form.fields.find((f) => f.id === 'meeting')!.options!.map((o) => o.label) : [];
    expect(meetings).toEqual(['Kvartalsmøde · Koordinationsgruppen, 2027-07-06', 'Kvartalsmøde · Koordinationsgruppen, 2027-01-05', 'Opstart, 2027-01-04']);
    // A meeting still ahead is refused as before.
    expect(await say(w, 'handling <@U0|Karen> "Book lokalet" 2027-07-21 kvartalsmøde 2027-10-05')).toMatch(/er ikke holdt endnu \(tirsdag 5\. oktober 2027\)/);
  });

  it('"flyt … og følgende" moves each later question for actions with its meeting', async () => {
    w = await seriesWorld();
    expect(await move(w, 'flyt kvartalsmøde 2027-04-06 2027-04-08 og følgende')).toMatch(/^7 aktiviteter er flyttet/);
    for (const n of [2, 3, 8]) {
      const meeting = occurrence(w, 'kvartalsmoede', n);
      expect(askOf(meeting.id)).toEqual({ status: 'pending', dueAt: meeting.endsAt });
    }
    const seen = (await runTo(w, '2027-07-09T12:00')).filter((s) => s.key.startsWith('action-ask:'));
    expect(seen.map((s) => s.at)).toEqual(['2027-04-08 11:30', '2027-07-08 11:30']);
  });

  it('moving one occurrence moves only its question', async () => {
    w = await seriesWorld();
    await move(w, 'flyt kvartalsmøde 2027-04-06 2027-04-13');
    const seen = (await runTo(w, '2027-07-07T12:00')).filter((s) => s.key.startsWith('action-ask:'));
    expect(seen.map((s) => s.at)).toEqual(['2027-04-13 11:30', '2027-07-06 11:30']);
  });
});
