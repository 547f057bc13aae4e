import { parentPort, workerData } from 'node:worker_threads';
import { createCore } from '../../app.ts';
import { OffsetClock } from '../../clock.ts';
import type { Template } from '../../domain/template.ts';
import { createLogger } from '../../logger.ts';
import { lowerThisThreadsPriority } from '../../util/thread-priority.ts';
import type { ThreadSettings } from './protocol.ts';
import { remotePlatforms, serveCommands } from './serve.ts';

/**
 * The command thread: its own core over its own connection to the same database, with no scheduler
 * running. It answers commands and button clicks; the main thread acks, shows the answers and runs the
 * outbox. Platform calls a command makes (an e-mail look-up) go back to the main thread's adapter.
 */
const settings = workerData as ThreadSettings;
// Commands wait for the acks, never the other way round: their answers have 30 minutes, acks 3 s.
lowerThisThreadsPriority();
const port = parentPort!;

const clock = new OffsetClock();
clock.advance(settings.clockOffsetMs);
const core = createCore({
  dbPath: settings.dbPath,
  clock,
  logger: createLogger({ level: settings.logLevel }).child({ part: 'commands' }),
  platforms: remotePlatforms(port, settings.platforms),
  workerId: settings.workerId,
  defaults: settings.defaults,
  templates: settings.templates as Template[] | undefined,
});
serveCommands(port, core);
