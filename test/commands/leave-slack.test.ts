/**
 * `fjern` over Slack: the real adapter (signed slash command and button click) against the fake Slack.
 * The preview is an ephemeral answer with Fjern / Annuller; after Fjern the person is out of the
 * partnership's channel and the programme's (conversations.kick), and no one in the channel is told.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSULTANT, TEAM, waitFor } from '../support/slack-harness.ts';
import { buttonsOf, readable, SlackEvaluationWorld, type Person } from '../support/slack-evaluations.ts';

const consultant: Person = { name: 'Karen', userId: CONSULTANT, partnership: '' };
let w: SlackEvaluationWorld;
let consultantIm: string;

beforeAll(async () => {
  w = await SlackEvaluationWorld.start('2027-01-08T09:00:00Z');
  consultantIm = w.fake.state.openIm(w.fake.state.team(TEAM), CONSULTANT).channel.id;
  await w.command('opret "Små Partnerskaber 2027" 2027-01-07', CONSULTANT, consultantIm);
  await w.command('partnerskab "Havet" "Nordsøen Oceanarium" "Børnehaven Bjørnen" <@U0K1|Anna>=kultur <@U0D1A|Bo>=dagtilbud', CONSULTANT, consultantIm);
});
afterAll(async () => w?.bot.close());

describe('fjern over Slack', () => {
  it('previews, and on Fjern takes Bo out of the group and its channels without a word in them', async () => {
    const havet = () => w.core.repos.partnerships.listForProgramme(w.core.repos.programmes.listInWorkspace('slack', TEAM)[0]!.id)[0]!;
    const programmeChannel = w.core.repos.programmes.listInWorkspace('slack', TEAM)[0]!.channelRef!;
    expect(w.fake.members(TEAM, havet().channelRef!)).toContain('U0D1A');
    expect(w.fake.members(TEAM, programmeChannel)).toContain('U0D1A');

    const sent = await w.bot.command('fjern <@U0D1A|Bo>', { userId: CONSULTANT, channelId: consultantIm });
    await waitFor(() => w.fake.responses(sent.responseUrl).length > 0, 10_000, 'the preview');
    const preview = w.fake.responses(sent.responseUrl)[0]!.body as { text?: string; blocks?: unknown[] };
    expect(readable(preview)).toContain('Fjern Bo fra Små Partnerskaber 2027?');
    const channelPosts = w.fake.messages(TEAM, havet().channelRef!).length;
    const fjern = buttonsOf(preview).find((b) => b.text.text === 'Fjern')!;
    const answer = await w.clickRaw(consultant, { ts: '1', channel: consultantIm } as never, fjern);
    expect(answer).toContain('Bo er fjernet fra Havet.');
    expect(answer).toContain('Bo tages ud af gruppens kanal.');
    await w.settle();
    expect(w.fake.members(TEAM, havet().channelRef!)).not.toContain('U0D1A');
    expect(w.fake.members(TEAM, havet().channelRef!)).toContain('U0K1');
    expect(w.fake.members(TEAM, programmeChannel)).not.toContain('U0D1A');
    expect(w.fake.messages(TEAM, havet().channelRef!).length).toBe(channelPosts);
    expect(w.core.repos.members.listForPartnership(havet().id).map((m) => m.displayName)).toEqual(['Anna']);
  });
});
