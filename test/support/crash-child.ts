/**
 * The dispatcher as a real process, for the crash tests: `node --import tsx test/support/crash-child.ts`.
 * Opens the core on the database file in TOVHOLDER_DB, talks to the HTTP recorder at RECORDER_URL through
 * a ChatPlatform implementation, and ticks until no delivery is left pending or leased. Prints its tick
 * totals as one JSON line when done. The parent kills it with SIGKILL at moments of its choosing.
 */
import { createCore } from '../../src/app.ts';
import { systemClock } from '../../src/clock.ts';
import { silentLogger } from '../../src/logger.ts';
import { InvalidRequestError, RateLimitError, TransientError } from '../../src/platform/errors.ts';
import type { ChatPlatform, FindSentRequest, PostRequest } from '../../src/platform/port.ts';
import { pathToFileURL } from 'node:url';

export const RECORDER_PLATFORM = 'recorder';

/** A ChatPlatform over the recorder's HTTP API, mapping failures the way a real adapter does. */
export function createRecorderPlatform(baseUrl: string, worker: string, timeoutMs = 2_000): ChatPlatform {
  const call = async (path: string, init?: RequestInit): Promise<Record<string, unknown>> => {
    let response: Response;
    try {
      response = await fetch(`${baseUrl}${path}`, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      // Reset, refused, timed out: the request may or may not have been stored.
      throw new TransientError(`request to ${path} failed`, error);
    }
    if (response.status === 429) throw new RateLimitError(Number(response.headers.get('retry-after') ?? '1') * 1_000);
    if (response.status >= 500) throw new TransientError(`HTTP ${response.status} from ${path}`);
    if (!response.ok) throw new InvalidRequestError(`HTTP ${response.status} from ${path}`);
    return (await response.json()) as Record<string, unknown>;
  };
  return {
    name: RECORDER_PLATFORM,
    createChannel: async () => {
      throw new InvalidRequestError('the recorder has no channels to create');
    },
    inviteMembers: async () => {},
    openDirect: async ({ userRef }) => ({ channelRef: `D-${userRef}` }),
    postMessage: async (request: PostRequest) => {
      const body = JSON.stringify({ channelRef: request.channelRef, idempotencyKey: request.idempotencyKey, text: request.message.text, worker });
      const answer = await call('/post', { method: 'POST', body, headers: { 'content-type': 'application/json' } });
      return { messageRef: String(answer.messageRef) };
    },
    findSent: async (request: FindSentRequest) => {
      const query = new URLSearchParams({ channel: request.channelRef, key: request.idempotencyKey });
      const answer = await call(`/sent?${query.toString()}`);
      return typeof answer.messageRef === 'string' ? { messageRef: answer.messageRef } : null;
    },
  };
}

async function main(): Promise<void> {
  const env = (name: string): string => {
    const value = process.env[name];
    if (!value) throw new Error(`set ${name}`);
    return value;
  };
  const workerId = process.env.WORKER_ID ?? `child:${process.pid}`;
  const core = createCore({
    dbPath: env('TOVHOLDER_DB'),
    clock: systemClock,
    logger: silentLogger(),
    platforms: [createRecorderPlatform(env('RECORDER_URL'), workerId)],
    workerId,
    paceRules: [],
    // Small batches: a lease must outlast the work done under it, and the test uses a short lease.
    dispatcher: { leaseMs: Number(env('LEASE_MS')), batchSize: 8, concurrency: 4, backoffMs: 50, maxBackoffMs: 400, maxAttempts: 20 },
  });
  const open = core.db.prepare("SELECT COUNT(*) FROM deliveries WHERE status IN ('pending', 'sending')").pluck();
  const totals = { ticks: 0, sent: 0, reconciled: 0, retried: 0, failed: 0, deferred: 0 };
  let stopping = false;
  process.on('SIGTERM', () => {
    stopping = true;
  });
  while (!stopping) {
    const { dispatch } = await core.scheduler.tick();
    totals.ticks += 1;
    for (const key of ['sent', 'reconciled', 'retried', 'failed', 'deferred'] as const) totals[key] += dispatch[key];
    if ((open.get() as number) === 0) break;
    // Something is waiting for a backoff or for a dead process's lease to run out.
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  core.close();
  process.stdout.write(`${JSON.stringify(totals)}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
