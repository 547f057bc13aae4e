import type { Worker } from 'node:worker_threads';
import type { Logger } from '../../logger.ts';
import type { ChatPlatform } from '../../platform/port.ts';
import { logContext } from '../../ops/log-context.ts';
import { startTypeScriptThread } from '../../util/typescript-thread.ts';
import type { ActionInput, CommandContext, CommandReply } from '../types.ts';
import type { CallFailure, FromThread, Job, ThreadSettings, ToThread } from './protocol.ts';
import { PlatformError, RateLimitError } from '../../platform/errors.ts';

/** How adapters run a command or a button click: on the calling thread, or on the command thread. */
export interface CommandRunner {
  command(text: string, ctx: CommandContext): Promise<CommandReply>;
  action(action: ActionInput, ctx: CommandContext): Promise<CommandReply>;
  close(): Promise<void>;
}

/** The same jobs, run on this thread (tests, the local workspace, `tovholder tick`). */
export function inProcessRunner(run: (job: Job, ctx: CommandContext) => Promise<CommandReply>): CommandRunner {
  return {
    command: (text, ctx) => run({ kind: 'command', text }, ctx),
    action: (action, ctx) => run({ kind: 'action', action }, ctx),
    close: async () => {},
  };
}

const PLATFORM_METHODS = ['createChannel', 'inviteMembers', 'removeMembers', 'openDirect', 'postMessage', 'updateMessage', 'lookupUserByEmail', 'uploadFile', 'findSent', 'isWorkspaceAdmin'];

/** Each platform's name and the methods a thread's commands may call on it through the runner. */
export function platformMethods(platforms: ReadonlyMap<string, ChatPlatform>): { name: string; methods: string[] }[] {
  return [...platforms.values()].map((p) => ({
    name: p.name,
    methods: PLATFORM_METHODS.filter((m) => typeof (p as unknown as Record<string, unknown>)[m] === 'function'),
  }));
}

/**
 * Runs commands on a worker thread with its own database connection. Slack gives 3 s for an ack and
 * the acks of twenty commands typed at once queue behind whatever runs on the event loop: a command's
 * planning, rendering and SQL take 5-20 ms each. On their own thread they no longer hold up the acks
 * (nor the outbox); the main thread only acks, hands the job over and shows the answer.
 * If the thread cannot start, its jobs run on this thread. If it dies later, the jobs in flight fail
 * (the user gets the usual apology) and later jobs run on this thread, as without it.
 * `tovholder start` does not use this one: its outbox thread answers commands too (bin/outbox.ts,
 * `commandsOn`), one V8 isolate instead of two.
 */
export function startCommandThread(options: {
  settings: Omit<ThreadSettings, 'platforms'>;
  platforms: ReadonlyMap<string, ChatPlatform>;
  logger: Logger;
  fallback: CommandRunner;
}): CommandRunner {
  const settings: ThreadSettings = { ...options.settings, platforms: platformMethods(options.platforms) };
  const worker = startTypeScriptThread(new URL('./worker.ts', import.meta.url), settings);
  // The HTTP server keeps the process alive, not this thread; Core.close() ends it.
  worker.unref();
  answerPlatformCalls(worker, options.platforms);
  const runner = commandsOn(worker, options);
  return {
    ...runner,
    close: async () => {
      await runner.close();
      await worker.terminate();
    },
  };
}

/**
 * A CommandRunner over a worker thread that answers `run` messages (serveCommands in serve.ts), which
 * may do other work too (the outbox thread). Messages that are not the protocol's are left to other
 * listeners. `close` stops handing it jobs; ending the thread is its owner's business.
 * `hereUntilReady`: jobs that come before the thread has loaded its code run on this thread (the
 * fallback) instead of waiting for it, for a thread started after the server answers (bin/start.ts).
 */
