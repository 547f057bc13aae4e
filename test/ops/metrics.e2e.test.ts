/**
 * /metrics of a running `tovholder start` (child process, outbox on its own thread) against the fake
 * Slack, parsed as Prometheus parses it: the delivery counters equal what the fake Slack answered,
 * 429s included, and move by exactly what a second step sends.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '../fakes/slack/conversations-list.ts';
import { startFakeSlack, type FakeSlack } from '../fakes/slack/index.ts';
import { CONSULTANT, SIGNING_SECRET, TEAM, teamWithStaff, waitFor } from '../support/slack-harness.ts';
import { startBotProcess, type RunningBot, type SlackProcessEnv } from '../support/slack-process.ts';
import { slashCommand } from '../support/slack-requests.ts';
import { scrape, type Scraped } from './scrape.ts';

const TOKEN = 'metrics-token-0123456789abcdef';
let fake: FakeSlack;
let dir: string;
let env: SlackProcessEnv;
let bot: RunningBot | null = null;
let base: string;

beforeAll(async () => {
  // One post per channel at a time: posting as fast as the outbox's loosened pacing allows earns 429s.
  fake = await startFakeSlack({ teams: [teamWithStaff()], postBurst: 1 });
  dir = mkdtempSync(join(tmpdir(), 'tovholder-metrics-'));
  env = {
    TOVHOLDER_DB: join(dir, 'tovholder.db'),
    SLACK_BOT_TOKEN: fake.state.team(TEAM).botToken,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.url,
    TOVHOLDER_METRICS_TOKEN: TOKEN,
    TOVHOLDER_PACE_RULES: JSON.stringify([{ platform: 'slack', op: 'post', scope: 'target', windows: [{ count: 50, perMs: 1_000 }] }]),
  };
  bot = await startBotProcess(env, ['--now', '2026-10-01T08:00:00Z']);
  base = bot.eventsUrl.replace(/\/slack\/events$/, '');
});

afterAll(async () => {
  await bot?.stop();
  await fake?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function command(text: string): Promise<void> {
  const responseUrl = fake.newResponseUrl(TEAM);
  const response = await slashCommand({ url: bot!.eventsUrl, signingSecret: SIGNING_SECRET, command: '/tovholder', text, teamId: TEAM, userId: CONSULTANT, channelId: 'D0KAREN', responseUrl, triggerId: fake.newTriggerId() });
  expect(response.status).toBe(200);
  await waitFor(() => fake.responses(responseUrl).length > 0, 10_000, `an answer to "${text}"`);
}

function unsent(): number {
  const db = new Database(env.TOVHOLDER_DB, { readonly: true, fileMustExist: true });
  try {
    return db.prepare("SELECT COUNT(*) FROM deliveries WHERE status IN ('pending', 'sending')").pluck().get() as number;
  } finally {
    db.close();
  }
}

/** What the fake Slack answered, per outbox operation: successful calls, and 429s. */
function slackAnswers(): { post: number; create_channel: number; invite: number; rateLimited: number } {
  const ok = (method: string) => fake.calls.filter((c) => c.method === method && c.status === 200 && !c.error).length;
  return { post: ok('chat.postMessage'), create_channel: ok('conversations.create'), invite: ok('conversations.invite'), rateLimited: fake.calls.filter((c) => c.status === 429).length };
}

function counted(metrics: Scraped): ReturnType<typeof slackAnswers> {
  const sent = (op: string) => metrics.sum('tovholder_deliveries_total', { platform: 'slack', op, outcome: 'sent' });
  return { post: sent('post'), create_channel: sent('create_channel'), invite: sent('invite'), rateLimited: metrics.sum('tovholder_deliveries_total', { outcome: 'rate_limited' }) };
}

describe('/metrics of a running bot', () => {
  it('refuses a scrape without the bearer token', async () => {
    expect((await fetch(`${base}/metrics`)).status).toBe(401);
    expect((await fetch(`${base}/metrics`, { headers: { authorization: 'Bearer wrong-token-0123456789abcd' } })).status).toBe(401);
    const metrics = await scrape(base, TOKEN);
    expect(metrics.contentType).toContain('text/plain; version=0.0.4');
    expect(metrics.sum('tovholder_deliveries_total')).toBe(0);
  });

  it('counts every delivery the fake Slack answered, 429s included, and moves by exactly what a second step sends', async () => {
    // Three 429s with Retry-After on top of those the per-channel limit gives.
    fake.failNext('chat.postMessage', { status: 429, retryAfter: 1, times: 3 });
    await command('opret "Målinger 2027" 2027-01-04');
    await command('partnerskab "Havet" "Nordsøen Oceanarium" "Børnehaven Bjørnen" <@U0K1>=kultur <@U0D1A>=dagtilbud <@U0D1B>=dagtilbud');
    await waitFor(() => unsent() === 0, 60_000, 'the set-up to reach Slack');
    const first = await scrape(base, TOKEN);
    const answeredFirst = slackAnswers();
    expect(answeredFirst.rateLimited).toBeGreaterThanOrEqual(3);
    expect(answeredFirst.post).toBeGreaterThan(0);
    expect(counted(first)).toEqual(answeredFirst);
    expect(first.sum('tovholder_outbox_backlog')).toBe(0);
    expect(first.sum('tovholder_outbox_oldest_due_age_seconds')).toBe(0);

    await command('medlem "Havet" <@U0K2>=kultur');
    await waitFor(() => unsent() === 0, 60_000, 'the new member to reach Slack');
    const second = await scrape(base, TOKEN);
    const answeredSecond = slackAnswers();
    const delta = (a: ReturnType<typeof slackAnswers>, b: ReturnType<typeof slackAnswers>) => Object.fromEntries(Object.entries(b).map(([k, v]) => [k, v - a[k as keyof typeof a]]));
    // Invited to the partnership's channel and the programme's shared one, and welcomed.
    expect(delta(answeredFirst, answeredSecond)).toMatchObject({ invite: 2, create_channel: 0 });
    expect(delta(answeredFirst, answeredSecond).post).toBeGreaterThan(0);
    expect(delta(counted(first), counted(second))).toEqual(delta(answeredFirst, answeredSecond));
  });

  it('counts commands by name and outcome, and shows ticks, memory and event-loop lag', async () => {
    await command('opret "Forkert" 2027-02-31');
    const metrics = await scrape(base, TOKEN);
    expect(metrics.sum('tovholder_commands_total', { command: 'opret', outcome: 'ok' })).toBe(1);
    expect(metrics.sum('tovholder_commands_total', { command: 'opret', outcome: 'refused' })).toBe(1);
    expect(metrics.sum('tovholder_commands_total', { command: 'partnerskab', outcome: 'ok' })).toBe(1);
    expect(metrics.sum('tovholder_commands_total', { command: 'medlem', outcome: 'ok' })).toBe(1);
    const ticks = metrics.family('tovholder_tick_duration_seconds');
    expect(ticks.type).toBe('HISTOGRAM');
    expect(Number(ticks.metrics[0]!.count)).toBeGreaterThan(0);
    expect(Number(ticks.metrics[0]!.buckets!['+Inf'])).toBe(Number(ticks.metrics[0]!.count));
    expect(metrics.sum('tovholder_scheduler_last_tick_timestamp_seconds')).toBeGreaterThan(0);
    expect(metrics.sum('process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(metrics.family('nodejs_eventloop_lag_seconds').type).toBe('GAUGE');
  });
});
