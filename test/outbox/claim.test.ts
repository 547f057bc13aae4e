/**
 * claim() reads its rows back by position (src/outbox/repository.ts, CLAIMED_COLUMNS): every field of
 * a claimed delivery must be what the table holds, as get() reads it by name.
 */
import { describe, expect, it } from 'vitest';
import { plainMessage } from '../../src/messages/model.ts';
import { bareProgramme, harness, WORKSPACE } from './harness.ts';

describe('claiming deliveries', () => {
  it('gives every field of the claimed row, the same as reading it by id', () => {
    const h = harness();
    const deliveries = h.core.repos.deliveries;
    const now = h.clock.now();
    const programme = bareProgramme(h);
    deliveries.enqueue(
      { idempotencyKey: 'dm:1', platform: 'slack', workspaceId: WORKSPACE, programmeId: programme.id, target: { type: 'member', id: 'M1' }, payload: { op: 'post', message: plainMessage('Hej Karin'), threadRef: 'T-9' }, uncertain: true, notBefore: new Date(now.getTime() - 60_000) },
      now,
    );
    deliveries.enqueue(
      { idempotencyKey: 'chan:1', platform: 'slack', workspaceId: WORKSPACE, programmeId: null, target: { type: 'channel', channelRef: 'C1' }, payload: { op: 'invite', userRefs: ['U1', 'U2'] } },
      now,
    );
    const claimed = deliveries.claim('w1', now, 60_000, 10);

    expect(claimed.map((d) => d.idempotencyKey)).toEqual(['dm:1', 'chan:1']);
    for (const delivery of claimed) expect(delivery).toEqual(deliveries.get(delivery.id));
    expect(claimed[0]).toMatchObject({ status: 'sending', attempts: 1, uncertain: true, programmeId: programme.id, target: { type: 'member', id: 'M1' }, firstAttemptAt: now.toISOString() });
    h.core.close();
  });
});
