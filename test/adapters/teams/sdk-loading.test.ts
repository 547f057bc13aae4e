/**
 * Start-up does not wait for the Bot Framework SDK (issue #16): the Teams adapter starts importing it
 * once the server answers. An activity that arrives before it has loaded waits for it and is answered
 * as any other (the user sees no difference), never refused with a 503 the Bot Connector would retry.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personalMessage, type FakeTeams } from '../../fakes/teams/index.ts';
import { teamsWorld, type TeamsWorld } from './harness.ts';

describe('Teams: the first activity after start-up, while the SDK loads', () => {
  let w: TeamsWorld;
  let fake: FakeTeams;

  beforeAll(async () => {
    w = await teamsWorld();
    fake = w.fake;
  });
  afterAll(async () => w?.close());

  it('is answered the moment the server answers, before the SDK had time to load, and the bot replies in the chat', async () => {
    const karen = fake.addUser({ name: 'Karen Konsulent', email: 'karen@kommune.dk' });
    const chat = fake.personalConversation(karen);
    // Sent at once: this file's module graph has not loaded botbuilder before (it takes ≈ 1 s).
    const status = await w.send(personalMessage(fake, { user: karen, conversation: chat, text: 'hjælp' }));
    expect(status).toBe(200);
    const replies = fake.messages(chat.id).map((m) => JSON.stringify(m));
    expect(replies.length).toBeGreaterThan(0);
    expect(replies.join('\n')).toMatch(/opret/);
  }, 30_000);
});
