/**
 * The welfare partnership (built-in template `velfaerdspartnerskab`, seed 002) over its 24 months
 * through Teams: the real CloudAdapter (auth on) against the fake connector and Graph, set up by
 * @mention commands in the team's channel. People's messages in a group's channel arrive as the
 * channel messages a bot with resource-specific consent hears; owners press Færdig on the action's
 * Adaptive Card (Action.Submit) in their personal chat. The scenario and its checks are in
 * test/e2e/contract/velfaerd.ts; Slack runs the same.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { baseConversationId } from '../../adapters/teams/refs.ts';
import { botAddedToTeam, botInstalledPersonal, cardSubmit, channelMention, type FakeConversation, type FakeTeam, type FakeUser, type Json } from '../fakes/teams/index.ts';
import { teamsWorld, type TeamsWorld } from '../adapters/teams/harness.ts';
import { mentionInChannel } from '../adapters/teams/mentions.ts';
import { checkVelfaerd, playVelfaerd, setUpVelfaerd, VELFAERD, type VelfaerdDriver } from './contract/velfaerd.ts';

const PEOPLE = 60;

interface TeamsScene {
  w: TeamsWorld;
  karin: FakeUser;
  chat: FakeConversation;
  team: FakeTeam;
  people: FakeUser[];
}

async function scene(now: string): Promise<TeamsScene> {
  const w = await teamsWorld({ now });
  const karin = w.fake.addUser({ name: 'Karin Konsulent', email: 'karin@kommune.dk' });
  const people = Array.from({ length: PEOPLE }, (_, i) => w.fake.addUser({ name: `Deltager ${i + 1}`, email: `deltager${i + 1}@kommune.dk` }));
  const team = w.fake.addTeam({ name: 'Velfærdspartnerskab', members: [karin, ...people] });
  const chat = w.fake.personalConversation(karin);
  expect(await w.send(botAddedToTeam(w.fake, { team, by: karin }))).toBe(200);
  expect(await w.send(botInstalledPersonal(w.fake, { user: karin, conversation: chat }))).toBe(200);
  await w.drain();
  return { w, karin, chat, team, people };
}

function teamsVelfaerdDriver({ w, karin, chat, team, people }: TeamsScene): VelfaerdDriver {
  const { fake } = w;
  const person = (userRef: string | null) => {
    const found = people.find((p) => p.id === userRef || p.aadObjectId === userRef);
    if (!found) throw new Error(`no Teams user ${userRef}`);
    return found;
  };
  return {
    core: w.core,
    async tick(at) {
      if (at.getTime() > w.clock.now().getTime()) w.clock.set(at);
      await w.core.scheduler.tick();
    },
    now: () => w.clock.now(),
    postCount: () => fake.storedMessages().length,
    conversationOf(resultRef) {
      const bar = resultRef.lastIndexOf('|');
      const [conversationId, activityId] = bar > 0 ? [resultRef.slice(0, bar), resultRef.slice(bar + 1)] : [resultRef, resultRef.split(';messageid=')[1]];
      const found = fake.storedMessages(conversationId).filter((m) => m.id === activityId);
      return found.length === 1 ? baseConversationId(conversationId) : null;
    },
    conversationFor: (channelRef) => baseConversationId(channelRef),
    mention: (group, slot) => `{${people[group * 10 + slot]!.name}}`,
    async command(text) {
      const before = fake.messages(chat.id).length;
      expect(await w.send(mentionInChannel(fake, { user: karin, team, text: ` ${text}`, people }))).toBe(200);
      await w.drain();
      const replies = fake.messages(chat.id).slice(before);
      const read = replies.map((r) => JSON.stringify(r));
      // A move preview card: she presses Flyt (Action.Submit with the button's data).
      const confirm = read.join('\n').match(/"data":\{"actionId":"move\.confirm","value":("(?:[^"\\]|\\.)*")\}/);
      if (confirm) {
        const card = [...replies].reverse().find((r) => JSON.stringify(r).includes('move.confirm')) as { id?: string };
        const value: Json = { actionId: 'move.confirm', value: JSON.parse(confirm[1]!) as string };
        const after = fake.messages(chat.id).length;
        expect(await w.send(cardSubmit(fake, { user: karin, conversation: chat, cardActivityId: card.id ?? '1', value }))).toBe(200);
        await w.drain();
        read.push(...fake.messages(chat.id).slice(after).map((r) => JSON.stringify(r)));
      }
      return read.join('\n');
    },
    async personWrites(member, channelRef, text) {
      // A channel message without an @mention: what resource-specific consent lets the bot hear.
      const message = channelMention(fake, { user: person(member.userRef), team, channelId: baseConversationId(channelRef), text });
      const plain = { ...message, text, entities: (message.entities as Json[]).filter((e) => (e as { type?: string }).type !== 'mention') };
      const posts = fake.storedMessages().length;
      expect(await w.send(plain)).toBe(200);
      expect(w.core.db.prepare('SELECT last_human_at FROM group_watch WHERE group_id = ?').pluck().get(member.partnershipId)).toBe(w.clock.now().toISOString());
      // The bot takes the message in and says nothing: it was not spoken to.
      expect(fake.storedMessages().length, `the bot answered ${member.displayName}'s channel message`).toBe(posts);
    },
    async pressDone(owner, messageRef) {
      const [conversationId, activityId] = messageRef.split('|') as [string, string];
      const user = person(owner.userRef);
      const ownerChat = fake.personalConversation(user);
      expect(baseConversationId(conversationId)).toBe(ownerChat.id);
      const message = fake.storedMessages(conversationId).find((m) => m.id === activityId)!;
      const card = (message.activity.attachments as { content: Json }[])[0]!.content;
      const match = JSON.stringify(card).match(/"type":"Action.Submit","title":"Færdig","data":(\{[^}]*\})/);
      expect(match, 'a Færdig button on the card').not.toBeNull();
      const before = fake.messages(ownerChat.id).length;
      expect(await w.send(cardSubmit(fake, { user, conversation: ownerChat, cardActivityId: activityId, value: JSON.parse(match![1]!) as Json }))).toBe(200);
      await w.drain();
      return fake.messages(ownerChat.id).slice(before).map((m) => String(m.text ?? '')).join('\n');
    },
  };
}

describe('Teams runs the welfare partnership end to end', () => {
  let world: TeamsWorld | null = null;
  afterEach(async () => {
    await world?.close();
    world = null;
  });

  it(`${VELFAERD.seed} ${VELFAERD.templateId}: 24 months of series, actions closed by Færdig, a late status report, one quiet-group notice`, async () => {
    const s = await scene(VELFAERD.setUpAt);
    world = s.w;
    const driver = teamsVelfaerdDriver(s);
    const run = await setUpVelfaerd(driver);
    expect(s.team.channels.map((c) => c.displayName)).toEqual(['General', run.programme.name, ...run.groups.map((g) => `${run.programme.name} ${g.name}`)]);
    const log = await playVelfaerd(driver, run);
    const result = checkVelfaerd(driver, run, log);
    console.log(`Teams ${VELFAERD.seed}: ${JSON.stringify(result)}, ${log.passes} passes`);
  }, 180_000);
});
