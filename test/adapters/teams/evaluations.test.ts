/**
 * Evaluation answers over Teams: the questions arrive as Adaptive Cards in the members' personal chats;
 * an answer by Action.Submit (button) and one typed as free text in the personal chat are both stored
 * and show up in the consultant's `resultater`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { botAddedToTeam, cardSubmit, fileConsentInvoke, personalMessage, type FakeTeam, type FakeTeams, type FakeUser, type Json, type StoredMessage } from '../../fakes/teams/index.ts';
import { teamsWorld, type TeamsWorld } from './harness.ts';
import { mentionInChannel } from './mentions.ts';

describe('Teams: evaluation answers by button and by free text reach the results', () => {
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

  /** The card message a delivery put in a personal chat. */
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

  it('stores a button answer and a typed answer, and the consultant sees them', async () => {
    const end = w.core.db.prepare(`SELECT MAX(ends_at) FROM activities WHERE step_key = 'nysgerrighed'`).pluck().get() as string;
    w.clock.set(new Date(Date.parse(end) + 60_000));
    await w.drain();
    const prompts = w.core.db.prepare(`SELECT p.id, m.user_ref AS userRef FROM evaluation_prompts p JOIN members m ON m.id = p.member_id`).all() as { id: string; userRef: string }[];
    const promptOf = (user: FakeUser) => prompts.find((p) => p.userRef === user.id)!.id;

    // Anna presses "4" on the card in her personal chat.
    const annaQuestion = sentCard(`eval:${promptOf(anna)}:q0`);
    expect(annaQuestion.conversationId).toBe(w.fake.personalConversation(anna).id);
    expect(annaQuestion.card).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
    const annaChat = w.fake.personalConversation(anna);
    const value = buttonData(annaQuestion.card, '4');
    expect(await w.send(cardSubmit(w.fake, { user: anna, conversation: annaChat, cardActivityId: annaQuestion.activityId, value }))).toBe(200);
    expect(String(w.fake.messages(annaChat.id).at(-1)!.text)).toContain('«4»');

    // Bo types his answer in his personal chat.
    const boChat = w.fake.personalConversation(bo);
    expect(await w.send(personalMessage(w.fake, { user: bo, conversation: boChat, text: '5 - børnene elskede fiskene' }))).toBe(200);
    expect(String(w.fake.messages(boChat.id).at(-1)!.text)).toContain('«5»');

    const answers = w.core.db
      .prepare(`SELECT m.display_name AS name, a.value, a.comment, a.via FROM evaluation_answers a JOIN evaluation_prompts p ON p.id = a.prompt_id JOIN members m ON m.id = p.member_id ORDER BY name`)
      .all();
    expect(answers).toEqual([
      { name: 'Anna Andersen', value: '4', comment: null, via: 'button' },
      { name: 'Bo Bech', value: '5', comment: 'børnene elskede fiskene', via: 'direct' },
    ]);

    // The consultant asks for the results in her personal chat.
    const karinChat = w.fake.personalConversation(karin);
    expect(await w.send(personalMessage(w.fake, { user: karin, conversation: karinChat, text: 'resultater nysgerrighed' }))).toBe(200);
    const results = JSON.stringify(w.fake.messages(karinChat.id).at(-1));
    expect(results).toContain('2 af 2 har svaret');
    expect(results).toContain('børnene elskede fiskene');
  });

  it('eksport: a file consent card in the personal chat; on Allow the CSV goes to the OneDrive upload address, then the file card', async () => {
    const karinChat = w.fake.personalConversation(karin);
    expect(await w.send(personalMessage(w.fake, { user: karin, conversation: karinChat, text: 'eksport' }))).toBe(200);
    await w.drain();
    const upload = w.core.db.prepare(`SELECT status, result_ref FROM deliveries WHERE op = 'upload'`).get() as { status: string; result_ref: string };
    expect(upload.status).toBe('sent');
    const consent = w.fake.storedMessages(karinChat.id).find((m) => JSON.stringify(m.activity).includes('card.file.consent'))!;
    const card = (consent.activity.attachments as Json[])[0]!;
    expect(card).toMatchObject({ contentType: 'application/vnd.microsoft.teams.card.file.consent', name: expect.stringMatching(/\.csv$/) });
    expect(upload.result_ref).toBe(`${karinChat.id}|${consent.id}`);

    const uploadInfo = w.fake.oneDrive.openUpload(String(card.name));
    const accept = () => fileConsentInvoke(w.fake, { user: karin, conversation: karinChat, cardActivityId: consent.id, card, action: 'accept', uploadInfo });
    expect(await w.send(accept())).toBe(200);
    const session = w.fake.oneDrive.sessions.get(uploadInfo.uniqueId)!;
    const csv = session.bytes!.toString('utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv).toContain('Anna Andersen');
    expect(csv).toContain('børnene elskede fiskene');
    const info = w.fake.messages(karinChat.id).at(-1)!;
    expect(info.attachments).toEqual([
      { contentType: 'application/vnd.microsoft.teams.card.file.info', contentUrl: uploadInfo.contentUrl, name: uploadInfo.name, content: { uniqueId: uploadInfo.uniqueId, fileType: 'csv' } },
    ]);

    // Teams retries the invoke (or she presses Allow twice): nothing is uploaded or posted again.
    const count = w.fake.messages(karinChat.id).length;
    expect(await w.send(accept())).toBe(200);
    expect(session.puts).toBe(1);
    expect(w.fake.messages(karinChat.id)).toHaveLength(count);
  });

  /** A minute later, `eksport` again: the new consent card in Karin's personal chat. */
  async function exportAgain(): Promise<{ karinChat: ReturnType<FakeTeams['personalConversation']>; consent: StoredMessage; card: Json }> {
    const karinChat = w.fake.personalConversation(karin);
    w.clock.set(new Date(w.clock.now().getTime() + 60_000));
    expect(await w.send(personalMessage(w.fake, { user: karin, conversation: karinChat, text: 'eksport' }))).toBe(200);
    await w.drain();
    const consent = w.fake.storedMessages(karinChat.id).filter((m) => JSON.stringify(m.activity).includes('card.file.consent')).at(-1)!;
    return { karinChat, consent, card: (consent.activity.attachments as Json[])[0]! };
  }

  it('eksport declined: nothing is uploaded, she is told how to get it', async () => {
    const { karinChat, consent, card } = await exportAgain();
    expect(await w.send(fileConsentInvoke(w.fake, { user: karin, conversation: karinChat, cardActivityId: consent.id, card, action: 'decline' }))).toBe(200);
    expect(String(w.fake.messages(karinChat.id).at(-1)!.text)).toContain('blev ikke gemt');
    expect(w.core.db.prepare(`SELECT state, content FROM teams_file_offers ORDER BY created_at DESC`).get()).toEqual({ state: 'declined', content: null });
  });

  it('eksport when OneDrive fails: the invoke gets 500 and she is asked to press Allow again; the second Allow uploads it once', async () => {
    const { karinChat, consent, card } = await exportAgain();
    const accept = (uploadInfo: Json) => fileConsentInvoke(w.fake, { user: karin, conversation: karinChat, cardActivityId: consent.id, card, action: 'accept', uploadInfo });
    w.fake.oneDrive.failUploads = 1;
    const first = w.fake.oneDrive.openUpload(String(card.name));
    expect(await w.send(accept(first))).toBe(500);
    expect(String(w.fake.messages(karinChat.id).at(-1)!.text)).toContain('Tillad');
    const second = w.fake.oneDrive.openUpload(String(card.name));
    expect(await w.send(accept(second))).toBe(200);
    expect(w.fake.oneDrive.sessions.get(second.uniqueId)!.bytes!.toString('utf8')).toContain('Anna Andersen');
    expect(w.fake.messages(karinChat.id).filter((m) => JSON.stringify(m).includes('card.file.info') && JSON.stringify(m).includes(second.uniqueId))).toHaveLength(1);
  });
});

