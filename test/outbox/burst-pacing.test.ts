/**
 * A burst to many channels under a workspace-wide pace rule (Slack's chat.postMessage, Teams' 50/s per
 * tenant). Waiting deliveries get planned slots; when a pass runs late, the sends it makes fill the
 * window later than planned, and the next slot finds no room yet. Such a delivery has waited its turn:
 * it must go as soon as there is room, not behind every slot planned since (that left slots unused
 * and a 1,000-post burst ran at half the rate the limits allow: npm run bench:delivery).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src/app.ts';
import { ManualClock } from '../../src/clock.ts';
import { silentLogger } from '../../src/logger.ts';
import { plainMessage } from '../../src/messages/model.ts';
import type { PaceRule } from '../../src/outbox/pacer.ts';
import { FakePlatform } from '../support/fake-platform.ts';

const RULE: PaceRule = { platform: 'slack', op: 'post', scope: 'workspace', windows: [{ count: 2, perMs: 1_000 }] };

describe('a burst under a workspace-wide pace rule', () => {
  let core: Core | undefined;
  afterEach(() => core?.close());

  it('a delivery that finds its slot still full after a late pass goes when room frees, not after later slots', async () => {
    const clock = new ManualClock('2027-01-04T08:00:00Z');
    const start = clock.now().getTime();
    const fake = new FakePlatform('slack');
    const sentAt = new Map<string, number>();
    const post = fake.postMessage.bind(fake);
    fake.postMessage = async (request) => {
      sentAt.set(request.channelRef, clock.now().getTime() - start);
      return post(request);
    };
    core = createCore({ dbPath: ':memory:', clock, logger: silentLogger(), platforms: [fake], workerId: 'w1', paceRules: [RULE] });
    for (let i = 1; i <= 8; i += 1) {
      const delivery = { idempotencyKey: `burst-${i}`, platform: 'slack', workspaceId: 'T1', programmeId: null, target: { type: 'channel' as const, channelRef: `C${i}` } };
      core.repos.deliveries.enqueue({ ...delivery, payload: { op: 'post', message: plainMessage(`Påmindelse ${i}`) } }, clock.now());
    }
    const passAt = async (ms: number) => {
      clock.set(new Date(start + ms));
      await core!.scheduler.tick();
    };
    await passAt(0); // C1, C2 go; C3-C8 get slots at 1 s, 1 s, 2 s, 2 s, 3 s, 3 s
    await passAt(1_300); // late: C3, C4 go at 1.3 s, so the window is full until 2.3 s
    await passAt(2_000); // C5, C6 find no room yet
    expect([...sentAt.keys()]).toEqual(['C1', 'C2', 'C3', 'C4']);
    // They come back when room frees (2.3 s), ahead of C7 and C8, whose slots were planned after theirs.
    const next = Date.parse(core.repos.deliveries.nextDueAt()!) - start;
    expect(next).toBe(2_300);
    await passAt(next);
    expect(sentAt.get('C5')).toBe(2_300);
    expect(sentAt.get('C6')).toBe(2_300);
    for (let i = 0; i < 20 && sentAt.size < 8; i += 1) await passAt(Date.parse(core.repos.deliveries.nextDueAt()!) - start);
    const times = [...sentAt.values()];
    // Never more than the rule allows in any window, and every post sent once.
    for (const t of times) expect(times.filter((u) => u > t - 1_000 && u <= t).length).toBeLessThanOrEqual(2);
    expect(fake.sent).toHaveLength(8);
  });
});
