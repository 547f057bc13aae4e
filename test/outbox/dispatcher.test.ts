import { describe, expect, it } from 'vitest';
import { InvalidRequestError, RateLimitError, TransientError } from '../../src/platform/errors.ts';
import { channelCreationKey } from '../../src/outbox/resolver.ts';
import {
  bareProgramme,
  callsTo,
  channel,
  enqueuePost,
  harness,
  postsByKey,
  runFor,
  stampPosts,
  WORKSPACE,
} from './harness.ts';

describe('Retry-After', () => {
  // 'slack' has pacing rules for posts; 'fake' has none, and must honour Retry-After all the same.
  it.each(['slack', 'fake'])('on %s: nothing else goes to the limited channel until Retry-After has passed', async (platform) => {
    const h = harness({ platform });
    const stamps = stampPosts(h.fake, h.clock);
    enqueuePost(h, 'c1-first', channel('C1'));
    enqueuePost(h, 'c1-second', channel('C1'));
    enqueuePost(h, 'c2-only', channel('C2'));
    h.fake.failNext(new RateLimitError(30_000));
    const t0 = h.clock.now().getTime();

    await h.core.dispatcher.runOnce();
    expect(stamps.map((s) => s.key)).toEqual(['c2-only']);

    h.clock.advance(29_999);
    await h.core.dispatcher.runOnce();
    expect(stamps.filter((s) => s.channelRef === 'C1')).toEqual([]);

    h.clock.advance(1);
    await runFor(h, 3_000, 100);
    const c1 = stamps.filter((s) => s.channelRef === 'C1');
    expect(c1.map((s) => s.key)).toEqual(['c1-first', 'c1-second']);
    expect(c1.every((s) => s.at >= t0 + 30_000)).toBe(true);
    expect([...postsByKey(h.fake).values()]).toEqual([1, 1, 1]);
  });

  it('a post limited twice keeps its place: the channel reads its posts in the order they were sent', async () => {
    const h = harness({ platform: 'slack', postIntervalMs: 1_000 });
    const stamps = stampPosts(h.fake, h.clock);
    for (const key of ['first', 'second', 'third']) enqueuePost(h, key, channel('C1'));
    // The first post is refused, and refused again when it comes back after the pause.
    h.fake.failNext(new RateLimitError(2_000), new RateLimitError(2_000));
    await runFor(h, 20_000, 100);
    expect(stamps.map((s) => s.key)).toEqual(['first', 'second', 'third']);
    expect([...postsByKey(h.fake).values()]).toEqual([1, 1, 1]);
  });

  it('a rate-limited attempt does not use up the attempts', async () => {
    const h = harness({ dispatcher: { maxAttempts: 2 } });
    enqueuePost(h, 'k', channel('C1'));
    h.fake.failNext(...Array.from({ length: 5 }, () => new RateLimitError(2_000)));
    await runFor(h, 20_000, 500);
    const delivery = h.core.repos.deliveries.byKey('k')!;
    expect(delivery.status).toBe('sent');
    expect(delivery.attempts).toBe(1);
    expect(h.fake.sent.map((m) => m.idempotencyKey)).toEqual(['k']);
  });
});

describe('pacing with the default rules', () => {
  it('keeps Slack posts to one channel at least 1.1 s apart while other channels go in parallel', async () => {
    // The fake answers 429 to a second post in the same channel within 1 s, like Slack.
    const h = harness({ platform: 'slack', postIntervalMs: 1_000 });
    const stamps = stampPosts(h.fake, h.clock);
    for (let i = 0; i < 5; i++) {
      enqueuePost(h, `a${i}`, channel('CA'));
      enqueuePost(h, `b${i}`, channel('CB'));
    }
    const t0 = h.clock.now().getTime();
    await runFor(h, 8_000, 100);

    for (const ref of ['CA', 'CB']) {
      const times = stamps.filter((s) => s.channelRef === ref).map((s) => s.at - t0);
      expect(times).toHaveLength(5);
      expect(times[0]).toBe(0);
      for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(1_100);
    }
    // Pacing kept us under the platform's limit: no post was ever refused.
    for (const key of stamps.map((s) => s.key)) {
      const d = h.core.repos.deliveries.byKey(key)!;
      expect([d.status, d.attempts, d.lastError]).toEqual(['sent', 1, null]);
    }
    expect(callsTo(h.fake, 'postMessage')).toBe(10);
  });
});

