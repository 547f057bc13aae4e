/**
 * How the programme-shape scenarios (test/e2e/contract/shapes.ts, velfaerd.ts) drive Teams: the real
 * CloudAdapter (auth on) against the fake connector and Graph, commands as @mentions in the team's
 * channel; the consultant's private answers and move previews come in her personal chat, where she
 * presses Flyt.
 */
import { expect } from 'vitest';
import { baseConversationId } from '../../../adapters/teams/refs.ts';
import { botAddedToTeam, botInstalledPersonal, cardSubmit, type FakeConversation, type FakeTeam, type FakeUser, type Json } from '../../fakes/teams/index.ts';
import { teamsWorld, type TeamsWorld } from '../../adapters/teams/harness.ts';
import { mentionInChannel } from '../../adapters/teams/mentions.ts';
import type { ShapeDriver } from '../contract/shapes.ts';

const PEOPLE = 60;

export interface TeamsScene {
  w: TeamsWorld;
  karin: FakeUser;
  chat: FakeConversation;
  team: FakeTeam;
  people: FakeUser[];
}

/** A team of Karin (the consultant) and 60 participants, with the bot added to it and to her chat. */
export async function teamsScene(now: string, teamName: string): Promise<TeamsScene> {
  const w = await teamsWorld({ now });
  const karin = w.fake.addUser({ name: 'Karin Konsulent', email: 'karin@kommune.dk' });
  const people = Array.from({ length: PEOPLE }, (_, i) => w.fake.addUser({ name: `Deltager ${i + 1}`, email: `deltager${i + 1}@kommune.dk` }));
  const team = w.fake.addTeam({ name: teamName, members: [karin, ...people] });
  const chat = w.fake.personalConversation(karin);
  expect(await w.send(botAddedToTeam(w.fake, { team, by: karin }))).toBe(200);
  expect(await w.send(botInstalledPersonal(w.fake, { user: karin, conversation: chat }))).toBe(200);
  await w.drain();
  return { w, karin, chat, team, people };
}

export function teamsShapeDriver({ w, karin, chat, team, people }: TeamsScene): ShapeDriver {
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
