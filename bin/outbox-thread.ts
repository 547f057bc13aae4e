import { hostname } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { createPlatforms, type Platforms } from '../adapters/index.ts';
import { createCore, type Core } from '../src/app.ts';
import { OffsetClock } from '../src/clock.ts';
import { remotePlatforms, serveCommands } from '../src/commands/thread/serve.ts';
import { createLogger } from '../src/logger.ts';
import { checkpointsDoneElsewhere, startCheckpointTimer, type Checkpointer } from '../src/store/checkpointer.ts';
import { lowerThisThreadsPriority } from '../src/util/thread-priority.ts';
import { coreOptionsFrom } from './core-options.ts';
import type { OutboxThreadData } from './outbox.ts';

/**
 * The outbox thread of `tovholder start`: the scheduler and the dispatcher, with the platforms'
 * outbound clients, on their own thread and database connection, like a `tovholder tick` that never
 * ends. It also answers the commands and button clicks the main thread hands it (serveCommands, on a
 * core of their own that exists before the SDKs load), and checkpoints the WAL on a timer: one V8 isolate for all the work that can wait, where three (command,
 * outbox and checkpoint threads) each cost their own heap and their own copy of the code. The main
 * thread keeps Slack's and Teams' inbound requests, whose acks have a deadline, and hands this thread
 * a kick whenever a command or an event has queued something.
 */
const { config, clockOffsetMs, templates, platformMethods } = workerData as OutboxThreadData;
// Its posts wait for Slack's pace of one a second per channel anyway, and a command's answer has
// 30 minutes: the acks (3 s) must not wait for either.
lowerThisThreadsPriority();
const port = parentPort!;
const clock = new OffsetClock();
clock.advance(clockOffsetMs);
const logger = createLogger({ level: config.LOG_LEVEL }).child({ part: 'outbox-thread' });
const workerId = config.TOVHOLDER_WORKER_ID ?? `${hostname()}:${process.pid}`;
// Commands first, before the platform SDKs load (up to a second): their core calls the main thread's
// adapters for what a command asks of a platform (an e-mail look-up), as the command thread does.
const commands = createCore({
  ...coreOptionsFrom(config, { clock, logger: logger.child({ part: 'commands' }), platforms: remotePlatforms(port, platformMethods), templates: templates ?? [] }),
  workerId: `${workerId}:commands`,
});
// Its commits leave the WAL to the timer below, as the main thread's do.
checkpointsDoneElsewhere(commands.db);
serveCommands(port, commands);
// Listening from here on: a 'stop' may come while the SDKs load, and must not be lost.
let outbox: { core: Core; platforms: Platforms; checkpoints: Checkpointer | null } | null = null;
let stopping = false;
port.on('message', (message: unknown) => {
  if (message === 'kick') return outbox?.core.scheduler.kick();
  if (message !== 'stop' || stopping) return;
  stopping = true;
  if (outbox) void stop(outbox);
});

const platforms = await createPlatforms(config, { logger, clock });
const core = createCore({
  ...coreOptionsFrom(config, { clock, logger, platforms: platforms.ports, templates: templates ?? [] }),
  // Its own name in the outbox's leases, distinct from any other process's.
  workerId: `${workerId}:outbox`,
});
platforms.bind(core);
outbox = { core, platforms, checkpoints: startCheckpointTimer(core.db) };
if (stopping) void stop(outbox);
else core.scheduler.start();

async function stop(running: NonNullable<typeof outbox>): Promise<void> {
  running.core.scheduler.stop();
  // A pass in flight finishes its sends and records them before the thread goes.
  await running.core.scheduler.settled().catch(() => {});
  await running.checkpoints?.stop();
  commands.close();
  running.core.close();
  await running.platforms.close();
  port.postMessage('stopped');
  port.close();
}
