import { hostname } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { PACE_TARGETS } from '../adapters/pace-targets.ts';
import { createCore } from '../src/app.ts';
import { OffsetClock } from '../src/clock.ts';
import { remotePlatforms, serveCommands } from '../src/commands/thread/serve.ts';
import { createLogger } from '../src/logger.ts';
import { startCheckpointTimer } from '../src/store/checkpointer.ts';
import { lowerThisThreadsPriority } from '../src/util/thread-priority.ts';
import { coreOptionsFrom } from './core-options.ts';
import type { OutboxThreadData } from './outbox.ts';

/**
 * The outbox thread of `tovholder start`: the scheduler and the dispatcher on their own thread and
 * database connection, like a `tovholder tick` that runs while there is work (the main thread starts
 * it when something falls due or a burst of commands comes, and stops it after a minute without any:
 * bin/outbox.ts). It also answers the commands and
 * button clicks the main thread hands it (serveCommands), and checkpoints the WAL on a timer: one V8
 * isolate and one core for all the work that can wait, where three threads (command, outbox,
 * checkpoint) each cost their own heap and their own copy of the code.
 *
 * It loads no platform SDK: its platforms are the main thread's adapters, called over the message port
 * (remotePlatforms). Bolt already loads the Slack Web API client there, and a second copy here cost
 * about 15 MB resident; a send's HTTP work is a millisecond of the main thread's time, the waiting
 * for Slack's pace is not. The main thread keeps Slack's and Teams' inbound requests, whose acks have
 * a deadline, and hands this thread a kick whenever a command or an event has queued something.
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
const core = createCore({
  ...coreOptionsFrom(config, { clock, logger, platforms: remotePlatforms(port, platformMethods, PACE_TARGETS), templates: templates ?? [] }),
  // Its own name in the outbox's leases, distinct from any other process's.
  workerId: `${workerId}:outbox`,
  // The main thread's scheduler runs those: this thread runs only while there is work (bin/outbox.ts).
  housekeeping: false,
});
// The main thread's connection leaves the WAL to this timer too (checkpointsDoneElsewhere there).
const checkpoints = startCheckpointTimer(core.db);
let stopping = false;
port.on('message', (message: unknown) => {
  if (message === 'kick') return core.scheduler.kick();
  if (message !== 'stop' || stopping) return;
  stopping = true;
  void stop();
});
// The lines a command writes say `part: 'commands'`, as on the command thread before (log queries use it).
serveCommands(port, { ...core, logger: logger.child({ part: 'commands' }) });
core.scheduler.start();

async function stop(): Promise<void> {
  core.scheduler.stop();
  // A pass in flight finishes its sends (the main thread answers their calls until this thread has
  // said 'stopped') and records them before the thread goes.
  await core.scheduler.settled().catch(() => {});
  await checkpoints?.stop();
  core.close();
  port.postMessage('stopped');
  port.close();
}
