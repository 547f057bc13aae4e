import type { Clock } from '../src/clock.ts';
import { createCore } from '../src/app.ts';
import type { Config } from '../src/config.ts';
import type { Logger } from '../src/logger.ts';
import { createPlatforms } from '../adapters/index.ts';

/** One scheduling and dispatch pass; prints what it did as one JSON line. */
export async function runTick(config: Config, clock: Clock, logger: Logger): Promise<void> {
  const platforms = await createPlatforms(config, { logger, clock });
  const core = createCore({
    dbPath: config.TOVHOLDER_DB,
    clock,
    logger,
    platforms: platforms.ports,
    workerId: config.TOVHOLDER_WORKER_ID,
    defaults: { timezone: config.TOVHOLDER_TIMEZONE, locale: config.TOVHOLDER_LOCALE },
  });
  // Outbound sends may need what an adapter stored (Teams: where a conversation lives).
  platforms.bind(core);
  try {
    const result = await core.scheduler.tick();
    process.stdout.write(`${JSON.stringify({ now: clock.now().toISOString(), ...result })}\n`);
  } finally {
    core.close();
    await platforms.close();
  }
}
