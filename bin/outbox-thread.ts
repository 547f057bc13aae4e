import { hostname } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { createPlatforms } from '../adapters/index.ts';
import { createCore } from '../src/app.ts';
import { OffsetClock } from '../src/clock.ts';
import type { Config } from '../src/config.ts';
import type { Template } from '../src/domain/template.ts';
import { createLogger } from '../src/logger.ts';
import { lowerThisThreadsPriority } from '../src/util/thread-priority.ts';
import { coreOptionsFrom } from './core-options.ts';

/**
 * The outbox thread of `tovholder start`: the scheduler and the dispatcher, with the platforms'
 * outbound clients, on their own thread and database connection, like a `tovholder tick` that never
 * ends. The main thread keeps Slack's and Teams' inbound requests, whose acks have a deadline, and
 * hands this thread a kick whenever a command or an event has queued something.
 */
const { config, clockOffsetMs, templates } = workerData as { config: Config; clockOffsetMs: number; templates?: Template[] };
// Its posts wait for Slack's pace of one a second per channel anyway; the acks must not wait for it.
lowerThisThreadsPriority();
const port = parentPort!;
const clock = new OffsetClock();
clock.advance(clockOffsetMs);
const logger = createLogger({ level: config.LOG_LEVEL }).child({ part: 'outbox-thread' });
const platforms = await createPlatforms(config, { logger, clock });
const core = createCore({
  ...coreOptionsFrom(config, { clock, logger, platforms: platforms.ports, templates: templates ?? [] }),
  // Its own name in the outbox's leases, distinct from any other process's.
  workerId: `${config.TOVHOLDER_WORKER_ID ?? `${hostname()}:${process.pid}`}:outbox`,
});
platforms.bind(core);
core.scheduler.start();

port.on('message', (message: 'kick' | 'stop') => {
  if (message === 'kick') return core.scheduler.kick();
  core.scheduler.stop();
  // A pass in flight finishes its sends and records them before the thread goes.
  void core.scheduler.settled().finally(async () => {
    core.close();
    await platforms.close();
    port.postMessage('stopped');
    port.close();
  });
});
