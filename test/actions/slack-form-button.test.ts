/**
 * The question after a meeting over Slack: the consultant's direct message carries "Giv en handling",
 * whose click (block_actions with a trigger_id) opens the action form as a modal with that meeting
 * chosen and the group's people to pick from; its submission gives the action.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { getTemplate } from '../../src/templates/index.ts';
import { CONSULTANT, TEAM } from '../support/slack-harness.ts';
import { readable, SlackEvaluationWorld, type Person } from '../support/slack-evaluations.ts';
import { openModalByButton, optionOf, shown, submit } from './slack-modal.ts';

const anna: Person = { name: 'Anna', userId: 'U0K1', partnership: 'Havet' };
let w: SlackEvaluationWorld;

beforeAll(async () => {
  w = await SlackEvaluationWorld.start('2027-01-08T09:00:00Z');
  const im = w.fake.state.openIm(w.fake.state.team(TEAM), CONSULTANT).channel.id;
  // Starts Monday 11 January with the kick-off workshop, whose minutes have actions.
  await w.command('opret "Små Partnerskaber 2027" 2027-01-11', CONSULTANT, im);
  await w.command(`partnerskab "Havet" "Nordsøen Oceanarium" "Børnehaven Bjørnen" <@${anna.userId}|Anna>=kultur <@U0D1A|Bo>=dagtilbud`, CONSULTANT, im);
  const programmeId = w.core.db.prepare('SELECT id FROM programmes').pluck().get() as string;
  const base = getTemplate('smaa-partnerskaber')!;
  w.core.repos.programmes.setTemplateJson(programmeId, JSON.stringify({ ...base, steps: base.steps.map((s) => (s.kind === 'workshop' ? { ...s, actions: true } : s)) }));
});
afterAll(async () => w?.bot.close());

it('"Giv en handling" on the question after the kick-off opens the form for that meeting', async () => {
  const programmeId = w.core.db.prepare('SELECT id FROM programmes').pluck().get() as string;
  const kickoff = w.core.repos.activities.listForProgramme(programmeId).find((a) => a.kind === 'workshop')!;
  await w.at(new Date(new Date(kickoff.endsAt).getTime() + 60 * 60_000));
  const asks = w.keyed(new RegExp(`^action-ask:${kickoff.id}$`));
  expect(asks).toHaveLength(1);
  expect(readable(asks[0]!)).toContain('Mødet *Opstartsworkshop* (mandag 11. januar 2027) er holdt');

  const modal = await openModalByButton(w, asks[0]!, 'Giv en handling');
  expect(modal.view.title.text).toBe('Giv en handling');
  expect(shown(modal, 'meeting').element!.initial_option!.text.text).toBe('Opstartsworkshop, 2027-01-11');
  expect(await submit(w, modal, { owner: optionOf(modal, 'owner', 'Anna (Havet)'), text: 'Send referatet til lederne', due: '2027-01-25' }))
    .toEqual({ answer: 'Handlingen «Send referatet til lederne» er givet til Anna med frist mandag 25. januar 2027 (fra Opstartsworkshop). Anna får den som direkte besked med en Færdig-knap.' });
  expect(w.messageTo(anna, /^action:[^:]+:assigned$/)).toBeDefined();
});
