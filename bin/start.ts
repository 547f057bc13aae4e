import { createServer } from 'node:net';
import { OffsetClock, systemClock, type Clock } from '../src/clock.ts';
import { createCore } from '../src/app.ts';
import { operatorTemplates } from '../src/templates/directory.ts';
import { ConfigError, hasLocalWorkspace, hasSlack, hasTeams, type Config } from '../src/config.ts';
import type { Logger } from '../src/logger.ts';
import { checkDatabase } from '../src/store/db-check.ts';
import { createPlatforms } from '../adapters/index.ts';
import { holdLease } from '../src/ops/lease.ts';
import { coreOptionsFrom } from './core-options.ts';
import { installLastResort } from './last-resort.ts';
import { startOutboxThread } from './outbox.ts';
import { forPeople, startupScreen, STOPPED, STOPPING, type LocalScreen } from './screen.ts';

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
  const core = createCore({
    ...coreOptionsFrom(config, { clock: coreClock, logger, platforms: platforms.ports, templates }),
    backgroundCheckpoints: true,
    // The local workspace's time control moves coreClock; the thread would not see it.
    commandThread: !localOnly,
  });
  // Tells `tovholder restore` that a bot runs on this database.
  const lease = holdLease(core.db, systemClock);
  const { url, describe } = await platforms.listen(core).catch(async (error: unknown) => {
    await platforms.close();
    lease.release();
    core.close();
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    throw new ConfigError(`Port ${config.PORT} on ${config.HOST} is already in use (is Tovholder running already?). Stop that process, or set PORT to a free port.`);
  });
  // The first pass catches up on whatever fell due while the bot was not running. With Slack or Teams
  // the passes run on the outbox thread; the local workspace's time control needs them on this one.
  const outbox = hasLocalWorkspace(config)
    ? null
    : startOutboxThread({
        config,
        clockOffsetMs: coreClock.now().getTime() - Date.now(),
        templates,
        logger,
        onFailure: () => {
          core.scheduler.runElsewhere(null);
          core.scheduler.start();
        },
      });
  if (outbox) core.scheduler.runElsewhere(() => outbox.kick());
  else core.scheduler.start();
  const people = forPeople(config);
  const stop = async (signal: string): Promise<void> => {
    if (people) process.stdout.write(STOPPING);
    else logger.info({ signal }, 'stopping');
    core.scheduler.stop();
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
  const local: LocalScreen | undefined = hasLocalWorkspace(config) && url ? { url: `${url}/`, portNote, timeControl: localOnly } : undefined;
  process.stdout.write(startupScreen(config, describe, local));
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
