/**
 * Several Slack workspaces on one installation, through Slack's OAuth v2 flow with Bolt's installer:
 * /slack/install → Slack's authorize page (the fake's) → /slack/oauth_redirect with code and state →
 * oauth.v2.access → the workspace's bot token in slack_installations → Bolt authorizes each request
 * per team from there. Also: a forged state is refused, and authorize never holds up an ack past 3 s.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BOT_SCOPES, INSTALL_PATH, REDIRECT_PATH } from '../../../adapters/slack/bolt-app.ts';
import { DEFAULT_FAKE_APP_TOKEN, DEFAULT_FAKE_OAUTH_APP } from '../../fakes/slack/index.ts';
import { answerText, CONSULTANT, startSlackBot, waitFor, type SlackBot } from '../../support/slack-harness.ts';
import { A, B, installThroughSlack, startOAuthBot, STATE_COOKIE, type OAuthBot } from '../../support/slack-oauth.ts';

/** The workspaces installed, from slack_installations. */
function installed(bot: OAuthBot): { team_id: string; bot_token: string; team_name: string | null }[] {
  return bot.core.db.prepare('SELECT team_id, bot_token, team_name FROM slack_installations ORDER BY team_id').all() as never;
}

describe('Slack adapter: installing in several workspaces through /slack/install', () => {
  let bot: OAuthBot;
  beforeAll(async () => {
    bot = await startOAuthBot();
  });
  afterAll(async () => bot?.close());

  it('starts without SLACK_BOT_TOKEN and shows where to add a workspace', () => {
    expect(bot.describe.join('\n')).toContain(`request URL ${bot.url}/slack/events`);
    expect(bot.describe.join('\n')).toContain(`add a workspace: ${bot.url}${INSTALL_PATH}`);
    expect(installed(bot)).toEqual([]);
  });

  it('installs workspace A: state cookie, Slack\'s consent page for the manifest\'s scopes, oauth.v2.access, a thank-you page', async () => {
    const done = await installThroughSlack(bot, A);
    const page = await done.text();
    expect(done.status).toBe(200);
    expect(page).toContain('Tovholder er nu installeret');
    expect(page).toContain('Kommune T0KOMMUNEA');
    const asked = bot.fake.calls.find((c) => c.method === '(oauth authorize)')!;
    expect(String(asked.params.scope).split(',')).toEqual(BOT_SCOPES);
    expect(asked.params.client_id).toBe(DEFAULT_FAKE_OAUTH_APP.clientId);
    expect(bot.fake.callsTo('oauth.v2.access')).toHaveLength(1);
    expect(installed(bot)).toEqual([{ team_id: A, bot_token: 'xoxb-fake-kommune-a', team_name: 'Kommune T0KOMMUNEA' }]);
  });

  it('keeps A and B apart: B lists nothing of A\'s programme, A\'s status does not see B\'s', async () => {
    expect(await bot.answer(A, 'opret "Kommune A 2027" 2027-01-04')).toContain('Kommune A 2027');
    // B is not installed yet: refused before any listener runs.
    expect((await bot.command(B, 'hjælp')).status).toBe(401);

    expect((await installThroughSlack(bot, B)).status).toBe(200);
    expect(installed(bot).map((row) => [row.team_id, row.bot_token])).toEqual([
      [A, 'xoxb-fake-kommune-a'],
      [B, 'xoxb-fake-kommune-b'],
    ]);

    const listed = await bot.answer(B, 'forløb');
    expect(listed).toMatch(/Der er (ingen|intet) forløb/);
    expect(listed).not.toContain('Kommune A');
    expect(await bot.answer(B, 'status')).not.toContain('Kommune A');
    expect(await bot.answer(B, 'opret "Kommune B 2027" 2027-01-04')).toContain('Kommune B 2027');

    const status = await bot.answer(A, 'status');
    expect(status).toContain('Kommune A 2027');
    expect(status).not.toContain('Kommune B');
    expect(await bot.answer(A, 'forløb')).not.toContain('Kommune B');

    // Each workspace's channels were made with its own token, in its own workspace.
    await waitFor(() => bot.fake.channels(A).length > 0 && bot.fake.channels(B).length > 0, 10_000, 'both programme channels');
    expect(bot.fake.channels(A).map((c) => c.name)).toEqual(['kommune-a-2027']);
    expect(bot.fake.channels(B).map((c) => c.name)).toEqual(['kommune-b-2027']);
    expect(bot.fake.callsTo('conversations.create', A)).toHaveLength(1);
    expect(bot.fake.callsTo('conversations.create', B)).toHaveLength(1);
  });

  it('refuses a forged state with a clear page, and installs nothing', async () => {
    const before = installed(bot);
    const exchanges = bot.fake.callsTo('oauth.v2.access').length;
    const code = bot.fake.oauth.issueCode(B);
    const forged = await fetch(`${bot.url}${REDIRECT_PATH}?code=${encodeURIComponent(code)}&state=forged.state.value`, { headers: { cookie: `${STATE_COOKIE}=forged.state.value` } });
    const page = await forged.text();
    expect(forged.status).toBe(400);
    expect(forged.headers.get('content-type')).toContain('text/html');
    expect(page).toContain('Installationslinket er ugyldigt eller udløbet');
    expect(page).toContain('The install link is not valid');
    expect(page).toContain(INSTALL_PATH);
    expect(page).not.toMatch(/\bat .+\.(ts|js):\d+/);

    // A genuine state, but from another browser (no state cookie): refused the same way.
    const start = await fetch(`${bot.url}${INSTALL_PATH}`, { redirect: 'manual' });
    const state = new URL(start.headers.get('location')!).searchParams.get('state')!;
    const elsewhere = await fetch(`${bot.url}${REDIRECT_PATH}?code=${encodeURIComponent(bot.fake.oauth.issueCode(B))}&state=${encodeURIComponent(state)}`);
    expect(elsewhere.status).toBe(400);
    expect(await elsewhere.text()).toContain('Installationslinket er ugyldigt');

    expect(bot.fake.callsTo('oauth.v2.access')).toHaveLength(exchanges);
    expect(installed(bot)).toEqual(before);
  });

  it('says so when the admin cancels on Slack\'s page, or Slack refuses the code', async () => {
    const cancelled = await fetch(`${bot.url}${REDIRECT_PATH}?error=access_denied&state=x`);
    expect(cancelled.status).toBe(400);
    expect(await cancelled.text()).toContain('Installationen blev afbrudt');

    const start = await fetch(`${bot.url}${INSTALL_PATH}`, { redirect: 'manual' });
    const cookie = start.headers.getSetCookie()[0]!.split(';')[0]!;
    const state = new URL(start.headers.get('location')!).searchParams.get('state')!;
    const reused = await fetch(`${bot.url}${REDIRECT_PATH}?code=not-a-code&state=${encodeURIComponent(state)}`, { headers: { cookie } });
    expect(reused.status).toBe(502);
    expect(await reused.text()).toContain('Slack afviste installationen (invalid_code)');
  });
});

