/**
 * The action form over Slack (issue 14, item 3: "and a form"): the real Slack adapter (Bolt over
 * HTTP, signed requests) against the fake Slack. `/tovholder handling` without words opens a modal
 * (views.open with the command's trigger_id): owner from the programme's people, text, due date,
 * meeting. A submission that cannot be used is refused in Danish on its field, the modal kept open,
 * nothing stored; a good one gives the owner the action with Færdig.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSULTANT, TEAM, waitFor } from '../support/slack-harness.ts';
import { buttonsOf, SlackEvaluationWorld, type Person } from '../support/slack-evaluations.ts';
import { openModal, optionOf, shown, submit, type ShownBlock } from './slack-modal.ts';

const anna: Person = { name: 'Anna', userId: 'U0K1', partnership: 'Havet' };
const bo: Person = { name: 'Bo', userId: 'U0D1A', partnership: 'Havet' };
let w: SlackEvaluationWorld;
let consultantIm: string;

const stored = () => w.core.db.prepare('SELECT owner_name AS owner, text, due_date AS due, meeting_title AS meeting FROM meeting_actions').all();

beforeAll(async () => {
  w = await SlackEvaluationWorld.start('2027-01-08T09:00:00Z');
  consultantIm = w.fake.state.openIm(w.fake.state.team(TEAM), CONSULTANT).channel.id;
  await w.command('opret "Små Partnerskaber 2027" 2027-01-07', CONSULTANT, consultantIm);
  await w.command(`partnerskab "Havet" "Nordsøen Oceanarium" "Børnehaven Bjørnen" <@${anna.userId}|Anna>=kultur <@${bo.userId}|Bo>=dagtilbud`, CONSULTANT, consultantIm);
});
afterAll(async () => w?.bot.close());

/** The consultant removes Bo with `fjern` and presses Fjern on the preview. */
async function boLeaves(): Promise<void> {
  const sent = await w.bot.command(`fjern <@${bo.userId}|Bo>`, { userId: CONSULTANT, channelId: consultantIm });
  await waitFor(() => w.fake.responses(sent.responseUrl).length > 0, 10_000, 'the preview of fjern');
  const preview = w.fake.responses(sent.responseUrl)[0]!.body as { blocks?: unknown[] };
  const fjern = buttonsOf(preview).find((b) => b.text.text === 'Fjern')!;
  const consultant: Person = { name: 'Karen', userId: CONSULTANT, partnership: '' };
  expect(await w.clickRaw(consultant, { ts: '1', channel: consultantIm } as never, fjern)).toContain('Bo er fjernet fra Havet.');
}

describe('the action form over Slack', () => {
  it('opens with the programme\'s people and its held meetings, refuses bad input on its field, and gives the action', async () => {
    const modal = await openModal(w, 'handling', consultantIm);
    expect(modal.view.title.text).toBe('Giv en handling');
    expect((modal.view.blocks as unknown as ShownBlock[]).filter((b) => b.type === 'input').map((b) => [b.block_id, b.label?.text, b.element?.type])).toEqual([
      ['owner', 'Hvem skal gøre det?', 'static_select'],
      ['text', 'Handling', 'plain_text_input'],
      ['due', 'Frist', 'datepicker'],
      ['meeting', 'Fra mødet', 'static_select'],
    ]);
    const owners = shown(modal, 'owner').element!.options!.map((o) => o.text.text);
    expect(owners).toEqual(expect.arrayContaining(['Anna (Havet)', 'Bo (Havet)']));
    // Only the meeting already held (the kick-off on 7 January), chosen for them.
    const meetings = shown(modal, 'meeting').element!;
    expect(meetings.options!.map((o) => o.text.text)).toEqual(['Opstartsworkshop, 2027-01-07']);
    expect(meetings.initial_option!.text.text).toBe('Opstartsworkshop, 2027-01-07');

    const good = { owner: optionOf(modal, 'owner', 'Anna (Havet)'), text: 'Send udkast til skolerne', due: '2027-02-01' };
    // A date that does not exist (a stale or tampered date picker), an empty text, a day off: each on its field.
    expect(await submit(w, modal, { ...good, due: '2027-02-31' })).toEqual({ errors: { due: expect.stringMatching(/^«2027-02-31» er ikke en gyldig dato/) } });
    expect(await submit(w, modal, { ...good, text: '   ' })).toEqual({ errors: { text: 'Skriv handlingen, fx Send udkast til skolerne. Intet er gemt.' } });
    expect(await submit(w, modal, { ...good, due: '2027-01-23' })).toEqual({ errors: { due: expect.stringMatching(/^lørdag 23\. januar 2027 er ikke en arbejdsdag/) } });
    // Bo leaves the programme while the form is open: choosing him is refused.
    const boOption = optionOf(modal, 'owner', 'Bo (Havet)');
    await boLeaves();
    expect(await submit(w, modal, { ...good, owner: boOption })).toEqual({ errors: { owner: 'Den valgte person er ikke længere med i Små Partnerskaber 2027. Vælg en anden. Intet er gemt.' } });
    expect(stored()).toEqual([]);

    expect(await submit(w, modal, good)).toEqual({ answer: 'Handlingen «Send udkast til skolerne» er givet til Anna med frist mandag 1. februar 2027 (fra Opstartsworkshop). Anna får den som direkte besked med en Færdig-knap.' });
    expect(stored()).toEqual([{ owner: 'Anna', text: 'Send udkast til skolerne', due: '2027-02-01', meeting: 'Opstartsworkshop' }]);
    const message = w.messageTo(anna, /^action:[^:]+:assigned$/);
    expect(buttonsOf(message).map((b) => b.text.text)).toEqual(['Færdig']);
  });

  it('is refused to a partner who was not asked for a meeting\'s actions', async () => {
    const answer = await w.command('handling', anna.userId, w.fake.state.openIm(w.fake.state.team(TEAM), anna.userId).channel.id);
    expect(answer).toBe('Kun konsulenten og den, der blev spurgt om mødets handlinger, kan give handlinger. Intet er gemt.');
  });
});