export function commandsOn(worker: Worker, options: { logger: Logger; fallback: CommandRunner; hereUntilReady?: boolean }): CommandRunner & { inFlight(): number } {
  const { logger, fallback, hereUntilReady = false } = options;
  const pending = new Map<number, { job: Job; ctx: CommandContext; resolve: (reply: CommandReply) => void; reject: (error: Error) => void }>();
  let nextId = 0;
  let alive = true;
  let ready = false;
  let closing = false;

  const post = (message: ToThread) => worker.postMessage(message);
  const onFallback = (job: Job, ctx: CommandContext) => (job.kind === 'command' ? fallback.command(job.text, ctx) : fallback.action(job.action, ctx));
  const gone = (error: Error) => {
    if (!alive) return;
    alive = false;
    if (!closing) logger.error({ err: error }, 'the command thread stopped; commands run on the main thread from now on');
    for (const { job, ctx, resolve, reject } of pending.values()) {
      // A thread that never started ran nothing: its jobs are safe to run here. Once it ran jobs, one
      // that was in flight may have done part of its work, so it is not run twice.
      if (ready) reject(error);
      else onFallback(job, ctx).then(resolve, reject);
    }
    pending.clear();
  };
  worker.on('error', gone);
  worker.on('exit', (code) => gone(new Error(`command thread exited with code ${code}`)));
  worker.on('message', (message: FromThread | string) => {
    if (typeof message !== 'object') return;
    switch (message.type) {
      case 'ready':
        ready = true;
        return;
      case 'done':
      case 'failed': {
        const job = pending.get(message.id);
        pending.delete(message.id);
        if (message.type === 'done') job?.resolve(message.reply);
        else job?.reject(new Error(message.message));
        return;
      }
    }
  });

  const run = (job: Job, ctx: CommandContext): Promise<CommandReply> => {
    if (!alive || (!ready && hereUntilReady)) return onFallback(job, ctx);
    return new Promise((resolve, reject) => {
      const id = ++nextId;
      pending.set(id, { job, ctx, resolve, reject });
      post({ type: 'run', id, job, ctx, log: { ...logContext() } });
    });
  };
  return {
    command: (text, ctx) => run({ kind: 'command', text }, ctx),
    action: (action, ctx) => run({ kind: 'action', action }, ctx),
    /** Jobs handed to the thread and not answered yet (the outbox thread stops only when there are none). */
    inFlight: () => pending.size,
    close: async () => {
      closing = true;
    },
  };
}

/**
 * Answers the platform calls of a thread whose platforms are this thread's adapters (remotePlatforms
 * in serve.ts): the command thread's look-ups, the outbox thread's sends.
 */
export function answerPlatformCalls(worker: Worker, platforms: ReadonlyMap<string, ChatPlatform>): void {
  const post = (message: ToThread) => worker.postMessage(message);
  worker.on('message', (message: FromThread | string) => {
    if (typeof message === 'object' && message.type === 'platform-call') void callPlatform(message);
  });
  async function callPlatform(call: Extract<FromThread, { type: 'platform-call' }>): Promise<void> {
    try {
      const platform = platforms.get(call.platform) as unknown as Record<string, (request: unknown) => Promise<unknown>> | undefined;
      const method = platform?.[call.method];
      if (!method) throw new Error(`${call.platform} has no ${call.method}`);
      post({ type: 'platform-result', id: call.id, value: await method.call(platform, call.request) });
    } catch (error) {
      post({ type: 'platform-result', id: call.id, error: callFailure(error) });
    }
  }
}

/** What crosses the thread boundary of a failed platform call (rebuilt by platformErrorFrom in serve.ts). */
function callFailure(error: unknown): CallFailure {
  const { name, message } = error instanceof Error ? error : new Error(String(error));
  if (!(error instanceof PlatformError)) return { name, message };
  return { name, message, code: error.code, ...(error instanceof RateLimitError ? { retryAfterMs: error.retryAfterMs } : {}) };
}
