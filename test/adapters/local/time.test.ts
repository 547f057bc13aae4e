import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GENERAL_CHANNEL } from '../../../adapters/local/directory.ts';
import { nextMonday } from '../../../adapters/local/demo.ts';
import { DAY } from '../../../adapters/local/time.ts';
import { channelNamed, localHarness, visibleText, type LocalHarness } from './harness.ts';

describe('the time control', () => {
  let h: LocalHarness;
  beforeEach(async () => {
    h = await localHarness('2026-11-23T08:00:00Z');
    await h.workspace.send({ as: 'U-mette', channel: GENERAL_CHANNEL, text: '/tovholder opret "Forløb" 2026-11-30' });
    await h.workspace.send({ as: 'U-mette', channel: GENERAL_CHANNEL, text: '/tovholder partnerskab "Havet" "Nordsøen Oceanarium" "Børnehaven Bjørnen" @anders=kultur @sofie=dagtilbud' });
    await h.workspace.settle();
  });
  afterEach(() => h.close());

  it('names the next activity and goes there', async () => {
    // The weekday's abbreviation depends on the ICU data ("ma." or "man.").
    expect(h.time.next()).toMatchObject({ startsAt: '2026-11-30T08:00:00.000Z', label: expect.stringMatching(/^Opstartsworkshop – \S+ 30\. nov\. kl\. 09\.00$/) });
    const moved = await h.time.toNextActivity();
    expect(moved?.arrived.toISOString()).toBe('2026-11-30T08:00:00.000Z');
    expect(h.time.next()?.label).toMatch(/^Nysgerrighed · Havet – /);
  });

  it('delivers every reminder on the way at its own time instead of recording it as missed', async () => {
    await h.time.toNextActivity(); // the kick-off workshop
    await h.time.toNextActivity(); // Nysgerrighed
    await h.time.advanceBy(DAY);
    const havet = channelNamed(h, 'U-sofie', 'forløb-havet')!;
    const text = visibleText(h, havet.ref, 'U-sofie');
    expect(text).toContain('Påmindelse: Nysgerrighed om 5 arbejdsdage');
    expect(text).toContain('Påmindelse: Nysgerrighed næste arbejdsdag');
    const missed = h.core.db.prepare("SELECT COUNT(*) FROM reminders r JOIN activities a ON a.id = r.activity_id WHERE r.status = 'missed' AND a.starts_at > '2026-11-30'").pluck().get();
    expect(missed).toBe(0);
    // Reminders go out at their hour (09:00 local), not whenever the clock happened to land.
    const times = h.adapter.store.messagesFor(havet.ref, 'U-sofie').filter((m) => m.text.startsWith('Påmindelse')).map((m) => m.createdAt.slice(11, 16));
    expect(new Set(times)).toEqual(new Set(['08:00']));
  });

  it('brings the evaluation after the visit; a button, a direct message and a thread reply all answer it', async () => {
    await h.time.toNextActivity();
    await h.time.toNextActivity(); // Nysgerrighed starts
    await h.time.advanceBy(DAY);
    const dm = h.workspace.directChannel('U-sofie');
    const question = h.adapter.store.messagesFor(dm.ref, 'U-sofie').find((m) => m.text.includes('Hvor optagede var børnene'))!;
    const actions = question.blocks!.find((b) => b.type === 'actions');
    const four = actions?.type === 'actions' ? actions.buttons.find((b) => b.label === '4')! : undefined;
    await h.workspace.action({ as: 'U-sofie', channel: dm.ref, messageRef: question.ref, actionId: four!.actionId, value: four!.value });
    await h.workspace.settle();
    expect(visibleText(h, dm.ref, 'U-sofie')).toContain('Tak! Dit svar «4» er gemt.');

    // The next question follows a moment after the thanks, answered by writing to the bot.
    expect(visibleText(h, dm.ref, 'U-sofie')).not.toContain('Hvad blev børnene optaget af?');
    h.base.advance(2_000);
    await h.workspace.settle();
    expect(visibleText(h, dm.ref, 'U-sofie')).toContain('Hvad blev børnene optaget af?');
    await h.workspace.send({ as: 'U-sofie', channel: dm.ref, text: 'Krabberne i rørebassinet' });
    expect(h.adapter.store.messagesFor(dm.ref, 'U-sofie').at(-1)).toMatchObject({ authorRef: 'B-tovholder', visibleTo: null });

    // Anders answers the first question in its thread instead.
    const andersDm = h.workspace.directChannel('U-anders');
    const his = h.adapter.store.messagesFor(andersDm.ref, 'U-anders').find((m) => m.text.includes('Hvor optagede var børnene'))!;
    await h.workspace.send({ as: 'U-anders', channel: andersDm.ref, text: '5 – de ville ikke hjem', threadRef: his.ref });
    const reply = h.adapter.store.messagesFor(andersDm.ref, 'U-anders').filter((m) => m.threadRef === his.ref);
    expect(reply.map((m) => m.authorRef)).toEqual(['U-anders', 'B-tovholder']);
    const answers = h.core.db.prepare('SELECT value, via FROM evaluation_answers ORDER BY answered_at, via').all();
    expect(answers).toEqual(expect.arrayContaining([{ value: '4', via: 'button' }, { value: '5', via: 'thread' }]));
    expect(answers).toHaveLength(3);
  });

  it('moves one click at a time, in order', async () => {
    const start = h.core.clock.now().getTime();
    await Promise.all([h.time.advanceBy(DAY), h.time.advanceBy(7 * DAY)]);
    expect(h.core.clock.now().getTime() - start).toBe(8 * DAY);
  });

  it('starts the demo on the coming Monday', () => {
    expect(nextMonday(new Date('2026-11-23T08:00:00Z'), 'Europe/Copenhagen')).toBe('2026-11-30');
    expect(nextMonday(new Date('2026-11-28T23:30:00Z'), 'Europe/Copenhagen')).toBe('2026-11-30');
    expect(nextMonday(new Date('2026-11-29T23:30:00Z'), 'Europe/Copenhagen')).toBe('2026-12-07');
  });
});
