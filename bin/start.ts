import { createServer } from 'node:net';
import { OffsetClock, systemClock, type Clock } from '../src/clock.ts';
import { createCore, type Core } from '../src/app.ts';
import { operatorTemplates } from '../src/templates/directory.ts';
import { ConfigError, hasLocalWorkspace, hasSlack, hasTeams, type Config } from '../src/config.ts';
import type { Logger } from '../src/logger.ts';
import { checkDatabase } from '../src/store/db-check.ts';
import { inProcessRunner } from '../src/commands/thread/runner.ts';
import { handleAction, handleCommand } from '../src/commands/router.ts';
import { createPlatforms } from '../adapters/index.ts';
import { holdLease } from '../src/ops/lease.ts';
import { coreOptionsFrom } from './core-options.ts';
import { installLastResort } from './last-resort.ts';
import { startOutboxThread, type OutboxThread } from './outbox.ts';
import { forPeople, startupScreen, STOPPED, STOPPING, type LocalScreen } from './screen.ts';

/** How long after the server answers the main thread's scheduler starts watching (see runStart). */
const WATCH_AFTER_MS = 1_000;

/** Runs the bot until SIGINT/SIGTERM. */
export async function runStart(configured: Config, clock: Clock, logger: Logger): Promise<void> {
  installLastResort(logger);
  checkDatabase(configured.TOVHOLDER_DB, clock);
  // The local workspace's time control moves this clock; only when no real platform shares it.
  const localOnly = hasLocalWorkspace(configured) && !hasSlack(configured) && !hasTeams(configured);
  const coreClock = localOnly ? new OffsetClock(clock) : clock;
  const { config, portNote } = await choosePort(configured, localOnly);
  // Before the platforms open: a missing templates folder stops start-up with nothing to close.
  const templates = operatorTemplates(config.TOVHOLDER_TEMPLATES_DIR, logger);
  const platforms = await createPlatforms(config, { logger, clock: coreClock });
  // With Slack or Teams alone, one thread besides this one does the work that can wait while there
  // is any (the outbox thread, on demand: passes, sends, busy moments' commands, WAL checkpoints).
  // The local workspace's time control needs the passes on this thread; there the commands get a
  // thread of their own (none with it alone: the thread would not see its clock move).
  const local = hasLocalWorkspace(config);
  const core = createCore({
    ...coreOptionsFrom(config, { clock: coreClock, logger, platforms: platforms.ports, templates }),
    backgroundCheckpoints: local,
    commandThread: local && !localOnly,
  });
  // Tells `tovholder restore` that a bot runs on this database.
  const lease = holdLease(core.db, systemClock);
  let outbox: OutboxThread | null = null;
  const { url, describe } = await platforms.listen(core).catch(async (error: unknown) => {
    await core.commands.close();
    await platforms.close();
    lease.release();
    core.close();
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    throw new ConfigError(`Port ${config.PORT} on ${config.HOST} is already in use (is Tovholder running already?). Stop that process, or set PORT to a free port.`);
  });
  // Started when there is work, and only once the server answers: on a VM of one or two cores,
  // loading the thread's code alongside this thread's would delay the first answer by as long. Until
  // it is ready (a few hundred ms), and whenever it is not running, commands run here; its first pass
  // catches up on whatever fell due while it was not running.
  if (!local) {
    // Commands run here, and all of them if the thread dies; their lines say `part: 'commands'` as the thread's do.
    const here: Core = { ...core, logger: logger.child({ part: 'commands' }) };
    outbox = startOutboxThread({
      config,
      clock: coreClock,
      templates,
      platforms: core.platforms,
      db: core.db,
      logger,
      here: inProcessRunner((job, ctx) => (job.kind === 'command' ? handleCommand(here, job.text, ctx) : handleAction(here, job.action, ctx))),
      idleFor: (ms) => core.scheduler.idleFor(ms),
      onFailure: () => {
        core.scheduler.runElsewhere(null);
        core.scheduler.kick();
      },
    });
    // This thread's ticks only watch the database (and run housekeeping): the thread does the passes.
    core.scheduler.runElsewhere(() => outbox!.kick());
    core.commands = outbox.commands;
  }
  // The local workspace's passes run here, once its adapter is attached. Elsewhere the watch starts a
  // second after the server answers: its minute timer (node-cron) makes the process's first
  // Intl.DateTimeFormat, whose locale data take ~20 ms to load, which the first requests need not wait for.
  const watchLater = local ? null : setTimeout(() => core.scheduler.start(), WATCH_AFTER_MS).unref();
  if (local) core.scheduler.start();
  const people = forPeople(config);
  const stop = async (signal: string): Promise<void> => {
    if (people) process.stdout.write(STOPPING);
    else logger.info({ signal }, 'stopping');
    if (watchLater) clearTimeout(watchLater);
    core.scheduler.stop();
    // No more jobs to the outbox thread; the ones in flight are answered before it stops.
    await core.commands.close();
    await outbox?.stop();
    await platforms.close();
    lease.release();
    core.close();
    if (people) process.stdout.write(STOPPED);
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  // Only now that Ctrl+C is handled does the screen say so.
  const screen: LocalScreen | undefined = local && url ? { url: `${url}/`, portNote, timeControl: localOnly } : undefined;
  process.stdout.write(startupScreen(config, describe, screen));
}

/**
 * Someone trying the bot on their laptop may have something else on port 3000: with only the local
 * workspace, a free port is used instead and the screen says so. Slack and Teams need the configured
 * port (their request URLs point at it), so there a taken port stays an error.
 */
async function choosePort(config: Config, localOnly: boolean): Promise<{ config: Config; portNote?: string }> {
  if (!localOnly || config.PORT === 0 || (await portIsFree(config.PORT, config.HOST))) return { config };
  return {
    config: { ...config, PORT: 0 },
    portNote: `Port ${config.PORT} er optaget, så der bruges en ledig port / port ${config.PORT} is taken, so a free one is used.`,
  };
}

function portIsFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, host, () => probe.close(() => resolve(true)));
  });
}
