/**
 * The outbox thread of `tovholder start`: started when there is work, stopped when there has been
 * none for a while, and loading no platform SDK (it sends through the main thread's adapters). What a
 * user would notice if any of that went wrong: a reminder not sent or sent twice, a command not
 * answered, a platform's "slow down" (429) taken for a failure instead of waited out.
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

const IDLE_STOP_MS = 800;

interface Bot {
  core: Core;
  clock: OffsetClock;
  platform: TimedPlatform;
  thread: OutboxThread;
  failed: () => boolean;
}

describe('the outbox thread', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /** The main thread as bin/start.ts wires it: its scheduler watches, the thread does the passes. */
  function start(): Bot {
    const { dir, cleanup } = tempDir('tovholder-outbox-thread-');
    const dbPath = join(dir, 'bot.db');
    const platform = new TimedPlatform('slack');
    const clock = new OffsetClock();
    const core = createCore({ dbPath, clock, logger: silentLogger(), platforms: [platform] });
    cleanups.push(cleanup, () => core.close());
    let failed = false;
    const config = readConfig({ TOVHOLDER_DB: dbPath, TOVHOLDER_LOCAL_WORKSPACE: 'off', LOG_LEVEL: 'silent' });
    const thread = startOutboxThread({
      config,
      clock,
      platforms: core.platforms,
      db: core.db,
      logger: silentLogger(),
      here: core.commands,
      idleFor: (ms) => core.scheduler.idleFor(ms),
      onFailure: () => (failed = true),
      idleStopMs: IDLE_STOP_MS,
    });
    cleanups.push(() => thread.stop());
    core.scheduler.runElsewhere(() => thread.kick());
    core.commands = thread.commands;
    core.scheduler.start();
    return { core, clock, platform, thread, failed: () => failed };
  }

  const sentCount = (core: Core) => (core.db.prepare(`SELECT COUNT(*) AS n FROM deliveries WHERE status = 'sent'`).get() as { n: number }).n;

  it('sends what a command queued through the main thread’s adapter, and waits out a 429 as the platform asked', async () => {
    const { core, platform, thread, failed } = start();
    // The channel creation's first try gets Slack's "slow down, retry in 1.5 s".
    platform.failNext(new RateLimitError(1_500));
    expect(replyText(await core.commands.command('opret "Små Partnerskaber 2027" 2027-01-04', ctx))).toMatch(/er oprettet/);
    // As the adapters do after every command: the command queued the channel, so the thread starts.
    core.scheduler.kick();
    expect(thread.running()).toBe(true);
    await waitFor(() => platform.creations.length === 2, 15_000);
    expect(platform.creations[1]! - platform.creations[0]!).toBeGreaterThanOrEqual(1_400);
    const [programme] = core.repos.programmes.listInWorkspace('slack', 'T1');
    await waitFor(() => core.repos.programmes.get(programme!.id)?.channelRef != null, 5_000);
    // Waited, not failed: no delivery gave up, and the thread is still running.
    expect(core.db.prepare(`SELECT COUNT(*) AS n FROM deliveries WHERE status = 'failed'`).get()).toEqual({ n: 0 });
    expect(failed()).toBe(false);
  }, 30_000);

  it('does not run while nothing is due, starts when a reminder falls due, sends it once and stops again', async () => {
    const { core, clock, platform, thread, failed } = start();
    // A lone command is answered here: no thread for it.
    expect(replyText(await core.commands.command('hjælp', ctx))).toMatch(/opret/);
    core.scheduler.kick();
    await core.scheduler.tick();
    expect(thread.running()).toBe(false);

    await core.commands.command('opret "Små Partnerskaber 2027" 2027-01-04', ctx);
    core.scheduler.kick();
    await waitFor(() => platform.channels.size === 1, 15_000, 'the programme’s channel');
    await waitFor(() => !thread.running(), 10_000, 'the thread to stop once idle');
    const before = { sent: sentCount(core), posts: platform.sent.length };
    expect(before.sent).toBeGreaterThan(0);

    // Weeks later, with the thread stopped: the watch's tick finds the first reminders due.
    const first = core.db.prepare(`SELECT MIN(due_at) AS at FROM reminders WHERE status = 'pending'`).get() as { at: string };
    clock.advance(Date.parse(first.at) - clock.now().getTime() + 60_000);
    const due = (core.db.prepare(`SELECT COUNT(*) AS n FROM reminders WHERE status = 'pending' AND due_at <= ?`).get(clock.now().toISOString()) as { n: number }).n;
    expect(due).toBeGreaterThan(0);
    await core.scheduler.tick();
    expect(thread.running()).toBe(true);
    await waitFor(() => (core.db.prepare(`SELECT COUNT(*) AS n FROM reminders WHERE status = 'pending' AND due_at <= ?`).get(clock.now().toISOString()) as { n: number }).n === 0, 10_000, 'the due reminders to be queued');
    await waitFor(() => !thread.running(), 10_000, 'the thread to stop again');

    // Every delivery sent exactly once: as many posts as deliveries marked sent, no key twice.
    const sent = sentCount(core);
    expect(sent).toBeGreaterThan(before.sent);
    const keys = platform.sent.map((m) => m.idempotencyKey);
    expect(new Set(keys).size).toBe(keys.length);
    expect(core.db.prepare(`SELECT COUNT(*) AS n FROM deliveries WHERE status NOT IN ('sent')`).get()).toEqual({ n: 0 });
    // Nothing more due: the next watch tick leaves the thread off.
    await core.scheduler.tick();
    expect(thread.running()).toBe(false);
    expect(failed()).toBe(false);
  }, 40_000);

  it('starts for a burst of commands, which are all answered', async () => {
    const { core, thread } = start();
    const replies = await Promise.all(Array.from({ length: 5 }, () => core.commands.command('hjælp', ctx)));
    expect(replies.map(replyText).every((text) => /opret/.test(text))).toBe(true);
    expect(thread.running()).toBe(true);
    // Once it is ready, the next command is answered as well (there).
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(replyText(await core.commands.command('help', ctx))).toMatch(/opret|create/i);
    await waitFor(() => !thread.running(), 10_000, 'the thread to stop once idle');
  }, 30_000);
});
