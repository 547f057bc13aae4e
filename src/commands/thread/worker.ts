import { parentPort, workerData } from 'node:worker_threads';
import { createCore } from '../../app.ts';
import { OffsetClock } from '../../clock.ts';
import type { Template } from '../../domain/template.ts';
import { createLogger } from '../../logger.ts';
import type { ChatPlatform } from '../../platform/port.ts';
import { withLogContext } from '../../ops/log-context.ts';
import { lowerThisThreadsPriority } from '../../util/thread-priority.ts';
import { handleAction, handleCommand } from '../router.ts';
import type { FromThread, ThreadSettings, ToThread } from './protocol.ts';

/**
 * The command thread: its own core over its own connection to the same database, with no scheduler
 * running. It answers commands and button clicks; the main thread acks, shows the answers and runs the
 * outbox. Platform calls a command makes (an e-mail look-up) go back to the main thread's adapter.
 */
const settings = workerData as ThreadSettings;
// Commands wait for the acks, never the other way round: their answers have 30 minutes, acks 3 s.
lowerThisThreadsPriority();
const port = parentPort!;
const send = (message: FromThread) => port.postMessage(message);

const pendingCalls = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
let nextCall = 0;

function remotePlatform(name: string, methods: string[]): ChatPlatform {
  const platform: Record<string, unknown> = { name };
  for (const method of methods) {
    platform[method] = (request: unknown) =>
      new Promise((resolve, reject) => {
        const id = ++nextCall;
        pendingCalls.set(id, { resolve, reject });
        send({ type: 'platform-call', id, platform: name, method, request });
      });
  }
  return platform as unknown as ChatPlatform;
}

const clock = new OffsetClock();
clock.advance(settings.clockOffsetMs);
const core = createCore({
  dbPath: settings.dbPath,
  clock,
  logger: createLogger({ level: settings.logLevel }).child({ part: 'commands' }),
  platforms: settings.platforms.map((p) => remotePlatform(p.name, p.methods)),
  workerId: settings.workerId,
  defaults: settings.defaults,
  templates: settings.templates as Template[] | undefined,
});

port.on('message', (message: ToThread) => {
  if (message.type === 'platform-result') {
    const call = pendingCalls.get(message.id);
    pendingCalls.delete(message.id);
    if (message.error) call?.reject(Object.assign(new Error(message.error.message), { name: message.error.name }));
    else call?.resolve(message.value);
    return;
  }
  const { id, job, ctx, log } = message;
  const answer = withLogContext(log, () => (job.kind === 'command' ? handleCommand(core, job.text, ctx) : handleAction(core, job.action, ctx)));
  // handleCommand answers every failure itself; this is only for a bug in the thread's own plumbing.
  answer.then(
    (reply) => send({ type: 'done', id, reply }),
    (error: unknown) => send({ type: 'failed', id, message: error instanceof Error ? error.message : String(error) }),
  );
});
send({ type: 'ready' });
