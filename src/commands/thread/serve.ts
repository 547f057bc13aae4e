import type { MessagePort } from 'node:worker_threads';
import type { Core } from '../../app.ts';
import type { ChatPlatform } from '../../platform/port.ts';
import { withLogContext } from '../../ops/log-context.ts';
import { handleAction, handleCommand } from '../router.ts';
import type { FromThread, ToThread } from './protocol.ts';

/**
 * The thread's side of the command protocol (protocol.ts): runs each `run` job on `core` and posts its
 * answer. Messages that are not the protocol's (the outbox thread's 'kick' and 'stop') are left to the
 * port's other listeners. Announces itself with 'ready' once listening.
 */
export function serveCommands(port: MessagePort, core: Core): void {
  const send = (message: FromThread) => port.postMessage(message);
  port.on('message', (message: ToThread | string) => {
    if (typeof message !== 'object' || message.type !== 'run') return;
    const { id, job, ctx, log } = message;
    const answer = withLogContext(log, () => (job.kind === 'command' ? handleCommand(core, job.text, ctx) : handleAction(core, job.action, ctx)));
    // handleCommand answers every failure itself; this is only for a bug in the thread's own plumbing.
    answer.then(
      (reply) => send({ type: 'done', id, reply }),
      (error: unknown) => send({ type: 'failed', id, message: error instanceof Error ? error.message : String(error) }),
    );
  });
  send({ type: 'ready' });
}

/**
 * Platforms whose calls go back to the main thread's adapters (answered by the runner there), for a
 * thread that loads no platform SDK of its own: a command's e-mail look-up, a channel it creates.
 */
export function remotePlatforms(port: MessagePort, platforms: { name: string; methods: string[] }[]): ChatPlatform[] {
  const pendingCalls = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextCall = 0;
  port.on('message', (message: ToThread | string) => {
    if (typeof message !== 'object' || message.type !== 'platform-result') return;
    const call = pendingCalls.get(message.id);
    pendingCalls.delete(message.id);
    if (message.error) call?.reject(Object.assign(new Error(message.error.message), { name: message.error.name }));
    else call?.resolve(message.value);
  });
  return platforms.map(({ name, methods }) => {
    const platform: Record<string, unknown> = { name };
    for (const method of methods) {
      platform[method] = (request: unknown) =>
        new Promise((resolve, reject) => {
          const id = ++nextCall;
          pendingCalls.set(id, { resolve, reject });
          port.postMessage({ type: 'platform-call', id, platform: name, method, request } satisfies FromThread);
        });
    }
    return platform as unknown as ChatPlatform;
  });
}
