/**
 * `tovholder tick --now … --until …` (issue #12.13): the waits between retries — back-offs after
 * failures (30, 60, 120 s) and a 429's Retry-After — pass in simulated time, so a play-through with
 * faults takes seconds, not the minutes they add up to; and stdout carries only the one JSON line per
 * pass, the log going to stderr.
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../../src/app.ts';
import { ManualClock } from '../../src/clock.ts';
import { silentLogger } from '../../src/logger.ts';
import type { FakeSlack } from '../fakes/slack/index.ts';
import { TEAM } from '../support/slack-harness.ts';
import { runTickRaw, slackProcessWorld, type SlackProcessEnv } from '../support/slack-process.ts';

const DUE = '2027-03-01T08:00:00.000Z';
/** Three failures (back-offs 30, 60 and 120 s), then a 429 with Retry-After 45 s, then success. */
const SIMULATED_WAIT_MS = (30 + 60 + 120 + 45) * 1000;

let fake: FakeSlack;
let cleanup: () => Promise<void>;
let env: SlackProcessEnv;
let channel: string;

beforeAll(async () => {
  ({ fake, env, cleanup } = await slackProcessWorld('tick-until', { LOG_LEVEL: 'info' }));
  channel = fake.createChannel(TEAM, { name: 'havet', members: [fake.state.team(TEAM).botUserId] }).id;
  // One reminder post, due at DUE, queued as the scheduler would have.
  const core = createCore({ dbPath: env.TOVHOLDER_DB, clock: new ManualClock(DUE), logger: silentLogger(), platforms: [], workerId: 'set-up' });
  core.repos.deliveries.enqueue({ idempotencyKey: 'reminder:tick-until', platform: 'slack', workspaceId: TEAM, programmeId: null, target: { type: 'channel', channelRef: channel }, payload: { op: 'post', message: { text: 'Påmindelse: Nysgerrighed i dag', blocks: [] } } }, new Date(DUE));
  core.close();
});

afterAll(async () => cleanup?.());

describe('tick --now --until with faults', () => {
  it('waits out back-offs and Retry-After in simulated time, posts once, and keeps stdout to the pass lines', async () => {
    fake.failNext('chat.postMessage', { status: 500, times: 3 });
    fake.failNext('chat.postMessage', { status: 429, retryAfter: 45 });
    const run = await runTickRaw(env, ['--now', DUE, '--until', '2027-03-01T10:00:00Z', '--step', 'PT1H']);
    expect(run.code, run.stderr).toBe(0);

    const posts = fake.calls.filter((c) => c.method === 'chat.postMessage');
    expect(posts.map((c) => c.status)).toEqual([500, 500, 500, 429, 200]);
    expect(fake.messages(TEAM, channel).filter((m) => m.text.includes('Nysgerrighed'))).toHaveLength(1);
    const db = new Database(env.TOVHOLDER_DB, { readonly: true });
    const delivery = db.prepare("SELECT status, finished_at FROM deliveries WHERE idempotency_key = 'reminder:tick-until'").get() as { status: string; finished_at: string };
    db.close();
    expect(delivery.status).toBe('sent');
    // Sent when the back-offs and the Retry-After had passed on the simulated clock...
    const waited = Date.parse(delivery.finished_at) - Date.parse(DUE);
    expect(waited).toBeGreaterThanOrEqual(SIMULATED_WAIT_MS);
    expect(waited).toBeLessThan(SIMULATED_WAIT_MS + 10_000);
    // ...without waiting them out in real time (they add up to 4 min 15 s; before, the run slept them).
    expect(run.realMs).toBeLessThan(30_000);

    // stdout: nothing but one JSON line per busy pass; the retries are logged on stderr.
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(5);
    for (const line of lines) expect(Object.keys(JSON.parse(line) as object)[0], line).toBe('now');
    expect(run.stderr).toMatch(/transient failure; retrying later/);
    expect(run.stderr).toMatch(/rate limited; waiting as the platform asked/);
  }, 120_000);
});
