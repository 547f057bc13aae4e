/**
 * "Stored, then 502": Teams keeps the post but the bot never hears so. The outbox's retry first reads
 * the conversation back through Graph (findSent) and finds the post by the key it carries, so nothing
 * arrives twice: a new thread in a channel, a reply in a thread, a fallback thread in General, a card
 * and a plain text in a personal chat. Where Graph refuses (no consent), the refusal is remembered.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { RichMessage } from '../../../src/messages/model.ts';
import type { DeliveryTarget } from '../../../src/outbox/types.ts';
import { teamsWorld, type TeamsWorld } from './harness.ts';
import { mentionInChannel } from './mentions.ts';
import { cardMessage, enqueuePost, setUp, type Setup } from './setup.ts';

const plain = (text: string): RichMessage => ({ text, blocks: [{ type: 'section', text }] });
const enqueue = (w: TeamsWorld, s: Setup, key: string, target: DeliveryTarget, message: RichMessage, threadRef?: string) => enqueuePost(w, s, key, target, message, threadRef);

const copies = (w: TeamsWorld, text: string) => w.fake.storedMessages().filter((m) => JSON.stringify(m.activity).includes(text)).length;
const delivery = (w: TeamsWorld, key: string) => w.core.repos.deliveries.byKey(key)!;
const START_THREAD = /\/v3\/conversations$/;

describe('Teams findSent: stored, then 502', () => {
  let w: TeamsWorld;
  afterEach(async () => w?.close());

  it('channels, threads and personal chats: every post arrives once, the retry is reconciled through Graph', async () => {
    w = await teamsWorld();
    w.fake.setChatRead(true);
    const s = await setUp(w);
    const partnership = { type: 'partnership', id: s.partnershipId } as const;
    const annaChat = w.fake.personalConversation(s.anna).id;

    w.fake.failNext({ status: 502, afterStore: true, method: 'POST', path: START_THREAD });
    enqueue(w, s, 'thread-start', partnership, cardMessage('Ny tråd i kanalen'));
    await w.drain();
    const thread = delivery(w, 'thread-start').resultRef!;
    expect(thread).toMatch(/;messageid=\d+$/);

    w.fake.failNext({ status: 502, afterStore: true, conversationId: thread });
    enqueue(w, s, 'thread-reply', partnership, cardMessage('Svar i tråden'), thread);
    w.fake.failNext({ status: 502, afterStore: true, conversationId: annaChat });
    enqueue(w, s, 'chat-card', { type: 'member', id: s.annaMemberId }, cardMessage('Kort til Anna'));
    await w.drain();
    w.fake.failNext({ status: 502, afterStore: true, conversationId: annaChat });
    enqueue(w, s, 'chat-text', { type: 'member', id: s.annaMemberId }, plain('Bare tekst til **Anna**'));
    await w.drain();
    // A reset connection after the write is the same story.
    w.fake.failNext({ status: 0, dropResponse: true, conversationId: annaChat });
    enqueue(w, s, 'chat-reset', { type: 'member', id: s.annaMemberId }, cardMessage('Efter en nulstillet forbindelse'));
    await w.drain();

    for (const [key, text] of [['thread-start', 'Ny tråd i kanalen'], ['thread-reply', 'Svar i tråden'], ['chat-card', 'Kort til Anna'], ['chat-text', 'Bare tekst til'], ['chat-reset', 'Efter en nulstillet forbindelse']] as const) {
      expect(copies(w, text), key).toBe(1);
      expect(delivery(w, key), key).toMatchObject({ status: 'sent', uncertain: true });
    }
    // The reconciled thread is the one Teams stored: later replies go there.
    expect(delivery(w, 'thread-start').resultRef).toBe(thread);
  });

  it('a fallback thread in General whose first post was stored, then 502: the thread is found, not started again', async () => {
    w = await teamsWorld();
    const s = await setUp(w, { graph: false });
    const programme = w.core.repos.programmes.get(s.programmeId)!;
    expect(programme.channelRef).toMatch(/^thread\|/);
    const partnership = w.core.repos.partnerships.get(s.partnershipId)!;
    // A second partnership: its thread starts with the welcome, which is stored, then answered 502.
    w.fake.failNext({ status: 502, afterStore: true, method: 'POST', path: START_THREAD });
    const add = ' partnerskab "Skoven" "Kornets Hus" "Naturbørnehaven Troldeskoven" {Anna Berg}=kultur';
    expect(await w.send(mentionInChannel(w.fake, { user: s.karen, team: s.team, text: add, people: [s.anna] }))).toBe(200);
    await w.drain();
    const skoven = w.core.repos.partnerships.listForProgramme(s.programmeId).find((p) => p.id !== partnership.id)!;
    const threads = new Set(w.fake.storedMessages().filter((m) => m.conversationId.startsWith(`${s.team.id};messageid=`)).map((m) => m.conversationId));
    // Programme, Havet and Skoven: one thread each, none twice.
    expect(threads.size).toBe(3);
    expect(w.core.db.prepare('SELECT thread_id FROM teams_threads WHERE channel_ref = ?').pluck().get(skoven.channelRef)).toMatch(/;messageid=/);
  });

  it('a team that did not grant ChannelMessage.Read.Group: Graph is asked once, the refusal is remembered', async () => {
    w = await teamsWorld();
    const s = await setUp(w);
    w.fake.setChannelMessageRead(s.team, false);
    const partnership = { type: 'partnership', id: s.partnershipId } as const;
    for (const key of ['a', 'b']) {
      w.fake.failNext({ status: 502, afterStore: true, method: 'POST', path: START_THREAD });
      enqueue(w, s, key, partnership, cardMessage(`Besked ${key}`));
      await w.drain();
      expect(delivery(w, key).status).toBe('sent');
    }
    const reads = w.fake.calls.filter((c) => c.service === 'graph' && c.path.includes('/messages'));
    expect(reads.map((c) => c.status)).toEqual([403]);
    expect(w.core.db.prepare('SELECT permission FROM teams_graph_refusals').pluck().all()).toEqual(['ChannelMessage.Read.Group']);
  });

  it('a chat Graph does not know (404) costs no message: the delivery is posted again, not failed', async () => {
    w = await teamsWorld();
    w.fake.setChatRead(true);
    const s = await setUp(w);
    const annaChat = w.fake.personalConversation(s.anna).id;
    w.fake.failNext({ status: 502, afterStore: true, conversationId: annaChat });
    w.fake.failNext({ service: 'graph', status: 404, path: '/v1.0/chats/' });
    enqueue(w, s, 'unknown-chat', { type: 'member', id: s.annaMemberId }, cardMessage('Til en ukendt chat'));
    await w.drain();
    expect(delivery(w, 'unknown-chat').status).toBe('sent');
    expect(copies(w, 'Til en ukendt chat')).toBe(2);
  });
});