describe('a backlog to one channel', () => {
  it('comes back one slot at a time: each message is put back once, not at every free slot', async () => {
    const h = harness({ platform: 'slack', postIntervalMs: 1_000 });
    const stamps = stampPosts(h.fake, h.clock);
    const n = 40;
    for (let i = 0; i < n; i++) enqueuePost(h, `m${String(i).padStart(2, '0')}`, channel('CA'));
    let deferred = 0;
    let passes = 0;
    const t0 = h.clock.now().getTime();
    while (stamps.length < n && passes < 1_000) {
      deferred += (await h.core.dispatcher.runOnce()).deferred;
      passes += 1;
      h.clock.advance(100);
    }
    // In order, 1.1 s apart, none refused by the platform...
    expect(stamps.map((s) => s.key)).toEqual(Array.from({ length: n }, (_, i) => `m${String(i).padStart(2, '0')}`));
    for (let i = 1; i < n; i++) expect(stamps[i]!.at - stamps[i - 1]!.at).toBeGreaterThanOrEqual(1_100);
    expect(stamps.at(-1)!.at - t0).toBeLessThanOrEqual((n - 1) * 1_100 + 100);
    // ...and each of the 39 that had to wait was put back once (it was n * (n - 1) / 2 = 780 times).
    expect(deferred).toBe(n - 1);
  });
});

describe('transient failures', () => {
  // On 'fake' no pacing rule applies, so the retry times are the backoff alone (on 'slack' a retry
  // within 1.1 s of the last try would also wait for the channel's pace).
  it('are retried with growing backoff and then succeed, sending one message', async () => {
    const h = harness({ platform: 'fake' });
    enqueuePost(h, 'k', channel('C1'));
    h.fake.failNext(new TransientError('HTTP 503'), new TransientError('HTTP 503'));

    await h.core.dispatcher.runOnce();
    let d = h.core.repos.deliveries.byKey('k')!;
    expect([d.status, d.attempts, d.lastError]).toEqual(['pending', 1, 'transient: HTTP 503']);

    h.clock.advance(999); // first backoff is 1 s
    await h.core.dispatcher.runOnce();
    expect(callsTo(h.fake, 'postMessage')).toBe(1);
    h.clock.advance(1);
    await h.core.dispatcher.runOnce();
    expect(callsTo(h.fake, 'postMessage')).toBe(2);

    h.clock.advance(1_999); // second backoff is 2 s
    await h.core.dispatcher.runOnce();
    expect(callsTo(h.fake, 'postMessage')).toBe(2);
    h.clock.advance(1);
    await h.core.dispatcher.runOnce();

    d = h.core.repos.deliveries.byKey('k')!;
    expect([d.status, d.attempts]).toEqual(['sent', 3]);
    expect(h.fake.sent.map((m) => m.idempotencyKey)).toEqual(['k']);
  });

  it('after maxAttempts the delivery is failed with a reason the consultant can read', async () => {
    const h = harness({ dispatcher: { maxAttempts: 3 } });
    const programme = bareProgramme(h);
    enqueuePost(h, 'k', channel('C1'), { programmeId: programme.id });
    h.fake.failNext(...Array.from({ length: 3 }, () => new TransientError('HTTP 503 from chat.postMessage')));
    await runFor(h, 60_000, 500);

    const failed = h.core.repos.deliveries.listForProgramme(programme.id, 'failed');
    expect(failed.map((d) => d.idempotencyKey)).toEqual(['k']);
    expect(failed[0]!.lastError).toBe('transient: HTTP 503 from chat.postMessage (after 3 attempts)');
    expect(h.core.repos.deliveries.listForProgramme(programme.id, 'pending')).toEqual([]);
    expect(callsTo(h.fake, 'postMessage')).toBe(3);
    expect(h.fake.sent).toEqual([]);
  });
});

