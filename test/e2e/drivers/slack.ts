/**
 * How the programme-shape scenarios (test/e2e/contract/shapes.ts, velfaerd.ts) drive Slack: the real
 * adapter (Bolt over HTTP) against the fake Slack on a manual clock, commands as signed slash commands
 * from the consultant's direct message, move previews confirmed with their Flyt button.
 */
import type { FakeSlackMessage } from '../../fakes/slack/index.ts';
import { buttonsOf, readable, type SlackEvaluationWorld } from '../../support/slack-evaluations.ts';
import { CONSULTANT, TEAM, waitFor } from '../../support/slack-harness.ts';
import type { ShapeDriver } from '../contract/shapes.ts';

/** The fake workspace's people (test/support/slack-harness.ts teamWithStaff), in a fixed order. */
const USERS = Array.from({ length: 60 }, (_, i) => [`U0K${i + 1}`, `U0D${i + 1}A`, `U0D${i + 1}B`]).flat();
export const CONSULTANT_DM = 'D0KAREN';

/** Every message the bot has posted in the fake workspace. */
export function botMessages(world: SlackEvaluationWorld): FakeSlackMessage[] {
  return [...world.fake.state.team(TEAM).messages.values()].flat().filter((m) => m.user === 'U0TOVBOT');
}

export function slackShapeDriver(world: SlackEvaluationWorld): ShapeDriver {
  const consultant = { name: 'Karen Konsulent', userId: CONSULTANT, partnership: '' };
  return {
    core: world.core,
    async tick(at) {
      // Never backwards: a command's follow-up passes may have moved the clock a few seconds on.
      if (at.getTime() > world.clock.now().getTime()) world.clock.set(at);
      await world.core.scheduler.tick();
    },
    now: () => world.clock.now(),
    postCount: () => botMessages(world).length,
    conversationOf(resultRef) {
      const found = botMessages(world).filter((m) => m.ts === resultRef);
      return found.length === 1 ? found[0]!.channel : null;
    },
    conversationFor: (channelRef) => channelRef,
    mention: (group, slot) => `<@${USERS[group * 10 + slot]}>`,
    async command(text) {
      const sent = await world.bot.command(text, { userId: CONSULTANT, channelId: CONSULTANT_DM });
      if (sent.status !== 200) throw new Error(`/tovholder ${text}: HTTP ${sent.status}`);
      await waitFor(() => world.bot.answers(sent.responseUrl).length > 0, 10_000, `an answer to "${text}"`);
      await world.settle();
      const bodies = world.fake.responses(sent.responseUrl).map((post) => post.body as { text?: string; blocks?: unknown[] });
      const read = bodies.map(readable);
      // A move preview (ephemeral, with Flyt / Annuller): she presses Flyt.
      const confirm = bodies.flatMap((b) => buttonsOf(b)).find((b) => b.action_id.startsWith('move.confirm'));
      if (confirm) {
        const preview = { ts: '0', channel: CONSULTANT_DM } as FakeSlackMessage;
        read.push(await world.clickRaw(consultant, preview, confirm));
      }
      return read.join('\n');
    },
  };
}
