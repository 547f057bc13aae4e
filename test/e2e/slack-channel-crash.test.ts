/**
 * Channel creation survives kill -9 at the worst instant: `tovholder start` is killed while Slack has
 * already made the channel but not yet answered conversations.create (the fake holds the answer), 20
 * times, restarting each time. Afterwards every programme and partnership has exactly one channel and
 * the bot made no other: no "-2" beside a channel nobody recorded.
 *
 * A life costs about 9 s on a loaded two-core machine (the start screen after ~3.5 s, the outbox
 * thread's first call ~5 s later), so the test takes about three minutes there.
 *
 * Each restart starts the bot's clock half an hour further on (`--now`), past the killed process's
 * outbox lease (two minutes) and the waits its pacing planned, and the fake's clock moves with it, so
 * a channel's `created` and the outbox's attempt times agree as they would in production.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import '../fakes/slack/conversations-list.ts';
import { startFakeSlack, type FakeSlack } from '../fakes/slack/index.ts';
import { createCore } from '../../src/app.ts';
import { OffsetClock } from '../../src/clock.ts';
import { silentLogger } from '../../src/logger.ts';
import { CONSULTANT, SIGNING_SECRET, TEAM, teamWithStaff, waitFor } from '../support/slack-harness.ts';
import { startBotProcess, type RunningBot, type SlackProcessEnv } from '../support/slack-process.ts';

const KILLS = 20;
/** Past the killed life's outbox lease (2 minutes) and past every paced wait it planned (2 per minute). */
const ROUND_MS = 30 * 60_000;
/** Two slug-alike names among them: "Åen" and "Aaen" both want #…-aaen. */
const PARTNERSHIPS = ['Åen', 'Aaen', ...Array.from({ length: 38 }, (_, i) => `Partnerskab ${i + 1}`)];
const GROUPS = 1 + PARTNERSHIPS.length;
/**
 * At most two channel creations (or adoptions) per process and minute: one for the channel the last
 * life left behind, one for a new one, so each life gets to a conversations.create before it dies.
 */
const TWO_PER_MINUTE = JSON.stringify([{ platform: 'slack', op: 'create_channel', scope: 'workspace', windows: [{ count: 2, perMs: 60_000 }] }]);
const LOOSE = JSON.stringify([{ platform: 'slack', op: 'create_channel', scope: 'workspace', windows: [{ count: 1_000, perMs: 60_000 }] }]);

let fake: FakeSlack;
let dir: string;
let env: SlackProcessEnv;
let offsetMs = 0;
let bot: RunningBot | null = null;

function query<T>(sql: string): T[] {
  const db = new Database(env.TOVHOLDER_DB, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

/** The programme and its partnerships, set up before the bot ever runs: every channel is still to be made. */
function seed(): void {
  const clock = new OffsetClock();
  const core = createCore({ dbPath: env.TOVHOLDER_DB, clock, logger: silentLogger(), platforms: [] });
  const { programme } = core.programmes.createProgramme({
    platform: 'slack',
    workspaceId: TEAM,
    name: 'Kanaler efter nedbrud',
    templateId: core.templates.list()[0]!.id,
    startDate: '2027-09-06',
    timezone: 'Europe/Copenhagen',
    locale: 'da',
    consultant: { userRef: CONSULTANT, displayName: 'Karen' },
  });
  for (const name of PARTNERSHIPS) core.programmes.addPartnership(programme, { name, culturalInstitution: 'Museet', daycare: 'Børnehuset', members: [] });
  core.close();
}

async function startAt(offset: number, paceRules: string): Promise<RunningBot> {
  offsetMs = offset;
  return startBotProcess({ ...env, TOVHOLDER_PACE_RULES: paceRules }, ['--now', new Date(Date.now() + offset).toISOString()]);
}

const held = () => fake.calls.filter((c) => c.method === 'conversations.create' && c.injected === 'held').length;
const createdByBot = () => fake.channels(TEAM).filter((c) => c.creator === fake.state.team(TEAM).botUserId);

beforeAll(async () => {
  fake = await startFakeSlack({ teams: [teamWithStaff()], postBurst: 50, now: () => Date.now() + offsetMs, limits: Object.fromEntries(['create', 'list', 'setPurpose', 'setTopic', 'invite'].map((m) => [`conversations.${m}`, 1_000])) });
  dir = mkdtempSync(join(tmpdir(), 'tovholder-channel-crash-'));
  env = { TOVHOLDER_DB: join(dir, 'tovholder.db'), SLACK_BOT_TOKEN: fake.state.team(TEAM).botToken, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.url };
  seed();
});

afterAll(async () => {
  await bot?.kill();
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Channel creations the outbox has recorded as done. */
const recordedCreations = () => query<{ n: number }>(`SELECT COUNT(*) AS n FROM deliveries WHERE payload LIKE '{"op":"create_channel"%' AND status = 'sent'`)[0]!.n;

it(`kill -9 inside conversations.create ${KILLS} times: exactly one channel per group, no orphan`, async () => {
  let kills = 0;
  for (let round = 0; kills < KILLS; round += 1) {
    expect(round, 'rounds needed for the kills').toBeLessThan(3 * KILLS);
    const [heldBefore, doneBefore] = [held(), recordedCreations()];
    // The first create of this life is made by Slack and then left unanswered (a second may pass).
    fake.clearFailures();
    fake.failNext('conversations.create', { acceptThenHold: true });
    bot = await startAt(round * ROUND_MS, TWO_PER_MINUTE);
    // Killed inside conversations.create; or, in a life that spends both of its creations adopting
    // channels the last one left, once it has.
    await waitFor(() => held() > heldBefore || recordedCreations() >= doneBefore + 2, 30_000, `round ${round + 1} to create or adopt`);
    if (held() > heldBefore) {
      kills += 1;
      // Let the life's other creation get recorded first, if it is about to: then the next life has one
      // channel to adopt and one slot left for a new conversations.create. (Only saves rounds.)
      await waitFor(() => recordedCreations() > doneBefore, 1_500).catch(() => {});
    }
    await bot.kill();
    bot = null;
  }

  fake.clearFailures();
  bot = await startAt((3 * KILLS + 1) * ROUND_MS, LOOSE);
  await waitFor(() => recordedCreations() === GROUPS, 60_000, `all ${GROUPS} channels recorded`);
  await bot.stop();
  bot = null;

  const recorded = query<{ channel_ref: string | null }>(`SELECT channel_ref FROM programmes UNION ALL SELECT channel_ref FROM partnerships`).map((r) => r.channel_ref);
  expect(recorded.filter((ref) => ref === null)).toEqual([]);
  expect(new Set(recorded).size).toBe(GROUPS);
  const made = createdByBot();
  // Exactly one channel per group, and every channel the bot made is one of them.
  expect(made.map((c) => c.id).sort()).toEqual([...recorded].sort());
  expect(made.filter((c) => !c.purpose.value)).toEqual([]);
}, 480_000);
