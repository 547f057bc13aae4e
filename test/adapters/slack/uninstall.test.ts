/**
 * A workspace removes Tovholder: Slack revokes the bot token and sends `app_uninstalled` and
 * `tokens_revoked`. The installation is marked removed, Bolt refuses the workspace's requests, its
 * pending deliveries fail with the reason and without another call with the dead token, and the
 * other workspaces go on. The same when a send is answered token_revoked / account_inactive /
 * invalid_auth before (or without) the event: one attempt, then a permanent failure, not retries.
 *
 * Real Bolt over HTTP (OAuth installs as in install.test.ts) against the fake Slack.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createPlatforms, type Platforms } from '../../../adapters/index.ts';
import { INSTALL_PATH, REDIRECT_PATH } from '../../../adapters/slack/bolt-app.ts';
import { createCore, type Core } from '../../../src/app.ts';
import { systemClock } from '../../../src/clock.ts';
import { paceRulesFrom, readConfig } from '../../../src/config.ts';
import { silentLogger } from '../../../src/logger.ts';
import { plainMessage } from '../../../src/messages/model.ts';
import type { Delivery } from '../../../src/outbox/types.ts';
import '../../fakes/slack/conversations-list.ts';
import { DEFAULT_FAKE_OAUTH_APP, startFakeSlack, type FakeSlack } from '../../fakes/slack/index.ts';
import type { RecordedCall } from '../../fakes/slack/types.ts';
import { answerText, CONSULTANT, SIGNING_SECRET, startSlackBot, TEAM, teamWithStaff, waitFor, type SlackBot } from '../../support/slack-harness.ts';
import { eventCallback, slashCommand } from '../../support/slack-requests.ts';

const A = 'T0KOMMUNEA';
const B = 'T0KOMMUNEB';
const BOT_A = 'U0BOTA';
const COOKIE = 'slack-app-oauth-state';

interface Row {
  team_id: string;
  bot_token: string;
  revoked_at: string | null;
  revoked_reason: string | null;
}

/**
 * The bot with only the OAuth variables. The scheduler is not started: the test sends with `drain`,
 * so deliveries stay pending until it says so.
 */
interface OAuthBot {
  fake: FakeSlack;
  core: Core;
  url: string;
  /** A signed `/tovholder <text>` from a workspace; its HTTP status and the answer's text (if 200). */
  command(teamId: string, text: string): Promise<{ status: number; text: string }>;
  answer(teamId: string, text: string): Promise<string>;
  event(teamId: string, eventId: string, event: Record<string, unknown>, retryNum?: number): Promise<number>;
  row(teamId: string): Row | undefined;
  drain(): Promise<void>;
  close(): Promise<void>;
}

