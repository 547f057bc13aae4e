/**
 * Tovholder with the real Slack adapter in its OAuth mode (SLACK_CLIENT_ID/SECRET and a state secret,
 * no SLACK_BOT_TOKEN), as `npm start` builds it, against the fake Slack with two workspaces, A and B,
 * neither installed yet. `installThroughSlack` installs one the way a browser does.
 *
 * Shared by install.test.ts (installing in several workspaces, over HTTP and in Socket Mode) and
 * uninstall.test.ts (a workspace removing the app again), which need the same bot, the same two
 * workspaces and the same install flow; what only one of them checks stays in that test. They differ
 * in how the outbox runs: install.test lets the scheduler send, uninstall.test leaves it stopped and
 * sends only with `drain`, with a faster dispatcher (see {@link OAuthBotOptions}).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { createPlatforms, type Platforms } from '../../adapters/index.ts';
import { INSTALL_PATH, REDIRECT_PATH } from '../../adapters/slack/bolt-app.ts';
import { createCore, type Core, type CoreOptions } from '../../src/app.ts';
import { systemClock } from '../../src/clock.ts';
import { paceRulesFrom, readConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/logger.ts';
import '../fakes/slack/conversations-list.ts';
import { DEFAULT_FAKE_OAUTH_APP, startFakeSlack, type FakeSlack } from '../fakes/slack/index.ts';
import { answerText, CONSULTANT, drainOutbox, SIGNING_SECRET, teamWithStaff, waitFor } from './slack-harness.ts';
import { slashCommand } from './slack-requests.ts';

/** The two workspaces of the fake Slack (teams "Kommune T0KOMMUNEA" and "Kommune T0KOMMUNEB"). */
export const A = 'T0KOMMUNEA';
export const B = 'T0KOMMUNEB';
/** The bot user of workspace A. */
export const BOT_A = 'U0BOTA';
/** The cookie Bolt's installer binds the OAuth state to the browser with. */
export const STATE_COOKIE = 'slack-app-oauth-state';
const STATE_SECRET = 'state-secret-for-tests-0123456789';

export interface OAuthBotOptions {
  /** More environment variables (e.g. SLACK_APP_TOKEN for Socket Mode). */
  env?: Record<string, string>;
  /** Start the scheduler, so the outbox sends by itself (default true). Without it, `drain` sends. */
  runScheduler?: boolean;
  /** Dispatcher options for the core (e.g. shorter back-offs). */
  dispatcher?: CoreOptions['dispatcher'];
}

export interface OAuthBot {
  fake: FakeSlack;
  core: Core;
  platforms: Platforms;
  url: string;
  /** What the bot prints at start-up (request URL, where to add a workspace, …). */
  describe: string[];
  /** A signed `/tovholder <text>` from a workspace; its HTTP status and the answer's text (if 200). */
  command(teamId: string, text: string): Promise<{ status: number; text: string }>;
  /** A signed `/tovholder <text>` from a workspace, which must be accepted; the answer's text. */
  answer(teamId: string, text: string): Promise<string>;
  /** Ticks the scheduler until no delivery is pending or being sent (for a bot without `runScheduler`). */
  drain(timeoutMs?: number): Promise<void>;
  /** Stops the scheduler (if it runs), closes the platforms, the core and the fake; removes the database. */
  close(): Promise<void>;
}

/** The bot with only the OAuth variables (no SLACK_BOT_TOKEN), as `npm start` builds it. */
export async function startOAuthBot(options: OAuthBotOptions = {}): Promise<OAuthBot> {
  const fake = await startFakeSlack({ teams: [teamWithStaff(A, 'xoxb-fake-kommune-a', BOT_A), teamWithStaff(B, 'xoxb-fake-kommune-b', 'U0BOTB')] });
  const dir = mkdtempSync(join(tmpdir(), 'tovholder-oauth-'));
  const config = readConfig({
    SLACK_CLIENT_ID: DEFAULT_FAKE_OAUTH_APP.clientId,
    SLACK_CLIENT_SECRET: DEFAULT_FAKE_OAUTH_APP.clientSecret,
    SLACK_STATE_SECRET: STATE_SECRET,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.url,
    TOVHOLDER_DB: join(dir, 'db.sqlite'),
    PORT: '0',
    ...options.env,
  });
  const logger = silentLogger();
  const platforms = await createPlatforms(config, { logger, clock: systemClock });
  const core = createCore({
    dbPath: config.TOVHOLDER_DB,
    clock: systemClock,
    logger,
    platforms: platforms.ports,
    workerId: 'test',
    paceRules: paceRulesFrom(config),
    dispatcher: options.dispatcher,
  });
  const { url, describe } = await platforms.listen(core);
  if (options.runScheduler ?? true) core.scheduler.start();
  // The app's Redirect URL, as the manifest would declare it.
  fake.oauth.redirectUrls = [`${url}${REDIRECT_PATH}`];
  const bot: OAuthBot = {
    fake,
    core,
    platforms,
    url,
    describe,
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
    drain: (timeoutMs = 20_000) => drainOutbox(core, timeoutMs, 50),
    async close() {
      core.scheduler.stop();
      await platforms.close();
      core.close();
      await fake.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return bot;
}

/**
 * What a browser does: /slack/install (302 to Slack's authorize page, with the state cookie), the
 * authorize page for `teamId` (302 back to the redirect URL), the redirect URL with the cookie.
 * Returns that last response (the thank-you page, or an error page).
 */
export async function installThroughSlack(bot: OAuthBot, teamId: string): Promise<Response> {
  const start = await fetch(`${bot.url}${INSTALL_PATH}`, { redirect: 'manual' });
  expect(start.status).toBe(302);
  const cookie = start.headers.getSetCookie().find((c) => c.startsWith(`${STATE_COOKIE}=`))!.split(';')[0]!;
  const authorize = new URL(start.headers.get('location')!);
  expect(authorize.origin + authorize.pathname).toBe(`${bot.fake.origin}/oauth/v2/authorize`);
  authorize.searchParams.set('team', teamId);
  const allowed = await fetch(authorize, { redirect: 'manual' });
  expect(allowed.status, await allowed.clone().text()).toBe(302);
  return fetch(allowed.headers.get('location')!, { headers: { cookie }, redirect: 'manual' });
}
