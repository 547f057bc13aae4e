/**
 * Pacing by answers, and the dispatcher waiting for the next slot (round 5, bench:delivery).
 * A platform counts a request when it arrives, somewhere between our departure and its answer: the
 * pacer counts it until one window after the answer, so a request that arrived late cannot make the
 * next window's first request a 429. And a burst's slots open every few ms: the dispatcher sends each
 * as it opens instead of waiting for the scheduler's next pass (at most every 250 ms).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src/app.ts';
import { systemClock } from '../../src/clock.ts';
import { silentLogger } from '../../src/logger.ts';
import { plainMessage } from '../../src/messages/model.ts';
import { Pacer, type PaceRule } from '../../src/outbox/pacer.ts';
import { FakePlatform } from '../support/fake-platform.ts';

const PER_TENANT: PaceRule = { platform: 'teams', op: '*', scope: 'workspace', windows: [{ count: 1, perMs: 1_000 }] };
const post = { platform: 'teams', workspaceId: 'tenant', op: 'post', targetRef: 'a:1' };

describe('the pacer counts a request until one window after its answer', () => {
  it('a request answered late keeps its slot until one window after the answer, not after the departure', () => {
    const pacer = new Pacer([PER_TENANT]);
    expect(pacer.reserve(post, 0)).toBe(0);
    pacer.answered(post, 0, 300);
    // Teams may have counted it as late as 300 ms: the next request waits until 1,300 ms.
    expect(pacer.reserve({ ...post, targetRef: 'a:2' }, 1_000)).toBe(300);
    expect(pacer.reserve({ ...post, targetRef: 'a:2' }, 1_300)).toBe(0);
  });

  it('a request still on the wire counts as answered now', () => {
    const pacer = new Pacer([PER_TENANT]);
    expect(pacer.reserve(post, 0)).toBe(0);
    // Five seconds without an answer: it may arrive any moment, so the window is full for another second.
    expect(pacer.reserve({ ...post, targetRef: 'a:2' }, 5_000)).toBe(1_000);
    pacer.answered(post, 0, 5_000);
    expect(pacer.reserve({ ...post, targetRef: 'a:2' }, 6_000)).toBe(0);
  });
});

describe('the dispatcher in a burst', () => {
  let core: Core | undefined;
  afterEach(() => core?.close());

  it('sends each delivery as its slot opens within one run, never over the rule', async () => {
    const rule: PaceRule = { platform: 'teams', op: 'post', scope: 'workspace', windows: [{ count: 2, perMs: 100 }] };
    const fake = new FakePlatform('teams');
    const answeredAt: number[] = [];
    const send = fake.postMessage.bind(fake);
    fake.postMessage = async (request) => {
      const result = await send(request);
      answeredAt.push(Date.now());
      return result;
    };
    core = createCore({ dbPath: ':memory:', clock: systemClock, logger: silentLogger(), platforms: [fake], workerId: 'w1', paceRules: [rule] });
    for (let i = 1; i <= 8; i += 1) {
      const delivery = { idempotencyKey: `burst-${i}`, platform: 'teams', workspaceId: 'tenant', programmeId: null, target: { type: 'channel' as const, channelRef: `a:${i}` } };
      core.repos.deliveries.enqueue({ ...delivery, payload: { op: 'post', message: plainMessage(`Påmindelse ${i}`) } }, new Date());
    }
    const started = Date.now();
    const stats = await core.dispatcher.runOnce();
    // All eight in one run (the scheduler would have needed a pass per window, 250 ms apart).
    expect(stats.sent).toBe(8);
    expect(fake.sent).toHaveLength(8);
    expect(core.repos.deliveries.nextDueAt()).toBeNull();
    // Four windows of 100 ms at the least; well under four passes of the scheduler.
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(Date.now() - started).toBeLessThan(2_000);
    for (const t of answeredAt) expect(answeredAt.filter((u) => u > t - 100 && u <= t).length).toBeLessThanOrEqual(2);
  });
});
