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
import { cardSubmit, channelMention, type Json } from '../fakes/teams/index.ts';
import type { TeamsWorld } from '../adapters/teams/harness.ts';
import { checkVelfaerd, playVelfaerd, setUpVelfaerd, VELFAERD, type VelfaerdDriver } from './contract/velfaerd.ts';
import { teamsScene, teamsShapeDriver, type TeamsScene } from './drivers/teams.ts';

function teamsVelfaerdDriver(scene: TeamsScene): VelfaerdDriver {
  const { w, team, people } = scene;
  const { fake } = w;
  const person = (userRef: string | null) => {
    const found = people.find((p) => p.id === userRef || p.aadObjectId === userRef);
    if (!found) throw new Error(`no Teams user ${userRef}`);
    return found;
  };
  return {
    ...teamsShapeDriver(scene),
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
    const s = await teamsScene(VELFAERD.setUpAt, 'Velfærdspartnerskab');
    world = s.w;
    const driver = teamsVelfaerdDriver(s);
    const run = await setUpVelfaerd(driver);
    expect(s.team.channels.map((c) => c.displayName)).toEqual(['General', run.programme.name, ...run.groups.map((g) => `${run.programme.name} ${g.name}`)]);
    const log = await playVelfaerd(driver, run);
    const result = checkVelfaerd(driver, run, log);
    console.log(`Teams ${VELFAERD.seed}: ${JSON.stringify(result)}, ${log.passes} passes`);
  }, 180_000);
});
