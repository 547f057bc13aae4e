import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbSnapshot } from '../../support/core.ts';
import { CONSULTANT, SIGNING_SECRET, startSlackBot, TEAM, waitFor, type SlackBot } from '../../support/slack-harness.ts';
import { blockActionPayload, eventCallback, sendSigned, slashCommand, viewSubmissionPayload, type ViewValues } from '../../support/slack-requests.ts';

/** Everything Slack-facing that changes state: the database and the calls that reached the fake. */
function state(bot: SlackBot): string {
  const calls = bot.fake.calls.filter((c) => c.method !== '(response_url)').map((c) => c.method);
  return JSON.stringify([dbSnapshot(bot.core), bot.core.db.prepare('SELECT * FROM inbound_events').all(), calls]);
}

/**
 * The state once the outbox has finished what earlier steps queued (channel set-up, invitations,
 * welcome posts). Taken earlier, a "before" snapshot races that work and the test flakes.
 */
async function settled(bot: SlackBot): Promise<string> {
  await bot.drain();
  return state(bot);
}

interface OpenedView {
  callback_id: string;
  private_metadata: string;
  title: { text: string };
  blocks: { type: string; block_id: string; optional: boolean; element: { type: string } }[];
}

/** The modal the bot opened last (views.open in the fake). */
function lastView(bot: SlackBot): OpenedView {
  return bot.fake.views(TEAM).at(-1)!.view as unknown as OpenedView;
}

/**
 * Submits a modal as Slack does: the view as opened (its blocks too) with the entered values. Returns
 * what the bot acknowledged with: null for a plain ack (the modal closes), else its JSON.
 */
async function submitView(bot: SlackBot, view: OpenedView, values: ViewValues): Promise<{ response_action?: string; errors?: Record<string, string> } | null> {
  const options = { url: bot.eventsUrl, signingSecret: SIGNING_SECRET, teamId: TEAM, userId: CONSULTANT, callbackId: view.callback_id, privateMetadata: view.private_metadata, values };
  const payload = viewSubmissionPayload(options);
  (payload.view as Record<string, unknown>).blocks = view.blocks;
  const response = await sendSigned(options, new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), 'application/x-www-form-urlencoded');
  expect(response.status).toBe(200);
  const body = await response.text();
  return body ? JSON.parse(body) : null;
}

