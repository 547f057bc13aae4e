import { describe, expect, it } from 'vitest';
import { OutcomeWriter } from '../../src/outbox/outcomes.ts';
import { channel, enqueuePost, harness } from './harness.ts';

describe('dispatch outcomes (group commit)', () => {
  it('writes outcomes queued in one event-loop turn in one transaction, at the end of the turn', async () => {
    const commits: number[] = [];
    let inTransaction = 0;
    const writer = new OutcomeWriter((fn) => {
      inTransaction = 0;
      const result = fn();
      commits.push(inTransaction);
      return result;
    });
    const write = () => {
      inTransaction += 1;
    };
    writer.queue(write);
    writer.queue(write);
    expect(commits).toEqual([]);
    await writer.committed();
    writer.queue(write);
    await writer.committed();
    expect(commits).toEqual([2, 1]);
  });

  it('outcomes of later turns join the same commit while nobody waits, and a waiter gets it at the end of its turn', async () => {
    const commits: number[] = [];
    let inTransaction = 0;
    const writer = new OutcomeWriter((fn) => {
      inTransaction = 0;
      const result = fn();
      commits.push(inTransaction);
      return result;
    });
    const write = () => {
      inTransaction += 1;
    };
    writer.queue(write);
    await new Promise((resolve) => setImmediate(resolve));
    writer.queue(write);
    await new Promise((resolve) => setImmediate(resolve));
    writer.queue(write);
    await writer.committed();
    // Three turns within 2 ms: one commit (on a slow machine the first may have gone alone).
    expect(commits.reduce((a, b) => a + b, 0)).toBe(3);
    expect(commits.length).toBeLessThanOrEqual(2);
  });

  it('an outcome nobody waits for is still committed soon', async () => {
    const commits: number[] = [];
    const writer = new OutcomeWriter((fn) => {
      commits.push(1);
      return fn();
    });
    writer.queue(() => {});
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(commits).toEqual([1]);
  });

  it('a failed commit rejects those waiting for it, and is not an unhandled rejection for anyone else', async () => {
    const writer = new OutcomeWriter(() => {
      throw new Error('disk full');
    });
    writer.queue(() => {});
    await expect(writer.committed()).rejects.toThrow('disk full');
    writer.queue(() => {});
    // Nobody awaits this one: the process must not see an unhandled rejection.
    await new Promise((resolve) => setImmediate(resolve));
  });

  it('records the outcome of a delivery before the next delivery to the same target is sent', async () => {
    // 'fake' has no pacing rules, so both posts to C1 go out in this run.
    const h = harness({ platform: 'fake' });
    enqueuePost(h, 'c1-first', channel('C1'));
    enqueuePost(h, 'c2-only', channel('C2'));
    enqueuePost(h, 'c1-second', channel('C1'));
    const statusSeen = new Map<string, string | undefined>();
    const post = h.fake.postMessage.bind(h.fake);
    h.fake.postMessage = async (request) => {
      if (request.idempotencyKey === 'c1-second') statusSeen.set('c1-first', h.core.repos.deliveries.byKey('c1-first')?.status);
      return post(request);
    };

    const stats = await h.core.dispatcher.runOnce();

    expect(stats.sent).toBe(3);
    expect(statusSeen.get('c1-first')).toBe('sent');
    // And everything is recorded once runOnce returns.
    expect(['c1-first', 'c2-only', 'c1-second'].map((k) => h.core.repos.deliveries.byKey(k)?.status)).toEqual(['sent', 'sent', 'sent']);
  });
});
