import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbSnapshot } from '../../support/core.ts';
import { CONSULTANT, SIGNING_SECRET, startSlackBot, TEAM, waitFor, type SlackBot } from '../../support/slack-harness.ts';
import { blockActionPayload, eventCallback, sendSigned, slashCommand, viewSubmission } from '../../support/slack-requests.ts';

/** Everything Slack-facing that changes state: the database and the calls that reached the fake. */
function state(bot: SlackBot): string {
  const calls = bot.fake.calls.filter((c) => c.method !== '(response_url)' && c.method !== 'users.info').map((c) => c.method);
  return JSON.stringify([dbSnapshot(bot.core), bot.core.db.prepare('SELECT * FROM inbound_events').all(), calls]);
}

async function answer(bot: SlackBot, text: string, who?: Parameters<SlackBot['command']>[1]): Promise<string> {
  const sent = await bot.command(text, who);
  expect(sent.status).toBe(200);
  await waitFor(() => bot.answers(sent.responseUrl).length > 0, 5_000, `an answer to "${text}"`);
  return bot.answers(sent.responseUrl).join('\n');
}

describe('Slack adapter: inbound requests over real HTTP (Bolt) against the fake Slack', () => {
  let bot: SlackBot;

  beforeAll(async () => {
    bot = await startSlackBot();
    await answer(bot, 'opret "Små Partnerskaber 2027" 2027-01-04');
    await answer(bot, 'partnerskab "Havet" "Nordsøen Oceanarium" "Børnehaven Bjørnen" <@U0K1>=kultur <@U0D1A>=dagtilbud <@U0D1B>=dagtilbud');
    await bot.drain();
  });
  afterAll(async () => bot?.close());

  it('acks a slash command and answers through response_url, ephemeral', async () => {
    const sent = await bot.command('hjælp');
    await waitFor(() => bot.fake.responses(sent.responseUrl).length === 1);
    const body = bot.fake.responses(sent.responseUrl)[0]!.body as { response_type: string; blocks: unknown[] };
    expect(body.response_type).toBe('ephemeral');
    expect(body.blocks.length).toBeGreaterThan(1);
  });

  it('rejects a forged signature and a stale timestamp with 401 and changes nothing', async () => {
    const before = state(bot);
    const common = { url: bot.eventsUrl, signingSecret: SIGNING_SECRET, command: '/tovholder', text: 'opret "Forfalsket" 2027-02-01', teamId: TEAM, userId: CONSULTANT, channelId: 'D0KAREN', triggerId: bot.fake.newTriggerId() };
    const forged = await slashCommand({ ...common, responseUrl: bot.fake.newResponseUrl(), forgeSignature: true });
    const stale = await slashCommand({ ...common, responseUrl: bot.fake.newResponseUrl(), stale: true });
    expect([forged.status, stale.status]).toEqual([401, 401]);
    const event = await eventCallback({ url: bot.eventsUrl, signingSecret: SIGNING_SECRET, teamId: TEAM, eventId: 'Ev0FORGED', forgeSignature: true, event: { type: 'message', channel: 'D0X', channel_type: 'im', user: CONSULTANT, text: 'hjælp', ts: '1.1' } });
    expect(event.status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(state(bot)).toBe(before);
  });

  it('handles a redelivered or replayed event once', async () => {
    const im = bot.fake.state.openIm(bot.fake.state.team(TEAM), CONSULTANT).channel.id;
    const delivery = { url: bot.eventsUrl, signingSecret: SIGNING_SECRET, teamId: TEAM, eventId: 'Ev0HELP1', event: { type: 'message', channel: im, channel_type: 'im', user: CONSULTANT, text: 'hjælp', ts: '1800000000.000100' } };
    const responses = [await eventCallback(delivery), await eventCallback({ ...delivery, retryNum: 1 }), await eventCallback(delivery)];
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200]);
    await waitFor(() => bot.fake.messages(TEAM, im).some((m) => m.text.includes('Tovholder')), 5_000, 'the answer in the DM');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(bot.fake.messages(TEAM, im).filter((m) => m.text.includes('Tovholder – kommandoer'))).toHaveLength(1);
    expect(bot.core.db.prepare("SELECT COUNT(*) FROM inbound_events WHERE event_key = 'slack:Ev0HELP1'").pluck().get()).toBe(1);
  });

  it('ignores bot messages, edits and top-level channel chatter', async () => {
    const before = state(bot);
    const base = { url: bot.eventsUrl, signingSecret: SIGNING_SECRET, teamId: TEAM };
    await eventCallback({ ...base, eventId: 'Ev0BOT', event: { type: 'message', channel: 'D0X', channel_type: 'im', user: 'U0TOVBOT', bot_id: 'B0TOVBOT', text: 'hej', ts: '1.2' } });
    await eventCallback({ ...base, eventId: 'Ev0EDIT', event: { type: 'message', subtype: 'message_changed', channel: 'D0X', channel_type: 'im', message: { text: 'x' }, ts: '1.3' } });
    await eventCallback({ ...base, eventId: 'Ev0CHAT', event: { type: 'message', channel: 'C0X', channel_type: 'channel', user: 'U0K1', text: 'godmorgen', ts: '1.4' } });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(state(bot)).toBe(before);
  });

  it('answers refusals in Danish via response_url and changes nothing', async () => {
    const before = state(bot);
    expect(await answer(bot, 'stauts')).toMatch(/Jeg kender ikke kommandoen «stauts».*Mente du «\/tovholder status»/s);
    expect(await answer(bot, 'opret "Forår" 2027-02-31')).toContain('«2027-02-31» er ikke en gyldig dato');
    expect(await answer(bot, 'medlem "Skoven" <@U0D2A>=dagtilbud')).toContain('Jeg kan ikke finde partnerskabet «Skoven»');
    expect(await answer(bot, 'workshop midtvejs 2027-03-08 09:00 Kulturhuset', { userId: 'U0K1' })).toContain('Kun forløbets konsulent kan ændre');
    const all = bot.fake.calls.filter((c) => c.method === '(response_url)').map((c) => JSON.stringify(c.params));
    expect(all.join('\n')).not.toMatch(/\bat .*\.ts:\d+|Error:/);
    expect(state(bot)).toBe(before);
  });

  it('opens a modal for a command without words and creates the programme on submit', async () => {
    const sent = await bot.command('opret');
    await waitFor(() => bot.fake.views(TEAM).length > 0, 5_000, 'views.open');
    const view = bot.fake.views(TEAM).at(-1)!.view as { callback_id: string; private_metadata: string; title: { text: string }; blocks: { block_id: string; element: { type: string } }[] };
    expect(bot.fake.callsTo('views.open').at(-1)!.params.trigger_id).toBe(sent.triggerId);
    expect(view.title.text.length).toBeLessThanOrEqual(24);
    expect(view.blocks.map((b) => b.element.type)).toContain('datepicker');
    const submit = (values: Record<string, Record<string, unknown>>) =>
      viewSubmission({ url: bot.eventsUrl, signingSecret: SIGNING_SECRET, teamId: TEAM, userId: CONSULTANT, callbackId: view.callback_id, privateMetadata: view.private_metadata, values: values as never });
    const ok = await submit({ name: { value: 'Efterår 2027' }, start: { value: { type: 'datepicker', selected_date: '2027-08-30' } }, template: { value: { type: 'static_select', selected_option: { value: 'smaa-partnerskaber' } } } });
    expect(ok.status).toBe(200);
    await waitFor(() => bot.answers(sent.responseUrl).some((t) => t.includes('Efterår 2027')), 5_000, 'the created message');
    expect(bot.core.repos.programmes.findByName('slack', TEAM, 'Efterår 2027')).toBeTruthy();

    const before = state(bot);
    await submit({ name: { value: 'Forkert' }, start: { value: { type: 'datepicker', selected_date: '2027-02-31' } } });
    await waitFor(() => bot.answers(sent.responseUrl).some((t) => t.includes('ikke en gyldig dato')), 5_000, 'the refusal');
    expect(state(bot)).toBe(before);
  });

  it('confirms a move with the preview button and replaces the preview', async () => {
    // Typed in the programme's shared channel, so it is about that programme (not the newest one).
    const shared = bot.core.repos.programmes.findByName('slack', TEAM, 'Små Partnerskaber 2027')!.channelRef!;
    const sent = await bot.command('flyt nysgerrighed Havet 2027-01-25 10:00', { channelId: shared });
    await waitFor(() => bot.fake.responses(sent.responseUrl).length === 1);
    const preview = bot.fake.responses(sent.responseUrl)[0]!.body as { blocks: { type: string; elements?: { action_id: string; value: string }[] }[] };
    const confirm = preview.blocks.find((b) => b.type === 'actions')!.elements![0]!;
    expect(confirm.action_id).toMatch(/^move\.confirm#\d+$/);
    const actionUrl = bot.fake.newResponseUrl(TEAM);
    const payload = blockActionPayload({ url: bot.eventsUrl, signingSecret: SIGNING_SECRET, teamId: TEAM, userId: CONSULTANT, actionId: confirm.action_id, value: confirm.value, messageTs: '1.5', channelId: shared, responseUrl: actionUrl });
    (payload.container as Record<string, unknown>).is_ephemeral = true;
    const clicked = await sendSigned({ url: bot.eventsUrl, signingSecret: SIGNING_SECRET }, new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), 'application/x-www-form-urlencoded');
    expect(clicked.status).toBe(200);
    await waitFor(() => bot.fake.responses(actionUrl).length === 1, 5_000, 'the move result');
    const result = bot.fake.responses(actionUrl)[0]!.body as { replace_original?: boolean; text: string };
    expect(result.replace_original).toBe(true);
    expect(result.text).toMatch(/aktivitet\(er\) er flyttet/);
    const havet = bot.core.repos.partnerships.listForProgramme(bot.core.repos.programmes.findByName('slack', TEAM, 'Små Partnerskaber 2027')!.id)[0]!;
    const visit = bot.core.repos.activities.listForProgramme(havet.programmeId).find((a) => a.stepKey === 'nysgerrighed' && a.partnershipId === havet.id)!;
    expect(visit.localDate).toBe('2027-01-25');
  });
});
