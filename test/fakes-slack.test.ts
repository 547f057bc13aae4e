/**
 * The fake Slack Web API driven by the REAL @slack/web-api WebClient (and a real Bolt App), so the
 * fake is proven to speak Slack's wire format: form-encoded calls, JSON-stringified blocks/metadata,
 * `ok:false` errors, HTTP 429 + Retry-After, the files.uploadV2 flow, signed inbound requests.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { App, LogLevel as BoltLogLevel } from '@slack/bolt';
import { ErrorCode, LogLevel, WebClient, type Logger } from '@slack/web-api';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeSlack, type FakeSlack, type FakeSlackOptions, type FakeSlackTeamInput } from './fakes/slack/index.ts';
import { blockAction, eventCallback, slashCommand, urlVerification, viewSubmission } from './support/slack-requests.ts';

const TEAM_A: FakeSlackTeamInput = {
  teamId: 'T0AAAAAAA',
  botToken: 'xoxb-team-a',
  botUserId: 'U0BOTA',
  users: [
    { id: 'U0ANNE', name: 'anne', realName: 'Anne Ærø', email: 'anne@kultur.dk' },
    { id: 'U0BO', name: 'bo', realName: 'Bo Øster', email: 'bo@dagtilbud.dk' },
    { id: 'U0CARL', name: 'carl', email: 'carl@kultur.dk' },
  ],
};
const TEAM_B: FakeSlackTeamInput = { teamId: 'T0BBBBBBB', botToken: 'xoxb-team-b', botUserId: 'U0BOTB', users: [{ id: 'U0DORTE', name: 'dorte' }] };

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {}, setLevel() {}, getLevel: () => LogLevel.ERROR, setName() {} };

let fake: FakeSlack | undefined;
let clock = Date.now();
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function setup(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  clock = Date.now();
  fake = await startFakeSlack({ teams: [TEAM_A, TEAM_B], now: () => clock, ...options });
  return fake;
}

function client(f: FakeSlack, token = TEAM_A.botToken): WebClient {
  return new WebClient(token, { slackApiUrl: f.url, rejectRateLimitedCalls: true, retryConfig: { retries: 0 }, logger: quiet, timeout: 5000 });
}

interface Caught {
  code?: string;
  error?: string;
  retryAfter?: number;
  statusCode?: number;
  data?: Record<string, unknown>;
}

async function caught(promise: Promise<unknown>): Promise<Caught> {
  try {
    await promise;
  } catch (e) {
    const err = e as Caught & { data?: { error?: string } };
    return { code: err.code, error: err.data?.error, retryAfter: err.retryAfter, statusCode: err.statusCode, data: err.data };
  }
  throw new Error('expected the call to fail');
}

describe('fake Slack Web API, auth and wire format', () => {
  it('answers auth.test like Slack and rejects missing, unknown and foreign tokens', async () => {
    const f = await setup();
    const auth = await client(f).auth.test();
    expect(auth).toMatchObject({ ok: true, team_id: 'T0AAAAAAA', user_id: 'U0BOTA', bot_id: 'B0BOTA', url: 'https://t0aaaaaaa.slack.com/' });

    expect(await caught(client(f, 'xoxb-nope').auth.test())).toMatchObject({ code: ErrorCode.PlatformError, error: 'invalid_auth' });
    const noToken = await fetch(`${f.url}auth.test`, { method: 'POST' });
    expect(noToken.status).toBe(200);
    expect(await noToken.json()).toEqual({ ok: false, error: 'not_authed' });
    // A token as a form field works too; an unknown method is unknown_method.
    const form = await fetch(`${f.url}auth.test`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'token=xoxb-team-b' });
    expect(await form.json()).toMatchObject({ ok: true, team_id: 'T0BBBBBBB' });
    expect(await caught(client(f).apiCall('chat.fly', {}))).toMatchObject({ error: 'unknown_method' });
    expect(f.calls.map((c) => [c.method, c.error ?? 'ok'])).toEqual([
      ['auth.test', 'ok'],
      ['auth.test', 'invalid_auth'],
      ['auth.test', 'not_authed'],
      ['auth.test', 'ok'],
      ['chat.fly', 'unknown_method'],
    ]);
  });

  it('creates channels under Slack’s name rules and refuses a taken name', async () => {
    const f = await setup();
    const web = client(f);
    const created = await web.conversations.create({ name: 'partnerskab-aeblehaven' });
    expect(created.channel).toMatchObject({ name: 'partnerskab-aeblehaven', is_channel: true, is_private: false, creator: 'U0BOTA', is_member: true, topic: { value: '' }, purpose: { value: '' } });
    expect(created.channel?.id).toMatch(/^C[0-9A-Z]{8,}$/);
    expect(f.members('T0AAAAAAA', created.channel!.id!)).toEqual(['U0BOTA']);
    expect((await web.conversations.create({ name: 'hemmelig', is_private: true })).channel?.is_private).toBe(true);

    const cases: [string, string][] = [
      ['æblehaven', 'invalid_name_specials'],
      ['Aeblehaven', 'invalid_name_specials'],
      ['to ord', 'invalid_name_specials'],
      ['a'.repeat(81), 'invalid_name_maxlength'],
      ['', 'invalid_name_required'],
      ['--', 'invalid_name_punctuation'],
      ['partnerskab-aeblehaven', 'name_taken'],
    ];
    for (const [name, error] of cases) expect(await caught(web.conversations.create({ name })), name).toMatchObject({ error });
    await expect(web.conversations.create({ name: 'a'.repeat(80) })).resolves.toMatchObject({ ok: true });
  });

  it('invites all-or-nothing with Slack’s per-user errors, and checks the bot’s own membership', async () => {
    const f = await setup();
    const web = client(f);
    const id = (await web.conversations.create({ name: 'p1' })).channel!.id!;
    await web.conversations.invite({ channel: id, users: 'U0ANNE,U0BO' });
    expect(f.members('T0AAAAAAA', id)).toEqual(['U0BOTA', 'U0ANNE', 'U0BO']);

    const again = await caught(web.conversations.invite({ channel: id, users: 'U0ANNE' }));
    expect(again).toMatchObject({ error: 'already_in_channel', data: { errors: [{ user: 'U0ANNE', ok: false, error: 'already_in_channel' }] } });
    // One bad user fails the whole call: Carl is not invited either ...
    expect(await caught(web.conversations.invite({ channel: id, users: 'U0CARL,U0NOPE' }))).toMatchObject({ error: 'user_not_found' });
    expect(f.members('T0AAAAAAA', id)).not.toContain('U0CARL');
    // ... unless force=true.
    const forced = await web.conversations.invite({ channel: id, users: 'U0CARL,U0NOPE', force: true });
    expect(forced.errors).toEqual([{ user: 'U0NOPE', ok: false, error: 'user_not_found' }]);
    expect(f.members('T0AAAAAAA', id)).toContain('U0CARL');

    expect(await caught(web.conversations.invite({ channel: id, users: 'U0BOTA' }))).toMatchObject({ error: 'cant_invite_self' });
    expect(await caught(web.conversations.invite({ channel: 'C0NOPE', users: 'U0ANNE' }))).toMatchObject({ error: 'channel_not_found' });
    const theirs = f.createChannel('T0AAAAAAA', { name: 'anne-kanal', members: ['U0ANNE'] });
    expect(await caught(web.conversations.invite({ channel: theirs.id, users: 'U0BO' }))).toMatchObject({ error: 'not_in_channel' });
    const secret = f.createChannel('T0AAAAAAA', { name: 'anne-privat', isPrivate: true, members: ['U0ANNE'] });
    expect(await caught(web.conversations.invite({ channel: secret.id, users: 'U0BO' }))).toMatchObject({ error: 'channel_not_found' });
  });

  it('limits topic and purpose to 250 characters and opens one IM per user', async () => {
    const f = await setup();
    const web = client(f);
    const id = (await web.conversations.create({ name: 'p2' })).channel!.id!;
    expect((await web.conversations.setTopic({ channel: id, topic: 'ø'.repeat(250) })).channel?.topic?.value).toHaveLength(250);
    expect(await caught(web.conversations.setTopic({ channel: id, topic: 'x'.repeat(251) }))).toMatchObject({ error: 'too_long' });
    await web.conversations.setPurpose({ channel: id, purpose: 'Udviklingspartnerskab' });
    expect(f.channels('T0AAAAAAA').find((c) => c.id === id)?.purpose.value).toBe('Udviklingspartnerskab');

    const first = await web.conversations.open({ users: 'U0ANNE' });
    const second = await web.conversations.open({ users: 'U0ANNE' });
    expect(first.channel?.id).toMatch(/^D/);
    expect(second).toMatchObject({ already_open: true, channel: { id: first.channel?.id } });
    const viaUserId = await web.chat.postMessage({ channel: 'U0ANNE', text: 'Hej Anne' });
    expect(viaUserId.channel).toBe(first.channel?.id);
    expect((await web.conversations.members({ channel: first.channel!.id! })).members).toEqual(['U0BOTA', 'U0ANNE']);
    expect(await caught(web.conversations.open({ users: 'U0NOPE' }))).toMatchObject({ error: 'user_not_found' });
  });
});

describe('fake Slack messages', () => {
  it('posts with metadata that only conversations.history?include_all_metadata returns', async () => {
    const f = await setup();
    const web = client(f);
    const id = (await web.conversations.create({ name: 'p3' })).channel!.id!;
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*Møde* i morgen' } }];
    const metadata = { event_type: 'tovholder_delivery', event_payload: { key: 'delivery-42' } };
    const posted = await web.chat.postMessage({ channel: id, text: 'Møde i morgen', blocks, metadata });
    expect(posted.ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(posted.message).toMatchObject({ text: 'Møde i morgen', user: 'U0BOTA', bot_id: 'B0BOTA', blocks });
    const second = await web.chat.postMessage({ channel: id, text: 'svar', thread_ts: posted.ts! });
    expect(Number(second.ts)).toBeGreaterThan(Number(posted.ts));

    // The fake decoded what the client JSON-stringified into the form body.
    expect(f.callsTo('chat.postMessage')[0]?.params).toMatchObject({ channel: id, blocks, metadata });
    const plain = await web.conversations.history({ channel: id });
    expect(plain.messages).toHaveLength(1); // the thread reply stays in its thread
    expect(plain.messages?.[0]).not.toHaveProperty('metadata');
    const withMeta = await web.conversations.history({ channel: id, include_all_metadata: true, limit: 10 });
    expect(withMeta.messages?.[0]).toMatchObject({ ts: posted.ts, metadata });
    expect(f.messages('T0AAAAAAA', id).map((m) => m.threadTs)).toEqual([undefined, posted.ts]);
  });

  it('rejects what Slack rejects: empty thread_ts, long sections, no text, foreign or unjoined channels', async () => {
    const f = await setup({ postBurst: 100 }); // every call counts against the channel's bucket, rejected ones too
    const web = client(f);
    const id = (await web.conversations.create({ name: 'p4' })).channel!.id!;
    expect(await caught(web.chat.postMessage({ channel: id, text: 'x', thread_ts: '' }))).toMatchObject({ error: 'invalid_thread_ts' });
    const section = (n: number) => [{ type: 'section', text: { type: 'mrkdwn', text: 'å'.repeat(n) } }];
    expect(await caught(web.chat.postMessage({ channel: id, text: 'x', blocks: section(3001) }))).toMatchObject({ error: 'invalid_blocks' });
    await expect(web.chat.postMessage({ channel: id, text: 'x', blocks: section(3000) })).resolves.toMatchObject({ ok: true });
    expect(await caught(web.chat.postMessage({ channel: id, text: '' }))).toMatchObject({ error: 'no_text' });
    expect(await caught(web.chat.postMessage({ channel: id, text: 'x', metadata: { event_type: 'x' } as never }))).toMatchObject({ error: 'invalid_metadata_format' });
    expect(await caught(web.chat.postMessage({ channel: 'C0NOPE', text: 'x' }))).toMatchObject({ error: 'channel_not_found' });
    const theirs = f.createChannel('T0AAAAAAA', { name: 'andres', members: ['U0ANNE'] });
    expect(await caught(web.chat.postMessage({ channel: theirs.id, text: 'x' }))).toMatchObject({ error: 'not_in_channel' });
    expect(await caught(web.chat.postEphemeral({ channel: id, user: 'U0ANNE', text: 'kun til dig' }))).toMatchObject({ error: 'user_not_in_channel' });
    expect(f.messages('T0AAAAAAA', id)).toHaveLength(1);
  });

  it('updates only the bot’s own messages and keeps their metadata', async () => {
    const f = await setup();
    const web = client(f);
    const id = (await web.conversations.create({ name: 'p5' })).channel!.id!;
    const metadata = { event_type: 'tovholder_delivery', event_payload: { key: 'd-1' } };
    const { ts } = await web.chat.postMessage({ channel: id, text: 'v1', metadata });
    const updated = await web.chat.update({ channel: id, ts: ts!, text: 'v2' });
    expect(updated).toMatchObject({ channel: id, ts, text: 'v2' });
    expect(f.messages('T0AAAAAAA', id)[0]).toMatchObject({ text: 'v2', metadata, edits: [{ text: 'v1' }] });
    expect(await caught(web.chat.update({ channel: id, ts: '1.000001', text: 'x' }))).toMatchObject({ error: 'message_not_found' });
    const users = f.postAsUser('T0AAAAAAA', id, 'U0ANNE', 'mit svar');
    expect(await caught(web.chat.update({ channel: id, ts: users.ts, text: 'x' }))).toMatchObject({ error: 'cant_update_message' });
  });

  it('finds users by email and info', async () => {
    const f = await setup();
    const web = client(f);
    expect((await web.users.lookupByEmail({ email: 'BO@dagtilbud.dk' })).user).toMatchObject({ id: 'U0BO', profile: { email: 'bo@dagtilbud.dk', real_name: 'Bo Øster' } });
    expect(await caught(web.users.lookupByEmail({ email: 'dorte@nowhere.dk' }))).toMatchObject({ error: 'users_not_found' });
    expect((await web.users.info({ user: 'U0ANNE' })).user?.real_name).toBe('Anne Ærø');
    expect(await caught(web.users.info({ user: 'U0DORTE' }))).toMatchObject({ error: 'user_not_found' }); // team B's user
  });
});

describe('fake Slack rate limits', () => {
  it('paces chat.postMessage per channel: HTTP 429 with an integer Retry-After, other channels unaffected', async () => {
    const f = await setup({ postPerChannelPerSecond: 1, postBurst: 2 });
    const web = client(f);
    const a = (await web.conversations.create({ name: 'rate-a' })).channel!.id!;
    const b = (await web.conversations.create({ name: 'rate-b' })).channel!.id!;
    await web.chat.postMessage({ channel: a, text: '1' });
    await web.chat.postMessage({ channel: a, text: '2' });
    const limited = await caught(web.chat.postMessage({ channel: a, text: '3' }));
    expect(limited).toMatchObject({ code: ErrorCode.RateLimitedError, retryAfter: 1 });
    await expect(web.chat.postMessage({ channel: b, text: 'other channel' })).resolves.toMatchObject({ ok: true });

    const raw = await fetch(`${f.url}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEAM_A.botToken}`, 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ channel: a, text: '4' }),
    });
    expect(raw.status).toBe(429);
    expect(raw.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
    expect(await raw.json()).toEqual({ ok: false, error: 'ratelimited' });
    expect(f.rateLimited('chat.postMessage')).toBe(2);
    expect(f.messages('T0AAAAAAA', a).map((m) => m.text)).toEqual(['1', '2']);

    clock += 1000; // one token back
    await expect(web.chat.postMessage({ channel: a, text: '5' })).resolves.toMatchObject({ ok: true });
  });

  it('holds chat.postMessage to a workspace-wide limit across channels by default (burst 30, then 10 a second)', async () => {
    const f = await setup();
    const web = client(f);
    const channels = Array.from({ length: 32 }, (_, i) => f.createChannel('T0AAAAAAA', { name: `kanal-${i}`, members: ['U0BOTA'] }).id);
    for (const channel of channels.slice(0, 30)) await web.chat.postMessage({ channel, text: 'påmindelse' });
    const limited = await caught(web.chat.postMessage({ channel: channels[30]!, text: 'påmindelse' }));
    expect(limited).toMatchObject({ code: ErrorCode.RateLimitedError, retryAfter: 1 });
    expect(f.rateLimited('chat.postMessage')).toBe(1);
    clock += 100; // one token back for the whole workspace
    await expect(web.chat.postMessage({ channel: channels[30]!, text: 'påmindelse' })).resolves.toMatchObject({ ok: true });
    expect(await caught(web.chat.postMessage({ channel: channels[31]!, text: 'påmindelse' }))).toMatchObject({ code: ErrorCode.RateLimitedError });
  });

  it('holds conversations.create to Tier 2 (20 per minute per workspace) by default', async () => {
    const f = await setup();
    const web = client(f);
    for (let i = 0; i < 20; i += 1) await web.conversations.create({ name: `kanal-${i}` });
    clock += 15_000;
    const limited = await caught(web.conversations.create({ name: 'kanal-20' }));
    expect(limited.code).toBe(ErrorCode.RateLimitedError);
    expect(limited.retryAfter).toBe(45); // the first call leaves the window 60 s after it was made
    // Per workspace: team B is not affected.
    await expect(client(f, TEAM_B.botToken).conversations.create({ name: 'kanal-20' })).resolves.toMatchObject({ ok: true });
    clock += 45_000;
    await expect(web.conversations.create({ name: 'kanal-20' })).resolves.toMatchObject({ ok: true });
    expect(f.rateLimited('conversations.create')).toBe(1);
  });

  it('takes configured limits so tests can make them tight', async () => {
    const f = await setup({ limits: { 'conversations.invite': 1 }, windowMs: 10_000 });
    const web = client(f);
    const id = (await web.conversations.create({ name: 'tight' })).channel!.id!;
    await web.conversations.invite({ channel: id, users: 'U0ANNE' });
    expect(await caught(web.conversations.invite({ channel: id, users: 'U0BO' }))).toMatchObject({ retryAfter: 10 });
  });
});

describe('fake Slack workspaces, views, files, response_url', () => {
  it('keeps two workspaces apart', async () => {
    const f = await setup();
    const a = client(f);
    const b = client(f, TEAM_B.botToken);
    const id = (await a.conversations.create({ name: 'faelles' })).channel!.id!;
    await a.chat.postMessage({ channel: id, text: 'kun team A' });
    expect(await caught(b.conversations.history({ channel: id }))).toMatchObject({ error: 'channel_not_found' });
    expect(await caught(b.chat.postMessage({ channel: id, text: 'x' }))).toMatchObject({ error: 'channel_not_found' });
    expect(await caught(b.conversations.invite({ channel: id, users: 'U0DORTE' }))).toMatchObject({ error: 'channel_not_found' });
    await expect(b.conversations.create({ name: 'faelles' })).resolves.toMatchObject({ ok: true });
    expect(f.channels('T0BBBBBBB').map((c) => c.name)).toEqual(['faelles']);
    expect(f.callsTo('chat.postMessage', 'T0BBBBBBB')).toHaveLength(1);
  });

  it('opens modals with a single-use trigger_id and Slack’s 24-character title limit', async () => {
    const f = await setup();
    const web = client(f);
    const modal = (title: string) => ({ type: 'modal' as const, title: { type: 'plain_text' as const, text: title }, blocks: [], callback_id: 'plan' });
    expect(await caught(web.views.open({ view: modal('Ny plan') } as never))).toMatchObject({ error: 'invalid_arguments' });
    const long = await caught(web.views.open({ trigger_id: f.newTriggerId(), view: modal('Nyt udviklingspartnerskab') }));
    expect(long).toMatchObject({ error: 'invalid_arguments', data: { response_metadata: { messages: [expect.stringContaining('/view/title/text')] } } });
    const trigger = f.newTriggerId();
    const opened = await web.views.open({ trigger_id: trigger, view: modal('Nyt partnerskab') });
    expect(opened.view).toMatchObject({ type: 'modal', callback_id: 'plan', title: { text: 'Nyt partnerskab' } });
    expect(await caught(web.views.open({ trigger_id: trigger, view: modal('Igen') }))).toMatchObject({ error: 'exchanged_trigger_id' });
    const stale = f.newTriggerId();
    clock += 3001;
    expect(await caught(web.views.open({ trigger_id: stale, view: modal('For sent') }))).toMatchObject({ error: 'expired_trigger_id' });
    await web.views.update({ view_id: opened.view!.id!, view: modal('Opdateret') });
    expect(f.views('T0AAAAAAA')).toEqual([expect.objectContaining({ via: 'views.update', view: expect.objectContaining({ title: { type: 'plain_text', text: 'Opdateret' } }) })]);
  });

  it('round-trips a CSV through files.uploadV2 (getUploadURLExternal, upload_url, completeUploadExternal)', async () => {
    const f = await setup();
    const web = client(f);
    const id = (await web.conversations.create({ name: 'eksport' })).channel!.id!;
    const csv = 'institution;dato\nBørnehuset Ærtebjerg;2026-03-02\n';
    const result = await web.files.uploadV2({ channel_id: id, content: csv, filename: 'plan.csv', title: 'Plan', initial_comment: 'Her er planen' });
    expect(result.ok).toBe(true);
    const [file] = f.files('T0AAAAAAA');
    expect(file?.content?.toString('utf8')).toBe(csv);
    expect(file).toMatchObject({ filename: 'plan.csv', title: 'Plan', completed: true, channels: [id], length: Buffer.byteLength(csv) });
    expect(f.messages('T0AAAAAAA', id)).toEqual([expect.objectContaining({ text: 'Her er planen', files: [file!.id] })]);
    expect(f.calls.map((c) => c.method)).toEqual(['conversations.create', 'files.getUploadURLExternal', '(upload)', 'files.completeUploadExternal']);
  });

  it('lets a response_url take 5 posts, then refuses', async () => {
    const f = await setup();
    const url = f.newResponseUrl('T0AAAAAAA');
    const post = (i: number) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify({ text: `svar ${i}`, response_type: 'ephemeral' }) });
    for (let i = 1; i <= 5; i += 1) expect((await post(i)).status).toBe(200);
    const sixth = await post(6);
    expect(sixth.status).toBe(404);
    expect(await sixth.text()).toBe('used_url');
    expect(f.responses(url).map((r) => r.answer)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'used_url']);
    expect(f.responses(url)[0]?.body).toEqual({ text: 'svar 1', response_type: 'ephemeral' });
  });
});

describe('fake Slack failure hooks', () => {
  it('fails the next call with HTTP 500, a reset connection or a Slack error, storing nothing', async () => {
    const f = await setup();
    const web = client(f);
    const id = (await web.conversations.create({ name: 'fejl' })).channel!.id!;
    f.failNext('chat.postMessage', { status: 500 });
    expect(await caught(web.chat.postMessage({ channel: id, text: 'a' }))).toMatchObject({ code: ErrorCode.HTTPError, statusCode: 500 });
    f.failNext('chat.postMessage', { resetConnection: true });
    expect(await caught(web.chat.postMessage({ channel: id, text: 'b' }))).toMatchObject({ code: ErrorCode.RequestError });
    f.failNext('chat.postMessage', { error: 'channel_not_found' });
    expect(await caught(web.chat.postMessage({ channel: id, text: 'c' }))).toMatchObject({ code: ErrorCode.PlatformError, error: 'channel_not_found' });
    expect(f.messages('T0AAAAAAA', id)).toHaveLength(0);
    await web.chat.postMessage({ channel: id, text: 'd' });
    expect(f.callsTo('chat.postMessage').map((c) => [c.status, c.error, c.injected])).toEqual([
      [500, 'http_500', 'failed'],
      [0, 'connection_reset', 'failed'],
      [200, 'channel_not_found', 'failed'],
      [200, undefined, undefined],
    ]);
  });

  it('acceptThenFail stores the message but answers 500 (or resets): history metadata tells the truth', async () => {
    const f = await setup();
    const web = client(f);
    const id = (await web.conversations.create({ name: 'uvis' })).channel!.id!;
    const metadata = { event_type: 'tovholder_delivery', event_payload: { key: 'delivery-7' } };
    f.failNext('chat.postMessage', { acceptThenFail: true });
    expect(await caught(web.chat.postMessage({ channel: id, text: 'måske sendt', metadata }))).toMatchObject({ code: ErrorCode.HTTPError, statusCode: 500 });
    f.failNext('chat.postMessage', { acceptThenFail: true, resetConnection: true });
    expect(await caught(web.chat.postMessage({ channel: id, text: 'også måske', metadata: { ...metadata, event_payload: { key: 'delivery-8' } } }))).toMatchObject({
      code: ErrorCode.RequestError,
    });
    const history = await web.conversations.history({ channel: id, include_all_metadata: true });
    const keys = history.messages?.map((m) => (m.metadata?.event_payload as { key?: string } | undefined)?.key);
    expect(keys).toEqual(['delivery-8', 'delivery-7']);
    expect(f.messages('T0AAAAAAA', id)).toHaveLength(2);
  });
});

describe('a real Bolt App against the fake', () => {
  const SECRET = 'signing-secret-for-tests';

  it('receives signed commands, actions, submissions and events; refuses forged and stale ones', async () => {
    const f = await setup();
    const app = new App({ token: TEAM_A.botToken, signingSecret: SECRET, clientOptions: { slackApiUrl: f.url, retryConfig: { retries: 0 } }, logLevel: BoltLogLevel.ERROR });
    const seen: string[] = [];
    app.command('/tovholder', async ({ ack, command, respond, client: web }) => {
      await ack('Et øjeblik …');
      seen.push(`command:${command.text}`);
      await respond({ text: 'Færdig', response_type: 'ephemeral' });
      await web.chat.postMessage({ channel: 'U0ANNE', text: `Du skrev ${command.text}` });
    });
    app.action('done', async ({ ack, action }) => {
      await ack();
      seen.push(`action:${(action as { value?: string }).value}`);
    });
    app.view('plan', async ({ ack, view }) => {
      await ack();
      seen.push(`view:${view.state.values.navn?.input?.value}:${view.private_metadata}`);
    });
    app.event('app_mention', async ({ event }) => void seen.push(`event:${event.text}`));
    const server = (await app.start({ port: 0, host: '127.0.0.1' })) as Server;
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
      const who = { url, signingSecret: SECRET, teamId: TEAM_A.teamId, userId: 'U0ANNE' };
      const responseUrl = f.newResponseUrl(TEAM_A.teamId);
      const command = { ...who, command: '/tovholder', text: 'status', responseUrl, triggerId: f.newTriggerId(), channelId: 'C0SOME' };

      const ok = await slashCommand(command);
      expect(ok.status).toBe(200);
      expect(await ok.text()).toBe('Et øjeblik …');
      expect((await slashCommand({ ...command, forgeSignature: true })).status).toBe(401);
      expect((await slashCommand({ ...command, stale: true })).status).toBe(401);

      expect((await blockAction({ ...who, actionId: 'done', value: 'm-1', messageTs: '1700000000.000100', channelId: 'C0SOME' })).status).toBe(200);
      expect((await viewSubmission({ ...who, callbackId: 'plan', values: { navn: { input: 'Æblehaven' } }, privateMetadata: 'p-9' })).status).toBe(200);
      const event = { type: 'app_mention', user: 'U0ANNE', text: '<@U0BOTA> hej', ts: '1700000000.000200', channel: 'C0SOME', event_ts: '1700000000.000200' };
      expect((await eventCallback({ url, signingSecret: SECRET, teamId: TEAM_A.teamId, event, eventId: 'Ev01', retryNum: 1 })).status).toBe(200);
      const challenge = await urlVerification({ url, signingSecret: SECRET, challenge: 'abc123' });
      expect(await challenge.json()).toEqual({ challenge: 'abc123' });

      await expect.poll(() => seen.length).toBe(4);
      expect(seen).toEqual(['command:status', 'action:m-1', 'view:Æblehaven:p-9', 'event:<@U0BOTA> hej']);
      await expect.poll(() => f.messages(TEAM_A.teamId, f.imWith(TEAM_A.teamId, 'U0ANNE')?.id ?? '').length).toBe(1);
      expect(f.responses(responseUrl).map((r) => r.body)).toEqual([{ text: 'Færdig', response_type: 'ephemeral' }]);
      expect(f.callsTo('auth.test')).toHaveLength(1); // Bolt's start-up check
    } finally {
      await app.stop();
    }
  });
});