describe('permanent failures', () => {
  it('an invalid request fails at once and is never retried', async () => {
    const h = harness();
    const programme = bareProgramme(h);
    enqueuePost(h, 'bad', channel('C1'), { programmeId: programme.id });
    h.fake.failNext(new InvalidRequestError('invalid_blocks'));
    await runFor(h, 3_600_000, 60_000);

    const [failed] = h.core.repos.deliveries.listForProgramme(programme.id, 'failed');
    expect([failed?.idempotencyKey, failed?.attempts, failed?.lastError]).toEqual(['bad', 1, 'invalid_request: invalid_blocks']);
    expect(callsTo(h.fake, 'postMessage')).toBe(1);
  });

  it('a channel the bot was removed from fails at once; other channels are not affected', async () => {
    const h = harness();
    h.fake.goneTargets.add('C-gone');
    enqueuePost(h, 'to-gone', channel('C-gone'));
    enqueuePost(h, 'to-ok', channel('C-ok'));
    await runFor(h, 3_600_000, 60_000);

    const gone = h.core.repos.deliveries.byKey('to-gone')!;
    expect([gone.status, gone.attempts, gone.lastError]).toEqual(['failed', 1, 'target_gone: bot removed']);
    expect(h.core.repos.deliveries.byKey('to-ok')!.status).toBe('sent');
    expect(h.fake.sent.map((m) => m.idempotencyKey)).toEqual(['to-ok']);
    expect(callsTo(h.fake, 'postMessage')).toBe(2);
  });
});

describe('unknown outcome (message stored, call failed)', () => {
  it('with findSent: the retry finds the stored message and does not post again', async () => {
    const h = harness({ platform: 'fake' });
    enqueuePost(h, 'k', channel('C1'));
    h.fake.failNext({ acceptThenFail: true });

    await h.core.dispatcher.runOnce();
    expect(h.core.repos.deliveries.byKey('k')!.uncertain).toBe(true);
    h.clock.advance(1_000);
    const stats = await h.core.dispatcher.runOnce();

    expect(stats.reconciled).toBe(1);
    expect(callsTo(h.fake, 'findSent')).toBe(1);
    expect(callsTo(h.fake, 'postMessage')).toBe(1);
    expect(h.fake.messagesIn('C1')).toHaveLength(1);
    const d = h.core.repos.deliveries.byKey('k')!;
    expect([d.status, d.resultRef]).toEqual(['sent', h.fake.sent[0]!.messageRef]);
  });

  it('without findSent the platform cannot be asked, so the message is posted again (at-least-once)', async () => {
    // Documented fallback: a platform that cannot look a message up by key gets at-least-once delivery.
    const h = harness({ findSent: false });
    enqueuePost(h, 'k', channel('C1'));
    h.fake.failNext({ acceptThenFail: true });
    await runFor(h, 2_000, 500);

    expect(h.core.repos.deliveries.byKey('k')!.status).toBe('sent');
    expect(h.fake.messagesIn('C1').map((m) => m.idempotencyKey)).toEqual(['k', 'k']);
  });
});

describe('idempotency', () => {
  it('enqueuing the same key twice gives one delivery and one message, also after it was sent', async () => {
    const h = harness();
    expect(enqueuePost(h, 'reminder:x', channel('C1'))).toBe(true);
    expect(enqueuePost(h, 'reminder:x', channel('C1'))).toBe(false);
    await runFor(h, 2_000, 500);
    expect(enqueuePost(h, 'reminder:x', channel('C1'))).toBe(false);
    await runFor(h, 2_000, 500);
    expect(h.fake.sent.map((m) => m.idempotencyKey)).toEqual(['reminder:x']);
  });
});

