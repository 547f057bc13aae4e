import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src/app.ts';
import { ManualClock } from '../../src/clock.ts';
import { handleCommand } from '../../src/commands/router.ts';
import { silentLogger } from '../../src/logger.ts';
import { tempDir } from '../outbox/harness.ts';
import { waitFor } from '../support/wait.ts';
import { consultantCtx as ctx } from '../support/core.ts';
import { FakePlatform } from '../support/fake-platform.ts';

/**
 * `tovholder start` with Slack or Teams: the main thread takes commands, the outbox thread (its own
 * core on the same database) sends. Two cores on one file stand in for the two threads here.
 */
describe('passes run elsewhere', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  });

  /** A database file of its own and a clock at 2026-12-01 10:00 UTC, for the cores that share it. */
  function shared(): { file: string; clock: ManualClock } {
    const { dir, cleanup } = tempDir('tovholder-elsewhere-');
    cleanups.push(cleanup);
    return { file: join(dir, 'bot.db'), clock: new ManualClock('2026-12-01T10:00:00Z') };
  }

  function open(file: string, clock: ManualClock, platform: FakePlatform, workerId: string, housekeeping = true): Core {
    const core = createCore({ dbPath: file, clock, logger: silentLogger(), platforms: [platform], workerId, housekeeping });
    cleanups.unshift(() => core.close());
    return core;
  }

  it('a kick on the main core makes the outbox core send, and the main core never sends; without it the main core sends again', async () => {
    const { file, clock } = shared();
    const onMain = new FakePlatform('slack');
    const onOutbox = new FakePlatform('slack');
    const main = open(file, clock, onMain, 'main');
    const outbox = open(file, clock, onOutbox, 'outbox');
    outbox.scheduler.start();
    main.scheduler.runElsewhere(() => outbox.scheduler.kick());
    main.scheduler.start(); // as a fallback would: with a kick elsewhere, nothing runs here

    await handleCommand(main, 'opret "Små Partnerskaber 2027" 2027-01-04', ctx);
    main.scheduler.kick();
    await waitFor(() => onOutbox.channels.size === 1);
    expect([...onOutbox.channels.values()].map((c) => c.name)).toEqual(['Små Partnerskaber 2027']);
    expect(onMain.calls).toEqual([]);

    // The outbox thread is gone: the main core runs its passes itself again.
    outbox.scheduler.stop();
    main.scheduler.runElsewhere(null);
    await handleCommand(main, 'partnerskab "Havet" "Nordsøen Oceanarium" "Børnehaven Bjørnen" <@U1|anna>=kultur', ctx);
    main.scheduler.kick();
    await waitFor(() => onMain.channels.size === 1);
    expect(onOutbox.channels.size).toBe(1);
  });

  it('the main core’s own ticks only watch: housekeeping here, and a kick elsewhere only when something is due', async () => {
    const { file, clock } = shared();
    const onMain = new FakePlatform('slack');
    const main = open(file, clock, onMain, 'main');
    // The outbox thread's core leaves housekeeping to the main one (it runs only while there is work).
    const outbox = open(file, clock, new FakePlatform('slack'), 'outbox', false);
    const daysAgo = (days: number) => new Date(clock.now().getTime() - days * 86_400_000).toISOString();
    const record = main.db.prepare('INSERT INTO inbound_events (event_key, received_at) VALUES (?, ?)');
    const events = () => main.db.prepare('SELECT event_key FROM inbound_events ORDER BY event_key').pluck().all();
    record.run('slack:Ev8DAYS', daysAgo(8));
    await outbox.scheduler.tick();
    expect(events()).toEqual(['slack:Ev8DAYS']);

    let kicks = 0;
    main.scheduler.runElsewhere(() => (kicks += 1));
    await main.scheduler.tick();
    // Nothing due: no kick (the thread may stay stopped); the week-old event is forgotten here.
    expect(kicks).toBe(0);
    expect(events()).toEqual([]);

    await handleCommand(main, 'opret "Små Partnerskaber 2027" 2027-01-04', ctx);
    await main.scheduler.tick();
    // The channel to create is due: kicked, and nothing was sent from here.
    expect(kicks).toBe(1);
    expect(onMain.calls).toEqual([]);
    expect(main.scheduler.idleFor(60_000)).toBe(false);
  });
});
