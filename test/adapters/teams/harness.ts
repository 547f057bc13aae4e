/**
 * The real Teams adapter (CloudAdapter, auth ON) on the bot's real HTTP server, wired to a core on a
 * manual clock, against the fake Teams services. Built through createPlatforms, as `npm start` does.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPlatforms, type Platforms } from '../../../adapters/index.ts';
import { createCore, type Core } from '../../../src/app.ts';
import { ManualClock, type Clock } from '../../../src/clock.ts';
import { readConfig } from '../../../src/config.ts';
import { silentLogger } from '../../../src/logger.ts';
import { startFakeTeams, type FakeTeams, type Json } from '../../fakes/teams/index.ts';

export interface TeamsWorld {
  fake: FakeTeams;
  core: Core;
  clock: ManualClock;
  /** The clock the core runs on: the manual one unless a real one was asked for. */
  coreClock: Clock;
  platforms: Platforms;
  botUrl: string;
  dbPath: string;
  env: Record<string, string>;
  /** POSTs a signed activity to the bot and returns the HTTP status. */
  send(activity: Json, options?: { token?: string | null }): Promise<number>;
  /** Runs scheduler passes (moving the clock a little) until nothing is left to send now. */
  drain(): Promise<void>;
  close(): Promise<void>;
}

export interface WorldOptions {
  now?: string;
  /** Run the core on this clock instead (e.g. the system clock, for pacing in real time). */
  clock?: Clock;
  dbPath?: string;
  fake?: FakeTeams;
  /** Changes to the environment (undefined removes a variable). */
  env?: Record<string, string | undefined>;
}

/** The environment that points the bot at the fake (also for child processes). */
export function teamsEnv(fake: FakeTeams, appPassword: string, dbPath: string): Record<string, string> {
  return {
    TOVHOLDER_DB: dbPath,
    TOVHOLDER_LOCAL_WORKSPACE: 'off',
    PORT: '0',
    LOG_LEVEL: 'silent',
    MICROSOFT_APP_ID: fake.appId,
    MICROSOFT_APP_PASSWORD: appPassword,
    MICROSOFT_APP_TENANT_ID: fake.tenantId,
    MICROSOFT_APP_TYPE: 'SingleTenant',
    TEAMS_OPENID_METADATA_URL: fake.openIdMetadataUrl,
    TEAMS_LOGIN_URL: fake.url,
    GRAPH_API_URL: fake.graphUrl,
  };
}

export const APP_PASSWORD = 'fake-secret~1';

export async function startFake(): Promise<FakeTeams> {
  return startFakeTeams({ appId: randomUUID(), appPassword: APP_PASSWORD, tenantId: randomUUID() });
}

export function tempDbPath(): string {
  return join(mkdtempSync(join(tmpdir(), 'tovholder-teams-')), 'bot.db');
}

export async function teamsWorld(options: WorldOptions = {}): Promise<TeamsWorld> {
  const fake = options.fake ?? (await startFake());
  const dbPath = options.dbPath ?? ':memory:';
  const env = Object.fromEntries(
    Object.entries({ ...teamsEnv(fake, APP_PASSWORD, dbPath), ...options.env }).filter((e): e is [string, string] => e[1] !== undefined),
  );
  const config = readConfig(env);
  const clock = new ManualClock(options.now ?? '2026-12-01T09:00:00Z');
  const coreClock = options.clock ?? clock;
  const logger = silentLogger();
  const platforms = await createPlatforms(config, { logger, clock: coreClock });
  const core = createCore({
    dbPath,
    clock: coreClock,
    logger,
    platforms: platforms.ports,
    workerId: 'teams-test',
    dispatcher: { backoffMs: 1_000, maxBackoffMs: 8_000, notReadyDelayMs: 200 },
  });
  // The fake's rate limiter counts real milliseconds; on a manual clock the outbox's pacing and
  // Retry-After waits take no real time, so only real-clock worlds keep Teams' limits on.
  if (!options.clock) fake.setRateLimits([]);
  // Graph's createdDateTime on what the bot posted is on the bot's clock, as Teams' and ours agree.
  fake.state.now = () => coreClock.now().getTime();
  const { url } = await platforms.listen(core);
  const botUrl = `${url}/api/messages`;
  return {
    fake,
    core,
    clock,
    coreClock,
    platforms,
    botUrl,
    dbPath,
    env,
    send: async (activity, sendOptions) => (await fake.sendActivity(botUrl, activity, sendOptions)).status,
    async drain() {
      for (let i = 0; i < 200; i += 1) {
        await core.scheduler.tick();
        const next = core.repos.deliveries.nextDueAt();
        if (!next || new Date(next).getTime() - clock.now().getTime() > 60_000) return;
        clock.set(new Date(Math.max(clock.now().getTime() + 50, new Date(next).getTime())));
      }
      throw new Error('the outbox did not drain');
    },
    async close() {
      await platforms.close();
      core.close();
      if (!options.fake) await fake.close();
    },
  };
}