const date = (selected: string) => ({ value: { type: 'datepicker', selected_date: selected } });
const users = (...selected: string[]) => ({ value: { type: 'multi_users_select', selected_users: selected } });

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
    const before = await settled(bot);
    const common = { url: bot.eventsUrl, signingSecret: SIGNING_SECRET, command: '/tovholder', text: 'opret "Forfalsket" 2027-02-01', teamId: TEAM, userId: CONSULTANT, channelId: 'D0KAREN', triggerId: bot.fake.newTriggerId() };
    const forged = await slashCommand({ ...common, responseUrl: bot.fake.newResponseUrl(), forgeSignature: true });
    const stale = await slashCommand({ ...common, responseUrl: bot.fake.newResponseUrl(), stale: true });
    expect([forged.status, stale.status]).toEqual([401, 401]);
    const event = await eventCallback({ url: bot.eventsUrl, signingSecret: SIGNING_SECRET, teamId: TEAM, eventId: 'Ev0FORGED', forgeSignature: true, event: { type: 'message', channel: 'D0X', channel_type: 'im', user: CONSULTANT, text: 'hjælp', ts: '1.1' } });
    expect(event.status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(state(bot)).toBe(before);
  });

  it('handles a redelivered event once and refuses a replayed one', async () => {
    const im = bot.fake.state.openIm(bot.fake.state.team(TEAM), CONSULTANT).channel.id;
    const timestamp = Math.floor(Date.now() / 1000);
    const delivery = { url: bot.eventsUrl, signingSecret: SIGNING_SECRET, teamId: TEAM, eventId: 'Ev0HELP1', timestamp, eventTime: timestamp, event: { type: 'message', channel: im, channel_type: 'im', user: CONSULTANT, text: 'hjælp', ts: '1800000000.000100' } };
    // Slack signs a redelivery anew (a later timestamp); a replay repeats the signature byte for byte.
    const responses = [await eventCallback(delivery), await eventCallback({ ...delivery, retryNum: 1, timestamp: timestamp + 1 }), await eventCallback(delivery)];
    expect(responses.map((r) => r.status)).toEqual([200, 200, 401]);
    await waitFor(() => bot.fake.messages(TEAM, im).some((m) => m.text.includes('Tovholder')), 5_000, 'the answer in the DM');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(bot.fake.messages(TEAM, im).filter((m) => m.text.includes('Tovholder – kommandoer'))).toHaveLength(1);
    expect(bot.core.db.prepare("SELECT COUNT(*) FROM inbound_events WHERE event_key = 'slack:Ev0HELP1'").pluck().get()).toBe(1);
  });

  it('ignores bot messages, edits and top-level channel chatter', async () => {
    const before = await settled(bot);
    const base = { url: bot.eventsUrl, signingSecret: SIGNING_SECRET, teamId: TEAM };
    await eventCallback({ ...base, eventId: 'Ev0BOT', event: { type: 'message', channel: 'D0X', channel_type: 'im', user: 'U0TOVBOT', bot_id: 'B0TOVBOT', text: 'hej', ts: '1.2' } });
    await eventCallback({ ...base, eventId: 'Ev0EDIT', event: { type: 'message', subtype: 'message_changed', channel: 'D0X', channel_type: 'im', message: { text: 'x' }, ts: '1.3' } });
    await eventCallback({ ...base, eventId: 'Ev0CHAT', event: { type: 'message', channel: 'C0X', channel_type: 'channel', user: 'U0K1', text: 'godmorgen', ts: '1.4' } });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(state(bot)).toBe(before);
  });

  it('answers refusals in Danish via response_url and changes nothing', async () => {
    const before = await settled(bot);
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
    await waitFor(() => bot.fake.views(TEAM).some((v) => (v.view as { callback_id?: string }).callback_id === 'tovholder:programme.create'), 5_000, 'views.open');
    const view = lastView(bot);
    expect(bot.fake.callsTo('views.open').at(-1)!.params.trigger_id).toBe(sent.triggerId);
    expect(view.title.text.length).toBeLessThanOrEqual(24);
    expect(view.blocks.map((b) => b.element.type)).toContain('datepicker');
    const template = { value: { type: 'static_select', selected_option: { value: 'smaa-partnerskaber' } } };
    expect(await submitView(bot, view, { name: { value: 'Efterår 2027' }, start: date('2027-08-30'), template })).toBeNull();
    await waitFor(() => bot.answers(sent.responseUrl).some((t) => t.includes('Efterår 2027')), 5_000, 'the created message');
    expect(bot.core.repos.programmes.findByName('slack', TEAM, 'Efterår 2027')).toBeTruthy();
  });

  it('keeps the programme modal open with the refusal on the refused field, in Danish, and changes nothing', async () => {
    const sent = await bot.command('opret');
    await waitFor(() => bot.fake.callsTo('views.open').some((c) => c.params.trigger_id === sent.triggerId), 5_000, 'views.open');
    const view = lastView(bot);
    const template = { value: { type: 'static_select', selected_option: { value: 'smaa-partnerskaber' } } };
    // Waits for the channel set-up of the programmes made so far: it must not count as a change.
    const before = await settled(bot);

    const badDate = await submitView(bot, view, { name: { value: 'Forkert' }, start: date('2027-02-31'), template, kickoff: date('2027-03-01') });
    expect(badDate?.response_action).toBe('errors');
    expect(Object.keys(badDate!.errors!)).toEqual(['start']);
    expect(badDate!.errors!.start).toContain('«2027-02-31» er ikke en gyldig dato');

    const taken = await submitView(bot, view, { name: { value: 'Små Partnerskaber 2027' }, start: date('2027-08-30'), template });
    expect(taken).toEqual({ response_action: 'errors', errors: { name: 'Der findes allerede et forløb med navnet «Små Partnerskaber 2027».' } });

    const blank = await submitView(bot, view, { name: { value: '   ' }, start: date('2027-08-30'), template });
    expect(blank).toEqual({ response_action: 'errors', errors: { name: 'Skal udfyldes.' } });

    // Nothing was said elsewhere: the answer is the open modal.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(bot.answers(sent.responseUrl)).toEqual([]);
    expect(state(bot)).toBe(before);
  });

  it('opens the add-partnership modal, keeps it open on a refusal and adds the partnership on submit', async () => {
    const programme = bot.core.repos.programmes.findByName('slack', TEAM, 'Små Partnerskaber 2027')!;
    const sent = await bot.command('partnerskab', { channelId: programme.channelRef! });
    await waitFor(() => bot.fake.callsTo('views.open').some((c) => c.params.trigger_id === sent.triggerId), 5_000, 'views.open');
    const view = lastView(bot);
    expect(view.callback_id).toBe('tovholder:partnership.add');
    expect(view.blocks.map((b) => [b.block_id, b.element.type])).toEqual([
      ['name', 'plain_text_input'],
      ['culture', 'plain_text_input'],
      ['daycare', 'plain_text_input'],
      ['culture_staff', 'multi_users_select'],
      ['daycare_staff', 'multi_users_select'],
    ]);
    const before = await settled(bot);

    const existing = await submitView(bot, view, { name: { value: 'Havet' }, culture: { value: 'Nordsøen Oceanarium' }, daycare: { value: 'Børnehaven Bjørnen' } });
    expect(existing).toEqual({ response_action: 'errors', errors: { name: 'Partnerskabet «Havet» findes allerede i Små Partnerskaber 2027.' } });
    const blank = await submitView(bot, view, { name: { value: 'Skoven' }, culture: { value: ' ' }, daycare: { value: 'Børnehaven Egern' } });
    expect(blank).toEqual({ response_action: 'errors', errors: { culture: 'Skal udfyldes.' } });
    expect(bot.answers(sent.responseUrl)).toEqual([]);
    expect(state(bot)).toBe(before);

    const ok = await submitView(bot, view, {
      name: { value: 'Skoven' },
      culture: { value: 'Kunst & Natur' },
      daycare: { value: 'Børnehaven Egern' },
      culture_staff: users('U0K2'),
      daycare_staff: users('U0D2A', 'U0D2B'),
    });
    expect(ok).toBeNull();
    await waitFor(() => bot.answers(sent.responseUrl).some((t) => t.includes('Skoven')), 5_000, 'the added message');
    const skoven = bot.core.repos.partnerships.listForProgramme(programme.id).find((p) => p.name === 'Skoven')!;
    expect(skoven.culturalInstitution).toBe('Kunst & Natur');
    const members = bot.core.repos.members.listForProgramme(programme.id).filter((m) => m.partnershipId === skoven.id);
    expect(members.map((m) => [m.userRef, m.role]).sort()).toEqual([['U0D2A', 'daycare_staff'], ['U0D2B', 'daycare_staff'], ['U0K2', 'culture_staff']]);
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
    expect(result.text).toMatch(/aktiviteter er flyttet/);
    const havet = bot.core.repos.partnerships.listForProgramme(bot.core.repos.programmes.findByName('slack', TEAM, 'Små Partnerskaber 2027')!.id)[0]!;
    const visit = bot.core.repos.activities.listForProgramme(havet.programmeId).find((a) => a.stepKey === 'nysgerrighed' && a.partnershipId === havet.id)!;
    expect(visit.localDate).toBe('2027-01-25');
  });
});
