/**
 * A workspace removes Tovholder: Slack revokes the bot token and sends `app_uninstalled` and
 * `tokens_revoked`. The installation is marked removed, Bolt refuses the workspace's requests, its
 * pending deliveries fail with the reason and without another call with the dead token, and the
 * other workspaces go on. The same when a send is answered token_revoked / account_inactive /
 * invalid_auth before (or without) the event: one attempt, then a permanent failure, not retries.
 *
 * Real Bolt over HTTP (OAuth installs as in install.test.ts) against the fake Slack.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../../src/app.ts';
import { plainMessage } from '../../../src/messages/model.ts';
import type { Delivery } from '../../../src/outbox/types.ts';
import type { RecordedCall } from '../../fakes/slack/types.ts';
import { CONSULTANT, SIGNING_SECRET, startSlackBot, TEAM, teamWithStaff, waitFor, type SlackBot } from '../../support/slack-harness.ts';
import { eventCallback } from '../../support/slack-requests.ts';
import { A, B, BOT_A, installThroughSlack, startOAuthBot, type OAuthBot } from '../../support/slack-oauth.ts';

/**
 * The OAuth bot without the scheduler: the test sends with `drain`, so deliveries stay pending until
 * it says so. A faster dispatcher than the default.
 */
function startBot(): Promise<OAuthBot> {
  return startOAuthBot({ runScheduler: false, dispatcher: { backoffMs: 200, maxBackoffMs: 2_000, notReadyDelayMs: 50 } });
}

/** Installs `teamId` through Slack's OAuth flow, to the thank-you page. */
async function install(bot: OAuthBot, teamId: string): Promise<void> {
  const done = await installThroughSlack(bot, teamId);
  expect(done.status, await done.text()).toBe(200);
}

/** A signed event callback from a workspace (to A's bot user); the HTTP status. */
async function event(bot: OAuthBot, teamId: string, eventId: string, payload: Record<string, unknown>, retryNum?: number): Promise<number> {
  const sent = await eventCallback({ url: `${bot.url}/slack/events`, signingSecret: SIGNING_SECRET, teamId, eventId, event: payload, botUserId: BOT_A, ...(retryNum === undefined ? {} : { retryNum }) });
  await sent.arrayBuffer();
  return sent.status;
}

interface Row {
  team_id: string;
  bot_token: string;
  revoked_at: string | null;
  revoked_reason: string | null;
}

/** The workspace's row in slack_installations. */
function row(bot: OAuthBot, teamId: string): Row | undefined {
  return bot.core.db.prepare('SELECT team_id, bot_token, revoked_at, revoked_reason FROM slack_installations WHERE team_id = ?').get(teamId) as Row | undefined;
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
    bot = await startBot();
    await install(bot, A);
    await install(bot, B);

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
    expect(await event(bot, A, 'Ev0UNINSTALL', { type: 'app_uninstalled', event_ts: `${Date.now() / 1000}` })).toBe(200);
    expect(await event(bot, A, 'Ev0REVOKED', { type: 'tokens_revoked', tokens: { oauth: [], bot: [BOT_A] }, event_ts: `${Date.now() / 1000}` })).toBe(200);
    await waitFor(() => !!row(bot!, A)?.revoked_at, 5_000, 'the installation of A marked removed');
    // The first event's reason stays (the second one found nothing left to end); the row is kept.
    expect(row(bot, A)).toMatchObject({ bot_token: revoked, revoked_reason: 'app_uninstalled' });
    // A redelivery changes nothing.
    expect(await event(bot, A, 'Ev0UNINSTALL', { type: 'app_uninstalled' }, 1)).toBe(200);
    expect(row(bot, A)?.revoked_reason).toBe('app_uninstalled');
    expect(row(bot, B)?.revoked_at).toBeNull();

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
    await install(bot, A);
    expect(row(bot, A)).toMatchObject({ bot_token: 'xoxb-fake-kommune-a-r1', revoked_at: null, revoked_reason: null });
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
