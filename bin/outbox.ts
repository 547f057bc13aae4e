import type { Worker } from 'node:worker_threads';
import type { Clock } from '../src/clock.ts';
import type { Config } from '../src/config.ts';
import type { Template } from '../src/domain/template.ts';
import type { Logger } from '../src/logger.ts';
import type { ChatPlatform } from '../src/platform/port.ts';
import type { Db } from '../src/store/db.ts';
import type { Job } from '../src/commands/thread/protocol.ts';
import type { CommandContext, CommandReply } from '../src/commands/types.ts';
import { checkpointsDoneElsewhere } from '../src/store/checkpointer.ts';
import { answerPlatformCalls, commandsOn, platformMethods, type CommandRunner } from '../src/commands/thread/runner.ts';
import { startTypeScriptThread } from '../src/util/typescript-thread.ts';

/** As the scheduler's MIN_PASS_SPACING_MS (src/scheduler/scheduler.ts): no sooner than a pass could start. */
const KICK_SPACING_MS = 250;
/**
 * How long the thread stays after its last work (a job, a kick, a send): a consultant's next command
 * usually comes within a minute, and a start costs a few hundred ms of the other core.
 */
export const IDLE_STOP_MS = 60_000;
/** A job arriving within this long of the one before, while the thread is not running, starts it. */
export const BURST_MS = 2_000;
/** How long a stopping thread may take to finish its pass before it is ended. */
const STOP_TIMEOUT_MS = 10_000;

/** What the thread starts from (its workerData). */
export interface OutboxThreadData {
  config: Config;
  clockOffsetMs: number;
  templates?: Template[];
  /** The main thread's platforms and the methods each has, which the thread's commands call there. */
  platformMethods: { name: string; methods: string[] }[];
}

export interface OutboxThreadOptions {
  config: Config;
  /** The core's clock: each start gives the thread its distance from the system clock. */
  clock: Clock;
  templates?: Template[];
  platforms: ReadonlyMap<string, ChatPlatform>;
  /** This thread's connection, whose checkpoints the thread takes over while it runs. */
  db: Db;
  logger: Logger;
  /** Runs a job on this thread: while the thread is not running, or not ready yet. */
  here: CommandRunner;
  /** Whether nothing is due now nor within `ms` (Scheduler.idleFor of this thread's core). */
  idleFor: (ms: number) => boolean;
  /** The thread could not start or died: the caller runs the passes on this thread from now on. */
  onFailure: () => void;
  idleStopMs?: number;
}

export interface OutboxThread {
  /** Work may be queued or due: starts the thread if it is not running and anything is due, else hands it a kick. */
  kick(): void;
  /** Commands and clicks: to the thread while it runs; here otherwise (a burst starts the thread). */
  readonly commands: CommandRunner;
  /** Whether the thread is there now (starting, running or stopping). */
  running(): boolean;
  /** Lets a pass in flight finish and record its sends, then ends the thread (at most `timeoutMs`). */
  stop(timeoutMs?: number): Promise<void>;
}

/** One run of the thread, from its start to its stop. */
interface Run {
  worker: Worker;
  runner: ReturnType<typeof commandsOn>;
  checkpoints: { restore(): void };
  lastKickAt: number;
  trailingKick: NodeJS.Timeout | null;
  stopping: boolean;
}

/**
 * The outbox thread of `tovholder start` (outbox-thread.ts), started when there is work and stopped
 * when there has been none for `idleStopMs`: the passes, the sends, the commands of a busy moment and
 * the WAL checkpoints, off the thread that acks Slack. Idle, the bot is this thread alone (issue #16:
 * the thread is 16-41 MB resident); this thread's scheduler watches the database every minute and
 * kicks when anything falls due (Scheduler.runElsewhere). Its platform calls are answered here, by
 * `platforms`. If it cannot start or dies, `onFailure` runs and it is not started again: reminders
 * are rows in the database, so they are delayed at most, never lost.
 */
