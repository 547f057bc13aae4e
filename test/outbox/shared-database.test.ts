import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.ts';
import { plainMessage } from '../../src/messages/model.ts';
import { TransientError } from '../../src/platform/errors.ts';
import { FakePlatform } from '../support/fake-platform.ts';
import { callsTo, channel, enqueuePost, harness, postsByKey, tempDir, WORKSPACE, type Harness } from './harness.ts';

let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.reverse()) cleanup();
  cleanups = [];
});

/** Two cores (two "processes") on one database file, each with its own worker id. */
function twoWorkers(options: { batchSize?: number; leaseMs?: number; concurrency?: number } = {}): {
  a: Harness;
  b: Harness;
  clock: ManualClock;
  fake: FakePlatform;
} {
  const { dir, cleanup } = tempDir('tovholder-shared-');
  const dbPath = join(dir, 'outbox.db');
  const clock = new ManualClock('2027-01-04T08:00:00Z');
  // No pacing rules for 'fake': every delivery is sendable at once, which is the hardest case.
  const fake = new FakePlatform('fake');
  const dispatcher = { batchSize: 7, leaseMs: 60_000, ...options };
  const a = harness({ dbPath, clock, fake, workerId: 'A', dispatcher });
  const b = harness({ dbPath, clock, fake, workerId: 'B', dispatcher });
  cleanups.push(cleanup, () => a.core.close(), () => b.core.close());
  return { a, b, clock, fake };
}

function statusCounts(h: Harness): Record<string, number> {
  const rows = h.core.db.prepare('SELECT status, COUNT(*) AS n FROM deliveries GROUP BY status').all() as { status: string; n: number }[];
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

describe('two dispatchers sharing one database', () => {
  it('send each of 300 deliveries exactly once, sharing the work', async () => {
    const { a, b, clock, fake } = twoWorkers();
    // Every platform call yields to the event loop, so the two dispatchers really interleave.
    const post = fake.postMessage.bind(fake);
    fake.postMessage = async (request) => {
      await new Promise((resolve) => setImmediate(resolve));
      return post(request);
    };
    // Some calls fail on the way, some after the message was stored: retries must not duplicate.
    fake.failNext(new TransientError('HTTP 502'), { acceptThenFail: true }, new TransientError('reset'), { acceptThenFail: true });

    const keys = Array.from({ length: 300 }, (_, i) => `reminder:${i}`);
    keys.forEach((key, i) => enqueuePost(i % 2 ? a : b, key, channel(`C${i % 25}`)));
    for (let round = 0; round < 20; round++) {
      await Promise.all([a.core.dispatcher.runOnce(), b.core.dispatcher.runOnce(), a.core.dispatcher.runOnce()]);
      clock.advance(1_000);
    }

    const counts = postsByKey(fake);
    expect(counts.size).toBe(300);
    expect([...counts.entries()].filter(([, n]) => n !== 1)).toEqual([]);
    expect(statusCounts(a)).toEqual({ sent: 300 });
    const byWorker = a.core.db.prepare('SELECT claimed_by AS w, COUNT(*) AS n FROM deliveries GROUP BY claimed_by').all() as { w: string; n: number }[];
    expect(byWorker.map((r) => r.w).sort()).toEqual(['A', 'B']);
    expect(byWorker.every((r) => r.n > 0)).toBe(true);
  });

  it('a delivery leased by a worker that died is reclaimed after the lease, checked with findSent, and not sent twice', async () => {
    const { a, b, clock, fake } = twoWorkers({ leaseMs: 60_000 });
    for (let i = 0; i < 5; i++) enqueuePost(a, `k${i}`, channel('C1'));
    // Worker "dead" claims three deliveries, gets the first one to the platform, and is killed.
    const claimed = a.core.repos.deliveries.claim('dead', clock.now(), 60_000, 3);
    expect(claimed.map((d) => d.idempotencyKey)).toEqual(['k0', 'k1', 'k2']);
    await fake.postMessage({ workspaceId: WORKSPACE, channelRef: 'C1', message: plainMessage('k0'), idempotencyKey: 'k0' });

    await b.core.dispatcher.runOnce();
    expect(fake.sent.map((m) => m.idempotencyKey)).toEqual(['k0', 'k3', 'k4']);

    clock.advance(59_999);
    await b.core.dispatcher.runOnce();
    expect(fake.sent).toHaveLength(3);

    clock.advance(1);
    const stats = await b.core.dispatcher.runOnce();
    expect(stats).toMatchObject({ reconciled: 1, sent: 2 });
    expect([...postsByKey(fake).values()]).toEqual([1, 1, 1, 1, 1]);
    const k0 = b.core.repos.deliveries.byKey('k0')!;
    expect([k0.status, k0.uncertain, k0.resultRef]).toEqual(['sent', true, fake.sent[0]!.messageRef]);

    // The dead worker's late report changes nothing: the delivery is no longer its own.
    a.core.repos.deliveries.markFailed(claimed[1]!.id, 'dead', 'late', clock.now());
    expect(a.core.repos.deliveries.byKey('k1')!.status).toBe('sent');
    expect(statusCounts(a)).toEqual({ sent: 5 });
  });

  it('a live worker whose batch outlasts its lease does not send what the other worker took over', async () => {
    // Slow platform calls (30 s each) and a 60 s lease: worker A claims ten deliveries for one channel
    // at once, and while it is still working through them its lease on the later ones runs out.
    const { a, b, clock, fake } = twoWorkers({ leaseMs: 60_000, batchSize: 10, concurrency: 1 });
    for (let i = 0; i < 10; i++) enqueuePost(a, `k${i}`, channel('C1'));
    const post = fake.postMessage.bind(fake);
    let slowCalls = 3;
    let takeover: Promise<unknown> | null = null;
    fake.postMessage = async (request) => {
      if (slowCalls > 0) {
        slowCalls -= 1;
        clock.advance(30_000);
        // Worker B ticks while A is waiting for the platform.
        if (slowCalls === 0) takeover = b.core.dispatcher.runOnce();
      }
      return post(request);
    };

    await a.core.dispatcher.runOnce();
    await takeover;
    await a.core.dispatcher.runOnce();
    await b.core.dispatcher.runOnce();

    expect([...postsByKey(fake).entries()].filter(([, n]) => n !== 1)).toEqual([]);
    expect(postsByKey(fake).size).toBe(10);
    expect(statusCounts(a)).toEqual({ sent: 10 });
    expect(callsTo(fake, 'postMessage')).toBe(10);
  });
});
