/**
 * Outbound through the outbox: the port makes one call per attempt and maps failures, the outbox owns
 * waiting and retrying. An uninstalled bot stops being called after the first 403 and the consultant
 * is told once; a burst to one conversation stays under Teams' limits; a 429's Retry-After is honoured.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/clock.ts';
import type { DeliveryTarget } from '../../../src/outbox/types.ts';
import { botAddedToTeam, type FakeTeam, type Json } from '../../fakes/teams/index.ts';
import { teamsWorld, type TeamsWorld } from './harness.ts';
import { drainRealTime, enqueuePost, setUp, type Setup } from './setup.ts';

const enqueue = (w: TeamsWorld, s: Setup, key: string, target: DeliveryTarget) => enqueuePost(w, s, key, target);

const status = (w: TeamsWorld, key: string) => w.core.repos.deliveries.byKey(key)!;
const connectorCalls = (w: TeamsWorld, conversationPrefix: string) =>
  w.fake.calls.filter((c) => c.service === 'connector' && c.method === 'POST' && (c.conversationId ?? '').startsWith(conversationPrefix));

describe('Teams outbound through the outbox', () => {
  let w: TeamsWorld;
  afterEach(async () => w?.close());

  it('an uninstalled bot: one 403, every delivery to that team fails at once, and the consultant is told once', async () => {
    w = await teamsWorld();
    const s = await setUp(w);
    w.fake.setUninstalled(s.team.id);
    const before = w.fake.calls.length;
    const teamCalls = (world: TeamsWorld, team: FakeTeam) =>
      world.fake.calls
        .slice(before)
        .filter((c) => c.service === 'connector' && c.method === 'POST')
        .map((c) => ({ status: c.status, channel: ((c.body as Json | undefined)?.channelData as { channel?: { id?: string } } | undefined)?.channel?.id ?? c.conversationId ?? '' }))
        .filter((c) => team.channels.some((ch) => c.channel.startsWith(ch.id)));
    for (let i = 1; i <= 3; i += 1) enqueue(w, s, `partnership-${i}`, { type: 'partnership', id: s.partnershipId });
    for (let i = 1; i <= 2; i += 1) enqueue(w, s, `programme-${i}`, { type: 'programme', id: s.programmeId });
    await w.drain();

    // The two channels are sent to in parallel: each gets one 403 at most, then nothing more.
    const calls = teamCalls(w, s.team);
    expect(calls.map((c) => c.status)).toEqual([403, 403]);
    expect(new Set(calls.map((c) => c.channel)).size).toBe(2);
    for (const key of ['partnership-1', 'partnership-2', 'partnership-3', 'programme-1', 'programme-2']) {
      expect(status(w, key)).toMatchObject({ status: 'failed', attempts: 1, lastError: expect.stringContaining('target_gone') });
    }
    const notices = w.fake.messages(w.fake.personalConversation(s.karen).id).map((m) => String(m.text)).filter((t) => t.includes('ikke længere med i teamet'));
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain('Kultur og dagtilbud');

    // More reminders later: still no calls, no second notice. A reinstall lifts the mark.
    enqueue(w, s, 'partnership-4', { type: 'partnership', id: s.partnershipId });
    await w.drain();
    expect(teamCalls(w, s.team)).toHaveLength(2);
    expect(status(w, 'partnership-4').status).toBe('failed');
    w.fake.setUninstalled(s.team.id, false);
    expect(await w.send(botAddedToTeam(w.fake, { team: s.team, by: s.karen }))).toBe(200);
    enqueue(w, s, 'partnership-5', { type: 'partnership', id: s.partnershipId });
    await w.drain();
    expect(status(w, 'partnership-5').status).toBe('sent');
  });

  it('an uninstall event tells the consultant at once; later deliveries there fail without a call', async () => {
    w = await teamsWorld();
    const s = await setUp(w);
    const removed = { ...botAddedToTeam(w.fake, { team: s.team, by: s.karen }), membersAdded: [], membersRemoved: [{ id: `28:${w.fake.appId}` }] };
    w.fake.setUninstalled(s.team.id);
    expect(await w.send(removed)).toBe(200);
    const before = w.fake.calls.length;
    enqueue(w, s, 'after-uninstall', { type: 'partnership', id: s.partnershipId });
    await w.drain();
    expect(status(w, 'after-uninstall')).toMatchObject({ status: 'failed', lastError: expect.stringContaining('uninstalled') });
    expect(w.fake.calls.slice(before).filter((c) => c.service === 'connector' && c.status === 403)).toEqual([]);
    const notices = w.fake.messages(w.fake.personalConversation(s.karen).id).map((m) => String(m.text)).filter((t) => t.includes('ikke længere med i teamet'));
    expect(notices).toHaveLength(1);
  });

  it('a personal chat the Connector refuses is reported once and not called again', async () => {
    w = await teamsWorld();
    const s = await setUp(w);
    const annaChat = w.fake.personalConversation(s.anna);
    w.fake.setUninstalled(annaChat.id);
    enqueue(w, s, 'dm-1', { type: 'member', id: s.annaMemberId });
    enqueue(w, s, 'dm-2', { type: 'member', id: s.annaMemberId });
    await w.drain();
    expect(connectorCalls(w, annaChat.id).filter((c) => c.status === 403)).toHaveLength(1);
    expect([status(w, 'dm-1').status, status(w, 'dm-2').status]).toEqual(['failed', 'failed']);
    const notices = w.fake.messages(w.fake.personalConversation(s.karen).id).map((m) => String(m.text)).filter((t) => t.includes('Anna Berg'));
    expect(notices).toHaveLength(1);
  });

  it("honours a 429's Retry-After: no retry inside the call, the next attempt only after the pause", async () => {
    w = await teamsWorld();
    const s = await setUp(w);
    const annaChat = w.fake.personalConversation(s.anna).id;
    w.fake.failNext({ status: 429, retryAfterSeconds: 7, conversationId: annaChat });
    enqueue(w, s, 'limited', { type: 'member', id: s.annaMemberId });
    const start = w.clock.now().getTime();
    await w.core.scheduler.tick();
    expect(connectorCalls(w, annaChat).filter((c) => c.status === 429)).toHaveLength(1);
    expect(status(w, 'limited')).toMatchObject({ status: 'pending', attempts: 0 });
    expect(Date.parse(status(w, 'limited').nextAttemptAt) - start).toBe(7_000);
    w.clock.set(new Date(start + 6_000));
    await w.core.scheduler.tick();
    expect(status(w, 'limited').status).toBe('pending');
    w.clock.set(new Date(start + 7_000));
    await w.core.scheduler.tick();
    expect(status(w, 'limited').status).toBe('sent');
    expect(connectorCalls(w, annaChat).map((c) => c.status).slice(-2)).toEqual([429, 201]);
  });

  it('412, 502, 503 and 504 are retried by the outbox; a reset after Teams stored the post in a chat Graph may not read (no Chat.Read.WhereInstalled) is posted again: a duplicate', async () => {
    w = await teamsWorld();
    const s = await setUp(w);
    const annaChat = w.fake.personalConversation(s.anna).id;
    for (const code of [412, 502, 503, 504]) {
      w.fake.failNext({ status: code, conversationId: annaChat });
      enqueue(w, s, `flaky-${code}`, { type: 'member', id: s.annaMemberId });
      await w.drain();
      expect(status(w, `flaky-${code}`)).toMatchObject({ status: 'sent', attempts: 2, uncertain: true });
    }
    const count = w.fake.messages(annaChat).length;
    w.fake.failNext({ status: 0, dropResponse: true, conversationId: annaChat });
    enqueue(w, s, 'reset', { type: 'member', id: s.annaMemberId });
    await w.drain();
    expect(status(w, 'reset')).toMatchObject({ status: 'sent', attempts: 2 });
    expect(w.fake.messages(annaChat).length - count).toBe(2);
  });
});

describe('Teams pacing in real time', () => {
  let w: TeamsWorld;
  afterEach(async () => w?.close());

  function maxInWindow(times: number[], windowMs: number): number {
    return Math.max(0, ...times.map((t) => times.filter((u) => u >= t && u < t + windowMs).length));
  }

  it('a burst of 20 posts to one conversation stays under 7 per second and 8 per 2 seconds: no 429', async () => {
    w = await teamsWorld({ clock: systemClock });
    const s = await setUp(w, { drain: () => drainRealTime(w) });
    const annaChat = w.fake.personalConversation(s.anna).id;
    // Opening Anna's chat and her welcome counted against her chat's limit (Teams counts a create too,
    // and the outbox cannot pace it): start the burst once those have left Teams' windows.
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    const started = Date.now();
    for (let i = 1; i <= 20; i += 1) enqueue(w, s, `burst-${i}`, { type: 'member', id: s.annaMemberId });
    await drainRealTime(w);
    const accepted = w.fake.calls.filter((c) => c.conversationId === annaChat && c.status === 201 && c.time >= started).map((c) => c.time);
    expect(accepted).toHaveLength(20);
    expect(maxInWindow(accepted, 1_000)).toBeLessThanOrEqual(7);
    expect(maxInWindow(accepted, 2_000)).toBeLessThanOrEqual(8);
    expect(w.fake.rateLimited(annaChat)).toBe(0);
  }, 30_000);

  it("when Teams is stricter than our pacing, its 429s are waited out and every post arrives once", async () => {
    w = await teamsWorld({ clock: systemClock });
    const s = await setUp(w, { drain: () => drainRealTime(w) });
    const annaChat = w.fake.personalConversation(s.anna).id;
    w.fake.setRateLimits([{ limit: 3, windowMs: 1_000 }]);
    const before = w.fake.messages(annaChat).length;
    for (let i = 1; i <= 6; i += 1) enqueue(w, s, `strict-${i}`, { type: 'member', id: s.annaMemberId });
    await drainRealTime(w);
    const posted = w.fake.messages(annaChat).slice(before).map((m: Json) => m.summary);
    expect(posted).toEqual(['strict-1', 'strict-2', 'strict-3', 'strict-4', 'strict-5', 'strict-6']);
    const limited = w.fake.rateLimited(annaChat);
    expect(limited).toBeGreaterThanOrEqual(1);
    // Each 429 blocked the conversation for its Retry-After: at most one per pause.
    expect(limited).toBeLessThanOrEqual(2);
  }, 30_000);
});
