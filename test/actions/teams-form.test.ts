/**
 * The action form over Teams: the real CloudAdapter (auth on) against the fake Teams services. After
 * the kick-off, the consultant's question for its actions is an Adaptive Card with "Giv en handling";
 * its Action.Submit answers with the form as an Adaptive Card (owner from the group's people, text,
 * due date, meeting) in her personal chat. Bad input is refused in Danish, nothing stored; a good
 * submission gives Anna the action with Færdig.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { botAddedToTeam, cardSubmit, type FakeTeam, type FakeUser, type Json } from '../fakes/teams/index.ts';
import { teamsWorld, type TeamsWorld } from '../adapters/teams/harness.ts';
import { mentionInChannel } from '../adapters/teams/mentions.ts';
import { getTemplate } from '../../src/templates/index.ts';

describe('the action form over Teams', () => {
  let w: TeamsWorld;
  let karin: FakeUser;
  let anna: FakeUser;
  let bo: FakeUser;
  let team: FakeTeam;
  const programmeId = () => w.core.db.prepare('SELECT id FROM programmes').pluck().get() as string;

  beforeAll(async () => {
    w = await teamsWorld({ now: '2027-01-08T08:00:00Z' });
    karin = w.fake.addUser({ name: 'Karin Konsulent' });
    anna = w.fake.addUser({ name: 'Anna Andersen' });
    bo = w.fake.addUser({ name: 'Bo Bech' });
    team = w.fake.addTeam({ name: 'Børnekultur', members: [karin, anna, bo] });
    expect(await w.send(botAddedToTeam(w.fake, { team, by: karin }))).toBe(200);
    // Starts Monday 11 January with the kick-off workshop, whose minutes have actions.
    expect(await w.send(mentionInChannel(w.fake, { user: karin, team, text: ' opret "Små Partnerskaber 2027" 2027-01-11' }))).toBe(200);
    const add = ' partnerskab "Havet" "Nordsøen Oceanarium" "Børnehaven Bjørnen" {Anna Andersen}=kultur {Bo Bech}=dagtilbud';
    expect(await w.send(mentionInChannel(w.fake, { user: karin, team, text: add, people: [anna, bo] }))).toBe(200);
    const base = getTemplate('smaa-partnerskaber')!;
    w.core.repos.programmes.setTemplateJson(programmeId(), JSON.stringify({ ...base, steps: base.steps.map((s) => (s.kind === 'workshop' ? { ...s, actions: true } : s)) }));
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

  const stored = () => w.core.db.prepare('SELECT owner_name AS owner, text, due_date AS due FROM meeting_actions').all();

  it('opens from the question after the meeting, refuses bad input in Danish, and gives the action', async () => {
    const kickoff = w.core.repos.activities.listForProgramme(programmeId()).find((a) => a.kind === 'workshop')!;
    w.clock.set(new Date(new Date(kickoff.endsAt).getTime() + 60 * 60_000));
    await w.drain();
    const karinChat = w.fake.personalConversation(karin);
    const ask = sentCard(`action-ask:${kickoff.id}`);
    expect(ask.conversationId).toBe(karinChat.id);
    expect(JSON.stringify(ask.card)).toContain('er holdt. Hvilke handlinger kom der ud af referatet?');

    const before = w.fake.storedMessages(karinChat.id).length;
    expect(await w.send(cardSubmit(w.fake, { user: karin, conversation: karinChat, cardActivityId: ask.activityId, value: buttonData(ask.card, 'Giv en handling') }))).toBe(200);
    const formMessage = w.fake.storedMessages(karinChat.id).slice(before).find((m) => JSON.stringify(m.activity).includes('Input.ChoiceSet'))!;
    expect(formMessage).toBeDefined();
    const card = (formMessage.activity.attachments as { content: { body: Json[]; actions: Json[] } }[])[0]!.content;
    const inputs = card.body.filter((b) => String(b.type).startsWith('Input.'));
    expect(inputs.map((i) => [i.id, i.label, i.type])).toEqual([
      ['owner', 'Hvem skal gøre det?', 'Input.ChoiceSet'],
      ['text', 'Handling', 'Input.Text'],
      ['due', 'Frist', 'Input.Date'],
      ['meeting', 'Fra mødet', 'Input.ChoiceSet'],
    ]);
    const owners = inputs[0]!.choices as { title: string; value: string }[];
    expect(owners.map((c) => c.title)).toEqual(expect.arrayContaining(['Anna Andersen (Havet)', 'Bo Bech (Havet)']));
    expect(inputs[3]!.value).toBe(kickoff.id);
    const submitData = (card.actions.find((a) => a.type === 'Action.Submit')!.data) as Json;
    const annaId = owners.find((c) => c.title === 'Anna Andersen (Havet)')!.value;
    const send = async (values: Json): Promise<string> => {
      expect(await w.send(cardSubmit(w.fake, { user: karin, conversation: karinChat, cardActivityId: formMessage.id, value: { ...submitData, ...values } }))).toBe(200);
      return String(w.fake.messages(karinChat.id).at(-1)!.text);
    };
    const good = { owner: annaId, text: 'Send udkast til skolerne', due: '2027-02-01', meeting: kickoff.id };
    expect(await send({ ...good, due: '2027-02-31' })).toContain('«2027-02-31» er ikke en gyldig dato');
    expect(await send({ ...good, text: ' ' })).toBe('Skriv handlingen, fx Send udkast til skolerne. Intet er gemt.');
    expect(await send({ ...good, owner: 'not-a-member' })).toBe('Den valgte person er ikke længere med i Små Partnerskaber 2027. Vælg en anden. Intet er gemt.');
    expect(stored()).toEqual([]);

    expect(await send(good)).toContain('Handlingen «Send udkast til skolerne» er givet til Anna Andersen med frist mandag 1. februar 2027');
    expect(stored()).toEqual([{ owner: 'Anna Andersen', text: 'Send udkast til skolerne', due: '2027-02-01' }]);
    await w.drain();
    const id = w.core.db.prepare('SELECT id FROM meeting_actions').pluck().get() as string;
    const assigned = sentCard(`action:${id}:assigned`);
    expect(assigned.conversationId).toBe(w.fake.personalConversation(anna).id);
    expect(buttonData(assigned.card, 'Færdig')).toBeTruthy();
  });
});
