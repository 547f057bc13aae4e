import type { Worker } from 'node:worker_threads';
import type { Config } from '../src/config.ts';
import type { Template } from '../src/domain/template.ts';
import type { Logger } from '../src/logger.ts';
import type { ChatPlatform } from '../src/platform/port.ts';
import { answerPlatformCalls, platformMethods } from '../src/commands/thread/runner.ts';
import { startTypeScriptThread } from '../src/util/typescript-thread.ts';

/** As the scheduler's MIN_PASS_SPACING_MS (src/scheduler/scheduler.ts): no sooner than a pass could start. */
const KICK_SPACING_MS = 250;

/** What the thread starts from (its workerData). */
export interface OutboxThreadData {
  config: Config;
  clockOffsetMs: number;
  templates?: Template[];
  /** The main thread's platforms and the methods each has, which the thread's commands call there. */
  platformMethods: { name: string; methods: string[] }[];
}

export interface OutboxThread {
  /** The thread itself: it answers commands too (commandsOn in src/commands/thread/runner.ts). */
  readonly worker: Worker;
  kick(): void;
  /** Lets a pass in flight finish and record its sends, then ends the thread (at most `timeoutMs`). */
  stop(timeoutMs?: number): Promise<void>;
}

/**
 * Starts the outbox thread (outbox-thread.ts): the scheduler, the dispatcher and the commands, off the
 * thread that acks Slack; the platform calls it makes are answered here, by `platforms`. `onFailure` runs if the thread cannot start or dies; the caller then runs the scheduler on the
 * main thread again, so reminders are delayed at most, never lost (they are rows in the database).
 */
export function startOutboxThread(options: { config: Config; clockOffsetMs: number; templates?: Template[]; platforms: ReadonlyMap<string, ChatPlatform>; logger: Logger; onFailure: () => void }): OutboxThread {
  const { config, clockOffsetMs, templates } = options;
  const data: OutboxThreadData = { config, clockOffsetMs, templates, platformMethods: platformMethods(options.platforms) };
  const worker = startTypeScriptThread(new URL('./outbox-thread.ts', import.meta.url), data);
  // Its sends are calls to this thread's adapters: it loads no platform SDK of its own.
  answerPlatformCalls(worker, options.platforms);
  let stopping = false;
  let failed = false;
  const fail = (error: Error) => {
    if (stopping || failed) return;
    failed = true;
    options.logger.error({ err: error }, 'the outbox thread stopped; the main thread runs the scheduler from now on');
    options.onFailure();
  };
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`outbox thread exited with code ${code}`)));
  // The thread starts a pass at most every KICK_SPACING_MS anyway (the scheduler's own spacing), so
  // the kicks of a burst of commands are coalesced here, before each costs a postMessage on the thread
  // that acks Slack: the first goes at once, the rest become one kick when the spacing allows.
  let lastKickAt = -Infinity;
  let trailingKick: NodeJS.Timeout | null = null;
  const send = () => {
    trailingKick = null;
    lastKickAt = performance.now();
    if (!failed && !stopping) worker.postMessage('kick');
  };
  return {
    worker,
    kick() {
      if (failed || stopping || trailingKick) return;
      const wait = lastKickAt + KICK_SPACING_MS - performance.now();
      if (wait <= 0) send();
      else trailingKick = setTimeout(send, wait).unref();
    },
    async stop(timeoutMs = 10_000) {
      if (failed) return;
      stopping = true;
      const stopped = new Promise<void>((resolve) => {
        worker.on('message', (message) => message === 'stopped' && resolve());
        worker.once('exit', () => resolve());
      });
      worker.postMessage('stop');
      await Promise.race([stopped, new Promise((resolve) => setTimeout(resolve, timeoutMs).unref())]);
      await worker.terminate();
    },
  };
}
