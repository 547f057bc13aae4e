/**
 * Deliveries are read by position (src/outbox/repository.ts, DELIVERY_COLUMNS): every field of a
 * claimed delivery must be what the table holds, read here by column name. A delivery the scheduler
 * hands over in memory (QueuedDelivery) must be claimed exactly as if it had been read back, and only
 * while its row is still the one that was inserted.
 */
import { describe, expect, it } from 'vitest';
import { plainMessage } from '../../src/messages/model.ts';
import type { QueuedDelivery } from '../../src/outbox/repository.ts';
import type { NewDelivery } from '../../src/outbox/types.ts';
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

  it('takes a handed-over delivery from memory with every field the row holds', () => {
    const h = harness();
    const deliveries = h.core.repos.deliveries;
    const now = h.clock.now();
    const programme = bareProgramme(h);
    const fresh: NewDelivery[] = [
      { idempotencyKey: 'reminder:1', platform: 'slack', workspaceId: WORKSPACE, programmeId: programme.id, target: { type: 'partnership', id: 'P1' }, payload: { op: 'post', message: plainMessage('Besøg om 5 arbejdsdage') } },
      { idempotencyKey: 'reminder:2', platform: 'slack', workspaceId: WORKSPACE, programmeId: null, target: { type: 'member', id: 'M2' }, payload: { op: 'post', message: plainMessage('Hej'), threadRef: 'T-1' }, uncertain: true, notBefore: new Date(now.getTime() - 1_000) },
    ];
    const queued = new Map<number, QueuedDelivery>(fresh.map((delivery) => {
      const id = deliveries.insert(delivery, now)!;
      return [id, { id, delivery, queuedAt: now }];
    }));
    // Nothing is read back: a row whose payload no longer parses would throw if it were.
    h.core.db.prepare("UPDATE deliveries SET payload = '{' WHERE idempotency_key LIKE 'reminder:%'").run();
    const claimed = deliveries.claim('w1', now, 60_000, 10, queued);
    h.core.db.prepare('UPDATE deliveries SET payload = ? WHERE id = ?').run(JSON.stringify(fresh[0]!.payload), claimed[0]!.id);
    h.core.db.prepare('UPDATE deliveries SET payload = ? WHERE id = ?').run(JSON.stringify(fresh[1]!.payload), claimed[1]!.id);

    expect(claimed.map((d) => d.idempotencyKey)).toEqual(['reminder:1', 'reminder:2']);
    for (const delivery of claimed) expect(delivery).toEqual(deliveries.get(delivery.id));
    h.core.close();
  });

  it('reads a handed-over id back when its row is no longer the one inserted', () => {
    const h = harness();
    const deliveries = h.core.repos.deliveries;
    const now = h.clock.now();
    const post = (key: string, text: string): NewDelivery => ({ idempotencyKey: key, platform: 'slack', workspaceId: WORKSPACE, programmeId: null, target: { type: 'channel', channelRef: 'C1' }, payload: { op: 'post', message: plainMessage(text) } });
    // Claimed once before and put back for later: its times are the row's, not the insert's.
    const waited = post('dm:waited', 'Ventede');
    const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);
    const waitedId = deliveries.insert(waited, minutesAgo(3))!;
    const [first] = deliveries.claim('w0', minutesAgo(2), 60_000, 10);
    deliveries.retryAt(first!.id, 'w0', minutesAgo(1), null, { countAttempt: false });
    // Withdrawn (a member left), and its id taken by the next insert.
    const gone = post('dm:gone', 'Trukket tilbage');
    const id = deliveries.insert(gone, now)!;
    h.core.db.prepare('DELETE FROM deliveries WHERE id = ?').run(id);
    expect(deliveries.insert(post('dm:next', 'Den nye'), now)).toBe(id);

    const queued = new Map<number, QueuedDelivery>([[id, { id, delivery: gone, queuedAt: now }], [waitedId, { id: waitedId, delivery: waited, queuedAt: now }]]);
    const claimed = deliveries.claim('w1', now, 60_000, 10, queued);

    expect(claimed.map((d) => [d.idempotencyKey, (d.payload as { message: { text: string } }).message.text])).toEqual([['dm:waited', 'Ventede'], ['dm:next', 'Den nye']]);
    for (const delivery of claimed) expect(delivery).toEqual(deliveries.get(delivery.id));
    h.core.close();
  });
});
