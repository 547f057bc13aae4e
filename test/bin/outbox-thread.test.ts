/**
 * The outbox thread of `tovholder start` loads no platform SDK: it sends through the main thread's
 * adapters. What a user would notice if that crossing lost anything: a reminder not sent, or a
 * platform's "slow down" (429) taken for a failure instead of waited out.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src/app.ts';
import { OffsetClock } from '../../src/clock.ts';
import { readConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/logger.ts';
import { RateLimitError } from '../../src/platform/errors.ts';
import type { CreateChannelRequest } from '../../src/platform/port.ts';
import { startOutboxThread, type OutboxThread } from '../../bin/outbox.ts';
import { tempDir } from '../outbox/harness.ts';
import { consultantCtx as ctx, replyText } from '../support/core.ts';
import { FakePlatform } from '../support/fake-platform.ts';
import { waitFor } from '../support/wait.ts';

/** The main thread's adapter, as the outbox thread reaches it; notes when each channel creation came. */
class TimedPlatform extends FakePlatform {
  readonly creations: number[] = [];
  override async createChannel(request: CreateChannelRequest) {
    this.creations.push(Date.now());
    return super.createChannel(request);
  }
}

describe('the outbox thread', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  function start(): { core: Core; platform: TimedPlatform; thread: () => OutboxThread; failed: () => boolean } {
    const { dir, cleanup } = tempDir('tovholder-outbox-thread-');
    const dbPath = join(dir, 'bot.db');
    const platform = new TimedPlatform('slack');
    const clock = new OffsetClock();
    const core = createCore({ dbPath, clock, logger: silentLogger(), platforms: [platform] });
    cleanups.push(cleanup, () => core.close());
    let thread: OutboxThread | null = null;
    let failed = false;
    return {
      core,
      platform,
      failed: () => failed,
      thread: () => {
        const config = readConfig({ TOVHOLDER_DB: dbPath, TOVHOLDER_LOCAL_WORKSPACE: 'off', LOG_LEVEL: 'silent' });
        thread = startOutboxThread({ config, clockOffsetMs: 0, platforms: core.platforms, logger: silentLogger(), onFailure: () => (failed = true) });
        cleanups.push(() => thread!.stop());
        return thread;
      },
    };
  }

  it('sends what a command queued through the main thread’s adapter, and waits out a 429 as the platform asked', async () => {
    const { core, platform, thread, failed } = start();
    expect(replyText(await core.commands.command('opret "Små Partnerskaber 2027" 2027-01-04', ctx))).toMatch(/er oprettet/);
    // The channel creation's first try gets Slack's "slow down, retry in 1.5 s".
    platform.failNext(new RateLimitError(1_500));
    thread();
    await waitFor(() => platform.creations.length === 2, 15_000);
    expect(platform.creations[1]! - platform.creations[0]!).toBeGreaterThanOrEqual(1_400);
    const [programme] = core.repos.programmes.listInWorkspace('slack', 'T1');
    await waitFor(() => core.repos.programmes.get(programme!.id)?.channelRef != null, 5_000);
    // Waited, not failed: no delivery gave up, and the thread is still running.
    expect(core.db.prepare(`SELECT COUNT(*) AS n FROM deliveries WHERE status = 'failed'`).get()).toEqual({ n: 0 });
    expect(failed()).toBe(false);
  }, 30_000);
});