describe('partnership channels', () => {
  function withPartnership(h: ReturnType<typeof harness>) {
    const programme = bareProgramme(h);
    const partnership = h.core.repos.partnerships.insert({
      programmeId: programme.id,
      name: 'Biblioteket og Solsikken',
      culturalInstitution: 'Hovedbiblioteket',
      daycare: 'Solsikken',
      keywords: [],
    });
    const target = { type: 'partnership' as const, id: partnership.id };
    const enqueueCreation = (notBefore: Date) =>
      h.core.repos.deliveries.enqueue(
        {
          idempotencyKey: channelCreationKey(target),
          platform: h.fake.name,
          workspaceId: WORKSPACE,
          programmeId: programme.id,
          target,
          payload: { op: 'create_channel', name: 'biblioteket-solsikken' },
          notBefore,
        },
        h.clock.now(),
      );
    return { programme, partnership, target, enqueueCreation };
  }

  it('a post waits, without using up attempts, until the channel has been created', async () => {
    const h = harness({ dispatcher: { maxAttempts: 2 } });
    const { partnership, target, enqueueCreation } = withPartnership(h);
    enqueueCreation(new Date(h.clock.now().getTime() + 10 * 60_000));
    enqueuePost(h, 'welcome', target);

    await h.core.dispatcher.runOnce();
    let post = h.core.repos.deliveries.byKey('welcome')!;
    expect([post.status, post.attempts]).toEqual(['pending', 0]);
    expect(post.lastError).toBe('waiting for the channel of "Biblioteket og Solsikken"');

    await runFor(h, 9 * 60_000, 30_000); // many waits, far more than maxAttempts
    expect(h.core.repos.deliveries.byKey('welcome')!.status).toBe('pending');
    expect(h.fake.sent).toEqual([]);

    await runFor(h, 2 * 60_000, 30_000);
    const channelRef = h.core.repos.partnerships.get(partnership.id)!.channelRef!;
    expect(h.fake.channels.get(channelRef)?.name).toBe('biblioteket-solsikken');
    expect(h.fake.messagesIn(channelRef).map((m) => m.idempotencyKey)).toEqual(['welcome']);
    post = h.core.repos.deliveries.byKey('welcome')!;
    expect([post.status, post.attempts]).toEqual(['sent', 1]);
  });

  // The batch's channels are read once at the claim (StoreTargetResolver.forBatch); a channel that
  // did not exist then must still be found once the creation claimed with the post has made it.
  it('a post claimed together with its channel creation goes into the new channel in the same run', async () => {
    const h = harness();
    const { partnership, target, enqueueCreation } = withPartnership(h);
    enqueueCreation(h.clock.now());
    enqueuePost(h, 'welcome', target);
    const stats = await h.core.dispatcher.runOnce();

    expect(stats).toMatchObject({ sent: 2, deferred: 0 });
    const channelRef = h.core.repos.partnerships.get(partnership.id)!.channelRef!;
    expect(h.fake.messagesIn(channelRef).map((m) => m.idempotencyKey)).toEqual(['welcome']);
  });

  it('a post fails with a clear reason when its channel could not be created', async () => {
    const h = harness();
    const { programme, target, enqueueCreation } = withPartnership(h);
    enqueueCreation(h.clock.now());
    enqueuePost(h, 'welcome', target, { programmeId: programme.id });
    h.fake.failNext(new InvalidRequestError('name_taken'));
    await runFor(h, 60_000, 1_000);

    const failed = h.core.repos.deliveries.listForProgramme(programme.id, 'failed');
    expect(failed.map((d) => [d.idempotencyKey, d.lastError])).toEqual([
      [channelCreationKey(target), 'invalid_request: name_taken'],
      ['welcome', 'the channel for "Biblioteket og Solsikken" could not be created: invalid_request: name_taken'],
    ]);
    expect(h.fake.sent).toEqual([]);
  });
});

describe('direct messages to a member', () => {
  it('opens the direct conversation once and reuses it', async () => {
    const h = harness();
    const programme = bareProgramme(h);
    const member = h.core.repos.members.insert({
      programmeId: programme.id, partnershipId: null, role: 'consultant', userRef: 'U7', email: null, displayName: 'Karin', locale: null,
    });
    enqueuePost(h, 'dm-1', { type: 'member', id: member.id });
    enqueuePost(h, 'dm-2', { type: 'member', id: member.id });
    await runFor(h, 5_000, 500);
    enqueuePost(h, 'dm-3', { type: 'member', id: member.id });
    await runFor(h, 5_000, 500);

    expect(callsTo(h.fake, 'openDirect')).toBe(1);
    expect(h.core.repos.members.get(member.id)!.dmRef).toBe('D-U7');
    expect(h.fake.messagesIn('D-U7').map((m) => m.idempotencyKey)).toEqual(['dm-1', 'dm-2', 'dm-3']);
  });

  it('fails with a readable reason for a member who has no platform user yet', async () => {
    const h = harness();
    const programme = bareProgramme(h);
    const member = h.core.repos.members.insert({
      programmeId: programme.id, partnershipId: null, role: 'leader', userRef: null, email: 'bo@kommune.dk', displayName: 'Bo', locale: null,
    });
    enqueuePost(h, 'dm', { type: 'member', id: member.id }, { programmeId: programme.id });
    await runFor(h, 5_000, 500);
    const [failed] = h.core.repos.deliveries.listForProgramme(programme.id, 'failed');
    expect(failed?.lastError).toBe('Bo has no user on the platform yet');
    expect(callsTo(h.fake, 'openDirect')).toBe(0);
  });
});
