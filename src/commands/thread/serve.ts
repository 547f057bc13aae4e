import type { MessagePort } from 'node:worker_threads';
import type { Core } from '../../app.ts';
import type { ChatPlatform } from '../../platform/port.ts';
import { withLogContext } from '../../ops/log-context.ts';
import { handleAction, handleCommand } from '../router.ts';
import { AuthError, InvalidRequestError, NotFoundError, PlatformError, RateLimitError, TargetGoneError, TransientError, UnsupportedError, type PlatformErrorCode } from '../../platform/errors.ts';
import type { CallFailure, FromThread, ToThread } from './protocol.ts';

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
 * thread that loads no platform SDK of its own: the outbox thread's sends, a command's e-mail look-up,
 * a channel it creates. A failure comes back as the PlatformError it was (platformErrorFrom), so the
 * dispatcher waits, retries or gives up as it would in the adapter's thread. `paceTargets`: the
 * platforms' synchronous paceTarget, which cannot be a call across threads.
 */
export function remotePlatforms(port: MessagePort, platforms: { name: string; methods: string[] }[], paceTargets: Readonly<Record<string, (channelRef: string) => string>> = {}): ChatPlatform[] {
  const pendingCalls = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextCall = 0;
  port.on('message', (message: ToThread | string) => {
    if (typeof message !== 'object' || message.type !== 'platform-result') return;
    const call = pendingCalls.get(message.id);
    pendingCalls.delete(message.id);
    if (message.error) call?.reject(platformErrorFrom(message.error));
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
    if (paceTargets[name]) platform.paceTarget = paceTargets[name];
    return platform as unknown as ChatPlatform;
  });
}

const BY_CODE: Record<PlatformErrorCode, (failure: CallFailure) => PlatformError> = {
  rate_limited: ({ message, retryAfterMs }) => new RateLimitError(retryAfterMs ?? 0, message),
  transient: ({ message }) => new TransientError(message),
  auth: ({ message }) => new AuthError(message),
  not_found: ({ message }) => new NotFoundError(message),
  target_gone: ({ message }) => new TargetGoneError(message),
  invalid_request: ({ message }) => new InvalidRequestError(message),
  unsupported: ({ message }) => new UnsupportedError(message),
};

/** The error a platform call failed with on the other thread: the same PlatformError class and fields. */
export function platformErrorFrom(failure: CallFailure): Error {
  const make = failure.code ? BY_CODE[failure.code as PlatformErrorCode] : undefined;
  // The name as thrown (an adapter's own subclass, for the logs); the class the core decides by.
  return Object.assign(make ? make(failure) : new Error(failure.message), { name: failure.name });
}
