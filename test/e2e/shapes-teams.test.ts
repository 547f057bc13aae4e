/**
 * The programme shapes of issue 13 (built-in templates 001, 003, 004) through Teams: the real
 * CloudAdapter (auth on) against the fake connector and Graph, set up by @mention commands in the
 * team's channel as a consultant would (her private answers and move previews come in her personal
 * chat, where she presses Flyt), then the whole timeline on a manual clock. The contract and its checks
 * are in test/e2e/contract/shapes.ts; Slack and the local workspace run the same.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { baseConversationId } from '../../adapters/teams/refs.ts';
import { botAddedToTeam, botInstalledPersonal, cardSubmit, type FakeConversation, type FakeTeam, type FakeUser, type Json } from '../fakes/teams/index.ts';
import { teamsWorld, type TeamsWorld } from '../adapters/teams/harness.ts';
import { mentionInChannel } from '../adapters/teams/mentions.ts';
import { checkShape, playShape, setUpShape, SHAPES, type ShapeDriver } from './contract/shapes.ts';

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
  const team = w.fake.addTeam({ name: 'Dagtilbud i KL-netværk', members: [karin, ...people] });
  const chat = w.fake.personalConversation(karin);
  expect(await w.send(botAddedToTeam(w.fake, { team, by: karin }))).toBe(200);
  expect(await w.send(botInstalledPersonal(w.fake, { user: karin, conversation: chat }))).toBe(200);
  await w.drain();
  return { w, karin, chat, team, people };
}

function teamsShapeDriver({ w, karin, chat, team, people }: TeamsScene): ShapeDriver {
  const { fake } = w;
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
  };
}

describe('Teams runs the programme shapes end to end', () => {
  let world: TeamsWorld | null = null;
  afterEach(async () => {
    await world?.close();
    world = null;
  });

  for (const shape of SHAPES) {
    it(`${shape.seed} ${shape.templateId}: set up by @mentions, the whole timeline, every reminder once to the right people`, async () => {
      const s = await scene(shape.setUpAt);
      world = s.w;
      const driver = teamsShapeDriver(s);
      const run = await setUpShape(driver, shape);
      // A channel for the programme and for every group (networks, named groups), beside General.
      expect(s.team.channels.map((c) => c.displayName)).toEqual(['General', run.programme.name, ...run.groups.map((g) => `${run.programme.name} ${g.name}`)]);
      const log = await playShape(driver, run);
      const result = checkShape(driver, run, log);
      expect(result.reminders).toBeGreaterThan(10);
      console.log(`Teams ${shape.seed}: ${JSON.stringify(result)}, ${log.passes} passes`);
    }, 180_000);
  }
});
