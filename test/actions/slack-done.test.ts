/**
 * Færdig over Slack: the real Slack adapter (Bolt over HTTP, signed block_actions) against the fake
 * Slack, on a manual clock. The consultant gives Anna an action with `/tovholder handling`; Anna gets
 * it in her direct conversation with a Færdig button; Bo's press (a forwarded message) changes
 * nothing; Anna's press closes it and the message loses its button; a second press says so.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSULTANT, TEAM } from '../support/slack-harness.ts';
import { buttonsOf, readable, SlackEvaluationWorld, type Person } from '../support/slack-evaluations.ts';

const anna: Person = { name: 'Anna', userId: 'U0K1', partnership: 'Havet' };
const bo: Person = { name: 'Bo', userId: 'U0D1A', partnership: 'Havet' };
let w: SlackEvaluationWorld;
let consultantIm: string;

beforeAll(async () => {
  w = await SlackEvaluationWorld.start('2027-01-08T09:00:00Z');
  consultantIm = w.fake.state.openIm(w.fake.state.team(TEAM), CONSULTANT).channel.id;
  await w.command('opret "Små Partnerskaber 2027" 2027-01-07', CONSULTANT, consultantIm);
  const added = await w.command(`partnerskab "Havet" "Nordsøen Oceanarium" "Børnehaven Bjørnen" <@${anna.userId}|Anna>=kultur <@${bo.userId}|Bo>=dagtilbud`, CONSULTANT, consultantIm);
  expect(added).toContain('Partnerskabet *Havet* er tilføjet');
});
afterAll(async () => w?.bot.close());

describe('meeting actions over Slack', () => {
  it('Færdig in the direct message closes the action once, only for its owner', async () => {
    const given = await w.command('handling <@U0K1|Anna> "Send udkast til skolerne" 2027-02-01', CONSULTANT, consultantIm);
    expect(given).toContain('Handlingen «Send udkast til skolerne» er givet til Anna med frist mandag 1. februar 2027');
    const message = w.messageTo(anna, /^action:[^:]+:assigned$/);
    expect(readable(message)).toContain('Send udkast til skolerne');
    const button = buttonsOf(message).find((b) => b.text.text === 'Færdig')!;
    expect(button).toBeDefined();

    expect(await w.clickRaw(bo, message, button)).toBe('Handlingen «Send udkast til skolerne» er Annas – kun Anna kan markere den som færdig. Intet er ændret.');
    expect(w.core.db.prepare('SELECT status FROM meeting_actions').pluck().get()).toBe('open');

    expect(await w.click(anna, message, 'Færdig')).toBe('Tak! «Send udkast til skolerne» er markeret som færdig.');
    expect(w.core.db.prepare('SELECT status FROM meeting_actions').pluck().get()).toBe('done');
    // The message in her conversation now says it is done, without the button.
    const updated = w.messageTo(anna, /^action:[^:]+:assigned$/);
    expect(buttonsOf(updated)).toEqual([]);
    expect(readable(updated)).toContain('✓ Færdig fredag 8. januar 2027');

    expect(await w.clickRaw(anna, message, button)).toMatch(/blev allerede markeret som færdig fredag 8\. januar 2027\. Intet er ændret\./);
    expect(await w.command('handlinger', CONSULTANT, consultantIm)).toContain('Ingen åbne handlinger.');
  });
});
