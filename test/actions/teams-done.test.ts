/**
 * Færdig over Teams: the real CloudAdapter (auth on) against the fake Teams services. The consultant
 * gives Anna an action by @mention in the programme's channel; Anna gets an Adaptive Card with
 * Færdig in her personal chat; Bo's Action.Submit of it changes nothing; Anna's closes it; a second
 * one says it was already done.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { botAddedToTeam, cardSubmit, type FakeTeam, type FakeUser, type Json } from '../fakes/teams/index.ts';
import { teamsWorld, type TeamsWorld } from '../adapters/teams/harness.ts';
import { mentionInChannel } from '../adapters/teams/mentions.ts';

describe('meeting actions over Teams', () => {
  let w: TeamsWorld;
  let karin: FakeUser;
  let anna: FakeUser;
  let bo: FakeUser;
  let team: FakeTeam;

  beforeAll(async () => {
    w = await teamsWorld({ now: '2027-01-08T08:00:00Z' });
    karin = w.fake.addUser({ name: 'Karin Konsulent' });
    anna = w.fake.addUser({ name: 'Anna Andersen' });
    bo = w.fake.addUser({ name: 'Bo Bech' });
    team = w.fake.addTeam({ name: 'Børnekultur', members: [karin, anna, bo] });
    expect(await w.send(botAddedToTeam(w.fake, { team, by: karin }))).toBe(200);
    expect(await w.send(mentionInChannel(w.fake, { user: karin, team, text: ' opret "Små Partnerskaber 2027" 2027-01-07' }))).toBe(200);
    const add = ' partnerskab "Havet" "Nordsøen Oceanarium" "Børnehaven Bjørnen" {Anna Andersen}=kultur {Bo Bech}=dagtilbud';
    expect(await w.send(mentionInChannel(w.fake, { user: karin, team, text: add, people: [anna, bo] }))).toBe(200);
    await w.drain();
  });
  afterAll(async () => w?.close());

  function sentCard(key: string): { conversationId: string; activityId: string; card: Json } {
    const ref = w.core.repos.deliveries.byKey(key)?.resultRef;
    if (!ref) throw new Error(`nothing sent for ${key}`);
    const [conversationId, activityId] = ref.split('|') as [string, string];
    const message = w.fake.storedMessages(conversationId).find((m) => m.id === activityId)!;
    return { conversationId, activityId, card: (message.activity.attachments as { content: Json }[])[0]!.content };
  }

  function buttonData(card: Json, title: string): Json {
    const match = JSON.stringify(card).match(new RegExp(`"type":"Action.Submit","title":"${title}","data":(\\{[^}]*\\})`));
    if (!match) throw new Error(`no button ${title}`);
    return JSON.parse(match[1]!) as Json;
  }

  it('Action.Submit of Færdig closes the action once, only for its owner', async () => {
    const give = ' handling {Anna Andersen} "Send udkast til skolerne" 2027-02-01';
    expect(await w.send(mentionInChannel(w.fake, { user: karin, team, text: give, people: [anna] }))).toBe(200);
    await w.drain();
    const id = w.core.db.prepare('SELECT id FROM meeting_actions').pluck().get() as string;
    expect(id).toBeTruthy();
    const annaChat = w.fake.personalConversation(anna);
    const sent = sentCard(`action:${id}:assigned`);
    expect(sent.conversationId).toBe(annaChat.id);
    expect(JSON.stringify(sent.card)).toContain('Send udkast til skolerne');
    const value = buttonData(sent.card, 'Færdig');

    const boChat = w.fake.personalConversation(bo);
    expect(await w.send(cardSubmit(w.fake, { user: bo, conversation: boChat, cardActivityId: sent.activityId, value }))).toBe(200);
    expect(String(w.fake.messages(boChat.id).at(-1)!.text)).toContain('kun Anna Andersen kan markere den som færdig. Intet er ændret.');
    expect(w.core.db.prepare('SELECT status FROM meeting_actions').pluck().get()).toBe('open');

    expect(await w.send(cardSubmit(w.fake, { user: anna, conversation: annaChat, cardActivityId: sent.activityId, value }))).toBe(200);
    expect(String(w.fake.messages(annaChat.id).at(-1)!.text)).toContain('er markeret som færdig');
    expect(w.core.db.prepare('SELECT status FROM meeting_actions').pluck().get()).toBe('done');
    await w.drain();
    // The card in her chat is replaced: it says it is done and has no button.
    const updated = JSON.stringify(w.fake.storedMessages(annaChat.id).find((m) => m.id === sent.activityId)!.activity);
    expect(updated).not.toContain('Action.Submit');
    expect(updated).toContain('Færdig fredag 8. januar 2027');

    expect(await w.send(cardSubmit(w.fake, { user: anna, conversation: annaChat, cardActivityId: sent.activityId, value }))).toBe(200);
    expect(String(w.fake.messages(annaChat.id).at(-1)!.text)).toContain('blev allerede markeret som færdig');
  });
});
