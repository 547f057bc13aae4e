/**
 * A command's answer arrives exactly once however many 429s Teams answers first: the turn is answered
 * at once (HTTP 200), the answer waits in the outbox for the Retry-After and goes out as a proactive
 * message. After "stored, then 502" the outbox reads the chat back through Graph and does not post it
 * again.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { botInstalledPersonal, personalMessage, type FakeConversation, type FakeUser } from '../../fakes/teams/index.ts';
import { teamsWorld, type TeamsWorld } from './harness.ts';

const answers = (w: TeamsWorld, chat: FakeConversation) => w.fake.messages(chat.id).map((m) => JSON.stringify(m)).filter((t) => t.includes('intet forløb'));
const replyPosts = (w: TeamsWorld, chat: FakeConversation) => w.fake.calls.filter((c) => c.service === 'connector' && c.method === 'POST' && c.conversationId === chat.id);

describe('Teams: answers to commands through 429s and lost answers', () => {
  let w: TeamsWorld;
  let karen: FakeUser;
  let chat: FakeConversation;

  async function install(): Promise<void> {
    w = await teamsWorld();
    karen = w.fake.addUser({ name: 'Karen Konsulent' });
    chat = w.fake.personalConversation(karen);
    expect(await w.send(botInstalledPersonal(w.fake, { user: karen, conversation: chat }))).toBe(200);
  }
  afterEach(async () => w?.close());

  it.each([2, 5])('%i 429s before the answer: the turn gets 200 at once, the answer arrives once, no call inside a Retry-After', async (n) => {
    await install();
    w.fake.failNext({ status: 429, times: n, conversationId: chat.id, retryAfterSeconds: 2 });
    expect(await w.send(personalMessage(w.fake, { user: karen, conversation: chat, text: 'status' }))).toBe(200);
    // The turn did not wait: only the one attempt in the turn has been made.
    expect(replyPosts(w, chat)).toHaveLength(1);
    expect(answers(w, chat)).toEqual([]);
    for (let i = 0; i < 20 && answers(w, chat).length === 0; i += 1) await w.drain();
    expect(answers(w, chat)).toHaveLength(1);
    const posts = replyPosts(w, chat);
    expect(posts.map((c) => c.status)).toEqual([...Array(n).fill(429), 201]);
    // Each attempt after a 429 waited its Retry-After (2 s on the bot's clock).
    for (let i = 1; i < posts.length; i += 1) expect(posts[i]!.time - posts[i - 1]!.time).toBeGreaterThanOrEqual(2_000);
    const sent = w.core.db.prepare(`SELECT status FROM deliveries WHERE idempotency_key LIKE 'teams-reply:%'`).pluck().all();
    expect(sent).toEqual(['sent']);
  });

  it('stored, then 502: the outbox finds the answer through Graph and does not post it again', async () => {
    await install();
    w.fake.setChatRead(true);
    w.fake.failNext({ status: 502, afterStore: true, conversationId: chat.id });
    expect(await w.send(personalMessage(w.fake, { user: karen, conversation: chat, text: 'status' }))).toBe(200);
    await w.drain();
    await w.drain();
    expect(answers(w, chat)).toHaveLength(1);
    expect(w.core.db.prepare(`SELECT status FROM deliveries WHERE idempotency_key LIKE 'teams-reply:%'`).pluck().all()).toEqual(['sent']);
    expect(w.fake.calls.some((c) => c.service === 'graph' && c.path.startsWith('/v1.0/chats/') && c.status === 200)).toBe(true);
  });
});
