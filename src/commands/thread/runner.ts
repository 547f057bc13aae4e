import type { Logger } from '../../logger.ts';
import type { ChatPlatform } from '../../platform/port.ts';
import { logContext } from '../../ops/log-context.ts';
import { startTypeScriptThread } from '../../util/typescript-thread.ts';
import type { ActionInput, CommandContext, CommandReply } from '../types.ts';
import type { FromThread, Job, ThreadSettings, ToThread } from './protocol.ts';

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

/**
 * Runs commands on a worker thread with its own database connection. Slack gives 3 s for an ack and
 * the acks of twenty commands typed at once queue behind whatever runs on the event loop: a command's
 * planning, rendering and SQL take 5-20 ms each. On their own thread they no longer hold up the acks
 * (nor the outbox); the main thread only acks, hands the job over and shows the answer.
 * If the thread cannot start, its jobs run on this thread. If it dies later, the jobs in flight fail
 * (the user gets the usual apology) and later jobs run on this thread, as without it.
 */
export function startCommandThread(options: {
  settings: Omit<ThreadSettings, 'platforms'>;
  platforms: ReadonlyMap<string, ChatPlatform>;
  logger: Logger;
  fallback: CommandRunner;
}): CommandRunner {
  const { platforms, logger, fallback } = options;
  const settings: ThreadSettings = {
    ...options.settings,
    platforms: [...platforms.values()].map((p) => ({
      name: p.name,
      methods: PLATFORM_METHODS.filter((m) => typeof (p as unknown as Record<string, unknown>)[m] === 'function'),
    })),
  };
  const worker = startTypeScriptThread(new URL('./worker.ts', import.meta.url), settings);
  // The HTTP server keeps the process alive, not this thread; Core.close() ends it.
  worker.unref();
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
  worker.on('message', (message: FromThread) => {
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
      case 'platform-call':
        void callPlatform(message);
    }
  });

  async function callPlatform(call: Extract<FromThread, { type: 'platform-call' }>): Promise<void> {
    try {
      const platform = platforms.get(call.platform) as unknown as Record<string, (request: unknown) => Promise<unknown>> | undefined;
      const method = platform?.[call.method];
      if (!method) throw new Error(`${call.platform} has no ${call.method}`);
      post({ type: 'platform-result', id: call.id, value: await method.call(platform, call.request) });
    } catch (error) {
      const { name, message } = error instanceof Error ? error : new Error(String(error));
      post({ type: 'platform-result', id: call.id, error: { name, message } });
    }
  }

  const run = (job: Job, ctx: CommandContext): Promise<CommandReply> => {
    if (!alive) return onFallback(job, ctx);
    return new Promise((resolve, reject) => {
      const id = ++nextId;
      pending.set(id, { job, ctx, resolve, reject });
      post({ type: 'run', id, job, ctx, log: { ...logContext() } });
    });
  };
  return {
    command: (text, ctx) => run({ kind: 'command', text }, ctx),
    action: (action, ctx) => run({ kind: 'action', action }, ctx),
    close: async () => {
      closing = true;
      await worker.terminate();
    },
  };
}
