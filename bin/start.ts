import type { Clock } from '../src/clock.ts';
import { createCore } from '../src/app.ts';
import type { Config } from '../src/config.ts';
import type { Logger } from '../src/logger.ts';
import { createPlatforms } from '../adapters/index.ts';
import { startupScreen } from './screen.ts';

/** Runs the bot until SIGINT/SIGTERM. */
export async function runStart(config: Config, clock: Clock, logger: Logger): Promise<void> {
  const platforms = await createPlatforms(config, { logger, clock });
  const core = createCore({
    dbPath: config.TOVHOLDER_DB,
    clock,
    logger,
    platforms: platforms.ports,
    workerId: config.TOVHOLDER_WORKER_ID,
    defaults: { timezone: config.TOVHOLDER_TIMEZONE, locale: config.TOVHOLDER_LOCALE },
  });
  const { describe } = await platforms.listen(core);
  // The first pass catches up on whatever fell due while the bot was not running.
  core.scheduler.start();
  process.stdout.write(startupScreen(config, describe));
  const stop = async (signal: string): Promise<void> => {
    logger.info({ signal }, 'stopping');
    core.scheduler.stop();
    await platforms.close();
    core.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}