export function startOutboxThread(options: OutboxThreadOptions): OutboxThread {
  const { logger, idleStopMs = IDLE_STOP_MS } = options;
  let current: Run | null = null;
  let stopping: Promise<void> | null = null;
  let startAfterStop = false;
  let failed = false;
  let closed = false;
  let busyUntil = 0;
  let idleTimer: NodeJS.Timeout | null = null;
  let jobsHere = 0;
  let lastJobHereAt = -Infinity;

  /** Nothing due now nor within `ms`; a failed look (a locked or closed database) counts as work. */
  const nothingDue = (ms: number): boolean => {
    try {
      return options.idleFor(ms);
    } catch {
      return false;
    }
  };
  const armIdleTimer = (ms: number) => {
    idleTimer = setTimeout(checkIdle, ms).unref();
  };
  /** Work was seen: the thread stays at least idleStopMs more. */
  const busy = () => {
    busyUntil = performance.now() + idleStopMs;
    if (current && !idleTimer) armIdleTimer(idleStopMs);
  };
  function checkIdle(): void {
    idleTimer = null;
    if (!current || current.stopping || closed) return;
    const left = busyUntil - performance.now();
    if (left > 0) return armIdleTimer(left);
    if (current.runner.inFlight() > 0 || !nothingDue(idleStopMs)) return busy();
    void stopRun(current, STOP_TIMEOUT_MS, 'idle');
  }

  function start(): void {
    if (failed || closed || current) return;
    if (stopping) {
      startAfterStop = true;
      return;
    }
    const data: OutboxThreadData = {
      config: options.config,
      clockOffsetMs: options.clock.now().getTime() - Date.now(),
      templates: options.templates,
      platformMethods: platformMethods(options.platforms),
    };
    const worker = startTypeScriptThread(new URL('./outbox-thread.ts', import.meta.url), data);
    // Its sends are calls to this thread's adapters: it loads no platform SDK of its own.
    answerPlatformCalls(worker, options.platforms);
    worker.on('message', (message: { type?: string } | string) => typeof message === 'object' && message.type === 'platform-call' && busy());
    const run: Run = {
      worker,
      runner: commandsOn(worker, { logger, fallback: here, hereUntilReady: true }),
      checkpoints: checkpointsDoneElsewhere(options.db),
      lastKickAt: -Infinity,
      trailingKick: null,
      stopping: false,
    };
    current = run;
    worker.on('error', (error) => fail(run, error));
    worker.on('exit', (code) => fail(run, new Error(`outbox thread exited with code ${code}`)));
    busy();
    logger.debug('outbox thread started');
  }

  function fail(run: Run, error: Error): void {
    // An exit asked for by stopRun is not a failure.
    if (run.stopping || failed || closed) return;
    failed = true;
    current = null;
    if (idleTimer) clearTimeout(idleTimer);
    if (run.trailingKick) clearTimeout(run.trailingKick);
    run.checkpoints.restore();
    logger.error({ err: error }, 'the outbox thread stopped; the main thread runs the scheduler from now on');
    options.onFailure();
  }

  /** Ends `run` once its pass in flight has finished and recorded its sends. */
  function stopRun(run: Run, timeoutMs: number, why: string): Promise<void> {
    run.stopping = true;
    current = null;
    if (run.trailingKick) clearTimeout(run.trailingKick);
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = null;
    stopping = (async () => {
      // No job reaches it any more (jobs now run here); none is in flight (checkIdle, or the final stop).
      await run.runner.close();
      const stopped = new Promise<void>((resolve) => {
        run.worker.on('message', (message) => message === 'stopped' && resolve());
        run.worker.once('exit', () => resolve());
      });
      run.worker.postMessage('stop');
      await Promise.race([stopped, new Promise((resolve) => setTimeout(resolve, timeoutMs).unref())]);
      await run.worker.terminate();
      run.checkpoints.restore();
      logger.debug({ why }, 'outbox thread stopped');
    })().finally(() => {
      stopping = null;
      if (startAfterStop && !closed) {
        startAfterStop = false;
        start();
      }
    });
    return stopping;
  }

  const sendKick = (run: Run) => {
    run.trailingKick = null;
    run.lastKickAt = performance.now();
    if (!run.stopping) run.worker.postMessage('kick');
  };

  /** A job on this thread, counted: a second one while the thread is off is a burst. */
  const runHere = async (job: Job, ctx: CommandContext): Promise<CommandReply> => {
    jobsHere += 1;
    try {
      return await (job.kind === 'command' ? options.here.command(job.text, ctx) : options.here.action(job.action, ctx));
    } finally {
      jobsHere -= 1;
    }
  };
  const here: CommandRunner = {
    command: (text, ctx) => runHere({ kind: 'command', text }, ctx),
    action: (action, ctx) => runHere({ kind: 'action', action }, ctx),
    close: () => options.here.close(),
  };

  const route = (job: Job, ctx: CommandContext): Promise<CommandReply> => {
    busy();
    const run = current;
    if (run && !run.stopping) return job.kind === 'command' ? run.runner.command(job.text, ctx) : run.runner.action(job.action, ctx);
    // The thread is off. One command now and then runs here at no cost to anyone's ack; several at
    // once (twenty people answering, a burst of clicks) would queue the acks behind their work.
    const now = performance.now();
    if (jobsHere > 0 || now - lastJobHereAt < BURST_MS) start();
    lastJobHereAt = now;
    return runHere(job, ctx);
  };

  return {
    kick() {
      if (failed || closed) return;
      busy();
      const run = current;
      // Adapters kick after every command, most of which queue nothing: the thread starts only for
      // work that is due (one indexed query here). Once started, it runs a pass at once: no kick needed.
      if (!run) {
        if (!nothingDue(0)) start();
        return;
      }
      if (run.trailingKick) return;
      // The thread starts a pass at most every KICK_SPACING_MS anyway (the scheduler's own spacing), so
      // the kicks of a burst of commands are coalesced here, before each costs a postMessage on the
      // thread that acks Slack: the first goes at once, the rest become one kick when the spacing allows.
      const wait = run.lastKickAt + KICK_SPACING_MS - performance.now();
      if (wait <= 0) sendKick(run);
      else run.trailingKick = setTimeout(() => sendKick(run), wait).unref();
    },
    commands: {
      command: (text, ctx) => route({ kind: 'command', text }, ctx),
      action: (action, ctx) => route({ kind: 'action', action }, ctx),
      close: async () => {},
    },
    running: () => current !== null || stopping !== null,
    async stop(timeoutMs = STOP_TIMEOUT_MS) {
      closed = true;
      if (idleTimer) clearTimeout(idleTimer);
      if (current) await stopRun(current, timeoutMs, 'shutdown');
      else await stopping;
    },
  };
}