describe('Slack adapter: installing in Socket Mode', () => {
  let bot: OAuthBot;
  beforeAll(async () => {
    bot = await startOAuthBot({ env: { SLACK_APP_TOKEN: DEFAULT_FAKE_APP_TOKEN } });
  });
  afterAll(async () => bot?.close());

  it('serves /slack/install on the bot\'s server (not a second one) and answers the installed workspace over the socket', async () => {
    expect(bot.describe.join('\n')).toMatch(/connected in Socket Mode[\s\S]*add a workspace: http:\/\/127\.0\.0\.1:\d+\/slack\/install/);
    expect((await fetch(`${bot.url}/slack/events`, { method: 'POST' })).status).toBe(404);
    expect((await installThroughSlack(bot, B)).status).toBe(200);
    const responseUrl = bot.fake.newResponseUrl(B);
    const envelope = bot.fake.socket.slashCommand({ teamId: B, userId: CONSULTANT, channelId: 'D0KAREN', text: 'opret "Socket B 2027" 2027-01-04', responseUrl, triggerId: bot.fake.newTriggerId() });
    await bot.fake.socket.waitForAck(envelope, 3_000);
    await waitFor(() => bot.fake.responses(responseUrl).length > 0, 5_000, 'the answer');
    expect(answerText(bot.fake.responses(responseUrl)[0]!.body)).toContain('Socket B 2027');
    await waitFor(() => bot.fake.channels(B).length > 0, 10_000, 'the channel in B');
    expect(bot.fake.callsTo('conversations.create', A)).toHaveLength(0);
  });
});

describe('Slack adapter: authorize does not hold up the ack', () => {
  let bot: SlackBot | null = null;
  afterEach(async () => {
    await bot?.close();
    bot = null;
  });

  it('a slow auth.test for SLACK_BOT_TOKEN answers the request within 3 s, and the check finishes in the background', async () => {
    bot = await startSlackBot({
      beforeAttach: (fake) => {
        fake.failNext('auth.test', { status: 503 }); // at start-up
        fake.failNext('auth.test', { delayMs: 4_000 }); // on the first request
      },
    });
    await new Promise((resolve) => setTimeout(resolve, 2_100)); // past the seeding back-off
    const started = performance.now();
    const sent = await bot.command('hjælp');
    const tookMs = performance.now() - started;
    // Refused after the 1.5 s cap (Slack shows the user its usual "try again"), not after 4 s or more.
    expect(tookMs).toBeGreaterThan(1_000);
    expect(tookMs).toBeLessThan(3_000);
    expect(sent.status).toBe(401);
    await waitFor(() => !!bot!.adapter.installations().get('T0TOVHOLD'), 6_000, 'the installation from the late auth.test');
    const again = await bot.command('hjælp');
    expect(again.status).toBe(200);
    await waitFor(() => bot!.answers(again.responseUrl).length > 0, 5_000, 'the answer');
  }, 30_000);
});

describe('the install flow\'s scopes', () => {
  it('are the bot scopes of both Slack manifests', () => {
    for (const file of ['manifest.yaml', 'manifest.socket-mode.yaml']) {
      const manifest = parse(readFileSync(new URL(`../../../manifests/slack/${file}`, import.meta.url), 'utf8')) as { oauth_config: { scopes: { bot: string[] } } };
      expect([...BOT_SCOPES].sort(), file).toEqual([...manifest.oauth_config.scopes.bot].sort());
    }
  });
});