async function startOAuthBot(): Promise<OAuthBot> {
  const fake = await startFakeSlack({ teams: [teamWithStaff(A, 'xoxb-fake-kommune-a', BOT_A), teamWithStaff(B, 'xoxb-fake-kommune-b', 'U0BOTB')] });
  const dir = mkdtempSync(join(tmpdir(), 'tovholder-uninstall-'));
  const config = readConfig({
    SLACK_CLIENT_ID: DEFAULT_FAKE_OAUTH_APP.clientId,
    SLACK_CLIENT_SECRET: DEFAULT_FAKE_OAUTH_APP.clientSecret,
    SLACK_STATE_SECRET: 'state-secret-for-tests-0123456789',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.url,
    TOVHOLDER_DB: join(dir, 'db.sqlite'),
    PORT: '0',
  });
  const logger = silentLogger();
  const platforms: Platforms = await createPlatforms(config, { logger, clock: systemClock });
  const core = createCore({
    dbPath: config.TOVHOLDER_DB,
    clock: systemClock,
    logger,
    platforms: platforms.ports,
    workerId: 'test',
    paceRules: paceRulesFrom(config),
    dispatcher: { backoffMs: 200, maxBackoffMs: 2_000, notReadyDelayMs: 50 },
  });
  const { url } = await platforms.listen(core);
  fake.oauth.redirectUrls = [`${url}${REDIRECT_PATH}`];
  const bot: OAuthBot = {
    fake,
    core,
    url,
    async command(teamId, text) {
      const responseUrl = fake.newResponseUrl(teamId);
      const sent = await slashCommand({ url: `${url}/slack/events`, signingSecret: SIGNING_SECRET, command: '/tovholder', text, teamId, userId: CONSULTANT, channelId: 'D0KAREN', responseUrl, triggerId: fake.newTriggerId() });
      await sent.arrayBuffer();
      if (sent.status !== 200) return { status: sent.status, text: '' };
      await waitFor(() => fake.responses(responseUrl).length > 0, 5_000, `the answer to "${text}"`);
      return { status: 200, text: fake.responses(responseUrl).map((p) => answerText(p.body)).join('\n') };
    },
    async answer(teamId, text) {
      const answered = await bot.command(teamId, text);
      expect(answered.status, `/tovholder ${text} from ${teamId}`).toBe(200);
      return answered.text;
    },
    async event(teamId, eventId, event, retryNum) {
      const sent = await eventCallback({ url: `${url}/slack/events`, signingSecret: SIGNING_SECRET, teamId, eventId, event, botUserId: BOT_A, ...(retryNum === undefined ? {} : { retryNum }) });
      await sent.arrayBuffer();
      return sent.status;
    },
    row: (teamId) => core.db.prepare('SELECT team_id, bot_token, revoked_at, revoked_reason FROM slack_installations WHERE team_id = ?').get(teamId) as Row | undefined,
    drain: () => drain(core),
    async close() {
      await platforms.close();
      core.close();
      await fake.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return bot;
}

/** Ticks until no delivery is pending or being sent. */
async function drain(core: Core, timeoutMs = 20_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    await core.scheduler.tick();
    const open = core.db.prepare("SELECT COUNT(*) FROM deliveries WHERE status IN ('pending', 'sending')").pluck().get() as number;
    if (open === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the outbox did not drain in time');
}

/** What a browser does: /slack/install, Slack's authorize page for `teamId`, back to the redirect URL. */
async function installThroughSlack(bot: OAuthBot, teamId: string): Promise<void> {
  const start = await fetch(`${bot.url}${INSTALL_PATH}`, { redirect: 'manual' });
  const cookie = start.headers.getSetCookie().find((c) => c.startsWith(`${COOKIE}=`))!.split(';')[0]!;
  const authorize = new URL(start.headers.get('location')!);
  authorize.searchParams.set('team', teamId);
  const allowed = await fetch(authorize, { redirect: 'manual' });
  const done = await fetch(allowed.headers.get('location')!, { headers: { cookie }, redirect: 'manual' });
  expect(done.status, await done.text()).toBe(200);
}

function deliveriesIn(core: Core, teamId: string): Delivery[] {
  return core.repos.programmes.listInWorkspace('slack', teamId).flatMap((p) => core.repos.deliveries.listForProgramme(p.id));
}

let bot: OAuthBot | null = null;
let harness: SlackBot | null = null;
afterEach(async () => {
  await bot?.close();
  await harness?.close();
  bot = null;
  harness = null;
});

describe('Slack adapter: a workspace uninstalls Tovholder (app_uninstalled, tokens_revoked)', () => {
  it('ends the installation: Bolt refuses the workspace, its pending deliveries fail with the reason and no call, the other workspace goes on', async () => {
    bot = await startOAuthBot();
    await installThroughSlack(bot, A);
    await installThroughSlack(bot, B);

    // A: a programme with a partnership, all sent; then a second partnership whose channel, invites
    // and welcomes are still pending when A removes the app. B: a programme, pending too.
    expect(await bot.answer(A, 'opret "Kommune A 2027" 2027-01-04')).toContain('Kommune A 2027');
    await bot.answer(A, 'partnerskab "Havet" "Oceanariet" "Bjørnen" <@U0K1>=kultur <@U0D1A>=dagtilbud');
    await bot.drain();
    expect(bot.fake.channels(A).length).toBeGreaterThanOrEqual(2);
    await bot.answer(A, 'partnerskab "Skoven" "Naturcentret" "Egern" <@U0K2>=kultur <@U0D2A>=dagtilbud');
    await bot.answer(B, 'opret "Kommune B 2027" 2027-01-04');
    const pendingInA = deliveriesIn(bot.core, A).filter((d) => d.status === 'pending');
    expect(pendingInA.length).toBeGreaterThan(0);

    // Slack: the token is dead, then the two events (each acked; Bolt does not authorize them).
    const revoked = bot.fake.revokeToken(A);
    expect(revoked).toBe('xoxb-fake-kommune-a');
    const callsBefore = bot.fake.calls.length;
    expect(await bot.event(A, 'Ev0UNINSTALL', { type: 'app_uninstalled', event_ts: `${Date.now() / 1000}` })).toBe(200);
    expect(await bot.event(A, 'Ev0REVOKED', { type: 'tokens_revoked', tokens: { oauth: [], bot: [BOT_A] }, event_ts: `${Date.now() / 1000}` })).toBe(200);
    await waitFor(() => !!bot!.row(A)?.revoked_at, 5_000, 'the installation of A marked removed');
    // The first event's reason stays (the second one found nothing left to end); the row is kept.
    expect(bot.row(A)).toMatchObject({ bot_token: revoked, revoked_reason: 'app_uninstalled' });
    // A redelivery changes nothing.
    expect(await bot.event(A, 'Ev0UNINSTALL', { type: 'app_uninstalled' }, 1)).toBe(200);
    expect(bot.row(A)?.revoked_reason).toBe('app_uninstalled');
    expect(bot.row(B)?.revoked_at).toBeNull();

    // A later slash command from A is refused before any listener runs (Bolt: 401).
    expect((await bot.command(A, 'status')).status).toBe(401);

    await bot.drain();
    // Every delivery that was pending in A failed, at its first look, naming the uninstall.
    const afterwards = new Map(deliveriesIn(bot.core, A).map((d) => [d.id, d]));
    for (const before of pendingInA) {
      const d = afterwards.get(before.id)!;
      expect(d.status, d.idempotencyKey).toBe('failed');
      expect(d.lastError, d.idempotencyKey).toMatch(/Tovholder was removed from the Slack workspace Kommune T0KOMMUNEA \(T0KOMMUNEA\) \(app_uninstalled, /);
      expect(d.lastError, d.idempotencyKey).toContain('nothing is sent there until it is installed again');
    }
    // No call at all for A since the event: none with the revoked token, none with any other.
    const since = bot.fake.calls.slice(callsBefore);
    expect(since.filter((c) => c.revokedToken)).toEqual([]);
    expect(since.filter((c) => c.teamId === A)).toEqual([]);

    // B goes on: its programme channel was made, and it answers commands.
    expect(deliveriesIn(bot.core, B).every((d) => d.status === 'sent')).toBe(true);
    expect(bot.fake.channels(B).map((c) => c.name)).toEqual(['kommune-b-2027']);
    expect(await bot.answer(B, 'status')).toContain('Kommune B 2027');
    await bot.answer(B, 'partnerskab "Havet" "Oceanariet" "Bjørnen" <@U0K1>=kultur <@U0D1A>=dagtilbud');
    await bot.drain();
    expect(deliveriesIn(bot.core, B).every((d) => d.status === 'sent')).toBe(true);
    expect(bot.fake.calls.slice(callsBefore).filter((c) => c.teamId === A)).toEqual([]);

    // Installed again (a new token): the mark is gone, the consultant sees what failed, and sends work.
    await installThroughSlack(bot, A);
    expect(bot.row(A)).toMatchObject({ bot_token: 'xoxb-fake-kommune-a-r1', revoked_at: null, revoked_reason: null });
    const status = await bot.answer(A, 'status');
    expect(status).toMatch(/fejlede: [1-9]/);
    expect(status).toContain('Tovholder was removed from the Slack workspace');
    await bot.answer(A, 'opret "Kommune A 2028" 2028-01-03');
    await bot.drain();
    expect(bot.fake.channels(A).map((c) => c.name)).toContain('kommune-a-2028');
    expect(bot.fake.calls.filter((c) => c.revokedToken)).toEqual([]);
  }, 60_000);

  it('tokens_revoked for people\'s user tokens only changes nothing; for the bot\'s token it ends the installation', async () => {
    harness = await startSlackBot();
    const events = harness.eventsUrl;
    const send = async (eventId: string, tokens: Record<string, string[]>) => {
      const sent = await eventCallback({ url: events, signingSecret: SIGNING_SECRET, teamId: TEAM, eventId, event: { type: 'tokens_revoked', tokens } });
      await sent.arrayBuffer();
      expect(sent.status).toBe(200);
    };
    await send('Ev0USERS', { oauth: [CONSULTANT] });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(harness.adapter.installations().get(TEAM)).toBeDefined();

    harness.fake.revokeToken(TEAM);
    const callsBefore = harness.fake.calls.length;
    await send('Ev0BOT', { bot: ['U0TOVBOT'] });
    await waitFor(() => !harness!.adapter.installations().get(TEAM), 5_000, 'the installation marked removed');
    expect(harness.adapter.installations().removal(TEAM)?.reason).toBe('tokens_revoked');
    // SLACK_BOT_TOKEN was this workspace's token: it is not checked again with auth.test.
    expect((await harness.command('hjælp')).status).toBe(401);
    expect((await harness.command('hjælp')).status).toBe(401);
    expect(harness.fake.calls.slice(callsBefore)).toEqual([]);
  });
});

describe('Slack adapter: a send answered with a dead token', () => {
  it.each(['token_revoked', 'account_inactive', 'invalid_auth'])(
    '%s: fails that delivery after one attempt, ends the installation, and later sends fail without a call',
    async (code) => {
      harness = await startSlackBot();
      const OTHER = 'T0OTHER';
      harness.fake.addTeam(teamWithStaff(OTHER, 'xoxb-fake-T0OTHER', 'U0BOTO'));
      await harness.adapter.installations().install('xoxb-fake-T0OTHER');
      const answer = async (text: string, teamId = TEAM): Promise<string> => {
        const sent = await harness!.command(text, { teamId });
        expect(sent.status, text).toBe(200);
        await waitFor(() => harness!.answers(sent.responseUrl).length > 0, 5_000, `the answer to "${text}"`);
        return harness!.answers(sent.responseUrl).join('\n');
      };
      await answer('opret "Død 2027" 2027-01-04');
      await harness.drain();
      const programme = harness.core.repos.programmes.findByName('slack', TEAM, 'Død 2027')!;
      const earlier = new Set(harness.core.repos.deliveries.listForProgramme(programme.id).map((d) => d.id));

      // No uninstall event: the token just stops working (Slack answers `code` to everything).
      harness.fake.revokeToken(TEAM, { error: code });
      const callsBefore = harness.fake.calls.length;
      await answer('partnerskab "Havet" "Oceanariet" "Bjørnen" <@U0K1>=kultur <@U0D1A>=dagtilbud');
      await harness.drain();

      const deliveries = harness.core.repos.deliveries.listForProgramme(programme.id).filter((d) => !earlier.has(d.id));
      const refused: RecordedCall[] = harness.fake.calls.slice(callsBefore).filter((c) => c.revokedToken);
      // At most the calls already under way when the first answer came (the outbox sends to up to 4
      // targets at once); each of those deliveries failed at its first attempt, not retried.
      expect(refused.length).toBeGreaterThan(0);
      expect(refused.length).toBeLessThanOrEqual(4);
      expect(refused.every((c) => c.error === code)).toBe(true);
      const byAuth = deliveries.filter((d) => d.lastError?.startsWith('auth: '));
      expect(byAuth.length).toBe(refused.length);
      for (const d of byAuth) {
        expect(d).toMatchObject({ status: 'failed', attempts: 1 });
        expect(d.lastError).toContain(`: ${code}: Slack no longer accepts Tovholder's token for the workspace`);
      }
      // Everything else new failed without a call, naming why.
      const fresh = deliveries.filter((d) => !byAuth.includes(d));
      expect(fresh.length).toBeGreaterThan(0);
      for (const d of fresh) {
        expect(d.status).toBe('failed');
        expect(d.lastError).toMatch(/Tovholder was removed from the Slack workspace|could not be created: auth: /);
      }
      expect(harness.adapter.installations().removal(TEAM)?.reason).toMatch(new RegExp(`^Slack answered [a-z.]+: ${code}$`));

      // Later work for the workspace: no call with the dead token, no auth.test for SLACK_BOT_TOKEN.
      const afterFirst = harness.fake.calls.length;
      expect((await harness.command('partnerskab "Skoven" "Naturcentret" "Egern"')).status).toBe(401);
      harness.core.repos.deliveries.enqueue(
        { idempotencyKey: 'test:late', platform: 'slack', workspaceId: TEAM, programmeId: programme.id, target: { type: 'member', id: harness.core.repos.members.listForProgramme(programme.id)[0]!.id }, payload: { op: 'post', message: plainMessage('sen') } },
        harness.core.clock.now(),
      );
      await harness.drain();
      expect(harness.core.repos.deliveries.byKey('test:late')).toMatchObject({ status: 'failed', attempts: 1 });
      expect(harness.fake.calls.slice(afterFirst).filter((c) => c.teamId === TEAM || c.revokedToken)).toEqual([]);

      // The other workspace is untouched.
      expect(await answer('opret "Levende 2027" 2027-01-04', OTHER)).toContain('Levende 2027');
      await harness.drain();
      expect(harness.fake.channels(OTHER).map((c) => c.name)).toEqual(['levende-2027']);
    },
    30_000,
  );
});
