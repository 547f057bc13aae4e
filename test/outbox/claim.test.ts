/**
 * Deliveries are read by position (src/outbox/repository.ts, DELIVERY_COLUMNS): every field of a
 * claimed delivery must be what the table holds, read here by column name.
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
    for (const delivery of claimed) {
      expect(delivery).toEqual(deliveries.get(delivery.id));
      const row = h.core.db.prepare('SELECT * FROM deliveries WHERE id = ?').get(delivery.id) as Record<string, unknown>;
      expect(delivery).toEqual({
        id: row.id, idempotencyKey: row.idempotency_key, platform: row.platform, workspaceId: row.workspace_id, programmeId: row.programme_id,
        target: JSON.parse(row.target as string), payload: JSON.parse(row.payload as string), status: row.status, attempts: row.attempts,
        uncertain: row.uncertain === 1, nextAttemptAt: row.next_attempt_at, firstAttemptAt: row.first_attempt_at, lastError: row.last_error,
        resultRef: row.result_ref, createdAt: row.created_at,
      });
    }
    expect(claimed[0]).toMatchObject({ status: 'sending', attempts: 1, uncertain: true, programmeId: programme.id, target: { type: 'member', id: 'M1' }, firstAttemptAt: now.toISOString() });
    h.core.close();
  });
});
