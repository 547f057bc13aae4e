/**
 * Inbound: the real CloudAdapter with auth ON behind the bot's HTTP server. References are captured,
 * typed commands, forms and buttons reach the core, answers land where they should, and a request
 * with a bad token is refused with 401 and changes nothing.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  botAddedToTeam,
  botInstalledPersonal,
  cardExecute,
  cardSubmit,
  createSigningKey,
  nowSeconds,
  personalMessage,
  type FakeConversation,
  type FakeTeam,
  type FakeTeams,
  type FakeUser,
  type Json,
} from '../../fakes/teams/index.ts';
import { teamsWorld, type TeamsWorld } from './harness.ts';
import { mentionInChannel } from './mentions.ts';

/** Every row the bot keeps (core and adapter tables), to prove a refused request changed nothing. */
function snapshot(w: TeamsWorld): string {
  const tables = w.core.db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).pluck().all() as string[];
  return JSON.stringify(tables.map((t) => [t, w.core.db.prepare(`SELECT * FROM ${t} ORDER BY ${t === 'reminders' ? 'due_at, id' : 'rowid'}`).all()]));
}

function textOf(activity: Json): string {
  return JSON.stringify(activity);
}

describe('Teams inbound (real CloudAdapter, auth on)', () => {
  let w: TeamsWorld;
  let fake: FakeTeams;
  let karen: FakeUser;
  let anna: FakeUser;
  let bo: FakeUser;
  let team: FakeTeam;
  let karenChat: FakeConversation;

  beforeAll(async () => {
    w = await teamsWorld();
    fake = w.fake;
    karen = fake.addUser({ name: 'Karen Konsulent', email: 'karen@kommune.dk' });
    anna = fake.addUser({ name: 'Anna Berg', email: 'anna@museum.dk' });
    bo = fake.addUser({ name: 'Bo Holm', email: 'bo@bjoernen.dk' });
    team = fake.addTeam({ name: 'Kultur og dagtilbud', members: [karen, anna, bo] });
    karenChat = fake.personalConversation(karen);
  });
  afterAll(async () => w?.close());

  const messagesTo = (conversationId: string) => fake.messages(conversationId).map(textOf);

  it('records the team, its group id and the serviceUrl on install', async () => {
    expect(await w.send(botAddedToTeam(fake, { team, by: karen }))).toBe(200);
    expect(w.core.db.prepare('SELECT team_id, aad_group_id, name FROM teams_teams').all()).toEqual([{ team_id: team.id, aad_group_id: team.aadGroupId, name: team.name }]);
    expect(w.core.db.prepare('SELECT service_url FROM teams_tenants WHERE tenant_id = ?').pluck().get(fake.tenantId)).toBe(fake.serviceUrl);
    expect(w.core.db.prepare('SELECT kind, team_id FROM teams_conversations WHERE conversation_id = ?').get(team.id)).toEqual({ kind: 'channel', team_id: team.id });
  });

  it('answers a command in the personal chat, in that chat', async () => {
    expect(await w.send(botInstalledPersonal(fake, { user: karen, conversation: karenChat }))).toBe(200);
    expect(await w.send(personalMessage(fake, { user: karen, conversation: karenChat, text: 'status' }))).toBe(200);
    expect(messagesTo(karenChat.id).at(-1)).toContain('intet forløb');
  });

  it('@mention in a channel: the mention is stripped, the programme is placed in that team, the private answer goes to the personal chat', async () => {
    const before = fake.messages(karenChat.id).length;
    const mention = mentionInChannel(fake, { user: karen, team, text: ' tovholder opret "Små Partnerskaber 2027" 2027-01-04' });
    expect(await w.send(mention)).toBe(200);
    const programme = w.core.repos.programmes.listInWorkspace('teams', fake.tenantId)[0]!;
    expect(programme).toMatchObject({ name: 'Små Partnerskaber 2027', startDate: '2027-01-04', createdBy: karen.id });
    expect(w.core.db.prepare('SELECT team_id FROM teams_programmes WHERE programme_id = ?').pluck().get(programme.id)).toBe(team.id);
    expect(messagesTo(karenChat.id).slice(before).join()).toContain('er oprettet');
    expect(fake.messages((mention.conversation as Json).id as string)).toEqual([]);
  });

  it('a person\'s channel message without an @mention (resource-specific consent) is taken in silently, even when it starts like a command', async () => {
    const mention = mentionInChannel(fake, { user: anna, team, text: ' x' });
    const before = fake.storedMessages().length;
    for (const text of ['Hej alle, vi ses på torsdag', 'plan for næste uge: vi mødes kl. 10']) {
      const plain = { ...mention, id: randomUUID(), text, entities: (mention.entities as Json[]).filter((e) => (e as { type?: string }).type !== 'mention') };
      expect(await w.send(plain)).toBe(200);
    }
    // Nothing in the channel, nothing in Anna's personal chat: she did not speak to the bot.
    expect(fake.storedMessages().length).toBe(before);
  });

  it('members @mentioned in a command become members with their Teams ids', async () => {
    const text = ' partnerskab "Havet" "Nordsøen Oceanarium" "Børnehaven Bjørnen" {Anna Berg}=kultur {Bo Holm}=dagtilbud';
    expect(await w.send(mentionInChannel(fake, { user: karen, team, text, people: [anna, bo] }))).toBe(200);
    const [partnership] = w.core.repos.partnerships.listForProgramme(w.core.repos.programmes.listInWorkspace('teams', fake.tenantId)[0]!.id);
    const members = w.core.repos.members.listForPartnership(partnership!.id).map((m) => [m.userRef, m.displayName, m.role]);
    expect(members).toEqual(expect.arrayContaining([[anna.id, 'Anna Berg', 'culture_staff'], [bo.id, 'Bo Holm', 'daycare_staff']]));
  });

  it('a command without words answers with an Adaptive Card form; Action.Submit runs the form', async () => {
    const before = fake.messages(karenChat.id).length;
    expect(await w.send(personalMessage(fake, { user: karen, conversation: karenChat, text: 'opret' }))).toBe(200);
    const form = fake.messages(karenChat.id)[before] as { attachments: { content: { body: { type: string; id?: string }[]; actions: { data: Json }[] } }[] };
    const card = form.attachments[0]!.content;
    expect(card.body.filter((b) => b.id).map((b) => `${b.id}:${b.type}`)).toEqual(
      expect.arrayContaining(['name:Input.Text', 'start:Input.Date', 'template:Input.ChoiceSet', 'midway:Input.Date']),
    );
    const data = card.actions[0]!.data;
    const value = { ...data, name: 'Forår 2027', start: '2027-03-01', template: 'smaa-partnerskaber', midway: '' };
    expect(await w.send(cardSubmit(fake, { user: karen, conversation: karenChat, cardActivityId: '1', value }))).toBe(200);
    expect(w.core.repos.programmes.findByName('teams', fake.tenantId, 'Forår 2027')).toMatchObject({ startDate: '2027-03-01' });
    expect(messagesTo(karenChat.id).at(-1)).toContain('Forår 2027');
  });

  it('buttons: Action.Submit {actionId, value} and Action.Execute (invoke response in the HTTP reply) reach handleAction', async () => {
    const before = fake.messages(karenChat.id).length;
    expect(await w.send(personalMessage(fake, { user: karen, conversation: karenChat, text: 'flyt midtvejsworkshop 2027-03-10' }))).toBe(200);
    const preview = fake.messages(karenChat.id)[before] as { attachments: { content: Json }[] };
    const buttons = JSON.stringify(preview.attachments[0]!.content).match(/"data":\{"actionId":"move\.confirm","value":("(?:[^"\\]|\\.)*")\}/);
    expect(buttons).not.toBeNull();
    const value = { actionId: 'move.confirm', value: JSON.parse(buttons![1]!) as string };
    expect(await w.send(cardSubmit(fake, { user: karen, conversation: karenChat, cardActivityId: '2', value }))).toBe(200);
    const programme = w.core.repos.programmes.get((JSON.parse(value.value) as { p: string }).p)!;
    expect(messagesTo(karenChat.id).at(-1)).toContain('flyttet');
    const midway = w.core.repos.activities.listForProgramme(programme.id).find((a) => a.stepKey === 'midtvejsworkshop');
    expect(midway?.localDate).toBe('2027-03-10');

    const execute = cardExecute(fake, { user: karen, conversation: karenChat, cardActivityId: '3', verb: 'move.cancel', data: { actionId: 'move.cancel', value: '' } });
    const response = await fake.sendActivity(w.botUrl, execute);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: expect.stringMatching(/\S/) });
  });

  it('follows the serviceUrl of the latest inbound activity for later sends', async () => {
    const moved = `${fake.url}/emea/`;
    const activity = { ...personalMessage(fake, { user: karen, conversation: karenChat, text: 'hjælp' }), serviceUrl: moved };
    expect(await w.send(activity)).toBe(200);
    expect(w.core.db.prepare('SELECT service_url FROM teams_tenants').pluck().get()).toBe(moved);
    expect(fake.calls.filter((c) => c.service === 'connector').at(-1)!.path.startsWith('/emea/v3/')).toBe(true);
  });

  describe('a bad token is refused with 401 and changes nothing', () => {
    const now = nowSeconds();
    const cases: Array<[string, () => string | null]> = [
      ['no token', () => null],
      ['an expired token', () => fake.signActivityToken({ exp: now - 600, nbf: now - 4200 })],
      ['a token for another bot', () => fake.signActivityToken({ aud: randomUUID() })],
      ['a token from another issuer', () => fake.signActivityToken({ iss: 'https://sts.example.com' })],
      ['a token signed by an unpublished key', () => fake.signActivityToken({}, { key: createSigningKey() })],
      ['an impostor key under the published kid', () => fake.signActivityToken({}, { key: createSigningKey({ kid: fake.signingKey.kid }) })],
    ];
    it.each(cases)('%s', async (_name, token) => {
      vi.spyOn(console, 'error').mockImplementation(() => {});
      const before = snapshot(w);
      const calls = fake.calls.filter((c) => c.service !== 'openid').length;
      const activity = mentionInChannel(fake, { user: karen, team, text: ' opret "Ulovligt" 2027-01-04' });
      expect(await w.send(activity, { token: token() })).toBe(401);
      expect(snapshot(w)).toBe(before);
      expect(fake.calls.filter((c) => c.service !== 'openid').length).toBe(calls);
      vi.restoreAllMocks();
    });
  });

  it('an uninstall (bot removed from the team) marks the team gone', async () => {
    const removed = { ...botAddedToTeam(fake, { team, by: karen }), membersAdded: [], membersRemoved: [{ id: `28:${fake.appId}` }] };
    expect(await w.send(removed)).toBe(200);
    expect(w.core.db.prepare('SELECT gone_reason FROM teams_teams WHERE team_id = ?').pluck().get(team.id)).toContain('uninstalled');
    expect(await w.send(botAddedToTeam(fake, { team, by: karen }))).toBe(200);
    expect(w.core.db.prepare('SELECT gone_at FROM teams_teams WHERE team_id = ?').pluck().get(team.id)).toBeNull();
  });
});
