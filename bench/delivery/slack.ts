/**
 * Slack: the real Slack adapter (its WebClient, rate-limit mapping and all) and the core with the
 * production pace rules, against the local Slack stand-in with its default limits: chat.postMessage
 * per channel and per workspace (test/fakes/slack/rate-limit.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSlackPlatform } from '../../adapters/slack/index.ts';
import { createCore } from '../../src/app.ts';
import { systemClock } from '../../src/clock.ts';
import { paceRulesFrom, readConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/logger.ts';
import { startFakeSlack } from '../../test/fakes/slack/index.ts';
import { SLACK_POST_PER_WORKSPACE_PER_SECOND, SLACK_POST_WORKSPACE_BURST } from '../../test/fakes/slack/rate-limit.ts';
import { SIGNING_SECRET, TEAM, teamWithStaff } from '../../test/support/slack-harness.ts';
import { idealSlackMs } from './ideal.ts';
import { deliveryRun, type RunResult } from './run.ts';

/** `posts` reminders due at once, one to each of `posts` channels of one workspace. */
export async function slackChannels(posts: number): Promise<RunResult> {
  const fake = await startFakeSlack({ teams: [teamWithStaff()] });
  const dir = mkdtempSync(join(tmpdir(), 'tovholder-bench-delivery-'));
  const team = fake.state.team(TEAM);
  const config = readConfig({ SLACK_BOT_TOKEN: team.botToken, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.url, TOVHOLDER_DB: join(dir, 'db.sqlite') });
  const logger = silentLogger();
  const adapter = createSlackPlatform(config, { logger, clock: systemClock });
  const core = createCore({ dbPath: config.TOVHOLDER_DB, clock: systemClock, logger, platforms: [adapter.port], workerId: 'bench', paceRules: paceRulesFrom(config), backgroundCheckpoints: true });
  try {
    await adapter.attach(core);
    const channels = Array.from({ length: posts }, (_, i) => fake.createChannel(TEAM, { name: `partnerskab-${i + 1}`, members: [team.botUserId] }).id);
    core.scheduler.start();
    return await deliveryRun({
      core,
      platform: 'slack',
      workspaceId: TEAM,
      targetOf: (i) => channels[i]!,
      posts,
      label: `Slack: ${posts} channels of one workspace`,
      accepted: (since) => fake.calls.filter((c) => c.method === 'chat.postMessage' && c.status === 200 && !c.error && c.at >= since).map((c) => c.at),
      rateLimited: () => fake.rateLimited('chat.postMessage'),
      idealMs: idealSlackMs(posts, { perSecond: SLACK_POST_PER_WORKSPACE_PER_SECOND, burst: SLACK_POST_WORKSPACE_BURST }),
      timeoutMs: 10 * 60_000,
    });
  } finally {
    core.scheduler.stop();
    await core.scheduler.settled();
    await adapter.close();
    core.close();
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
