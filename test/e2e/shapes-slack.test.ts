/**
 * The programme shapes of issue 13 (built-in templates 001, 003, 004) through Slack: the real adapter
 * (Bolt over HTTP) against the fake Slack, set up by signed slash commands as a consultant would, the
 * whole timeline played by a manual clock, date prompts answered with `flyt` and its confirm button.
 * The contract and its checks are in test/e2e/contract/shapes.ts; Teams and the local workspace run
 * the same.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { FakeSlackMessage } from '../fakes/slack/index.ts';
import { buttonsOf, readable, SlackEvaluationWorld } from '../support/slack-evaluations.ts';
import { CONSULTANT, TEAM, waitFor } from '../support/slack-harness.ts';
import { checkShape, playShape, setUpShape, SHAPES, type ShapeDriver } from './contract/shapes.ts';

/** The fake workspace's people (test/support/slack-harness.ts teamWithStaff), in a fixed order. */
const USERS = Array.from({ length: 60 }, (_, i) => [`U0K${i + 1}`, `U0D${i + 1}A`, `U0D${i + 1}B`]).flat();
const CONSULTANT_DM = 'D0KAREN';

function slackShapeDriver(world: SlackEvaluationWorld): ShapeDriver {
  const botMessages = () => [...world.fake.state.team(TEAM).messages.values()].flat().filter((m) => m.user === 'U0TOVBOT');
  const consultant = { name: 'Karen Konsulent', userId: CONSULTANT, partnership: '' };
  return {
    core: world.core,
    async tick(at) {
      // Never backwards: a command's follow-up passes may have moved the clock a few seconds on.
      if (at.getTime() > world.clock.now().getTime()) world.clock.set(at);
      await world.core.scheduler.tick();
    },
    now: () => world.clock.now(),
    postCount: () => botMessages().length,
    conversationOf(resultRef) {
      const found = botMessages().filter((m) => m.ts === resultRef);
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

describe('Slack runs the programme shapes end to end', () => {
  let world: SlackEvaluationWorld | null = null;
  afterEach(async () => {
    await world?.bot.close();
    world = null;
  });

  for (const shape of SHAPES) {
    it(`${shape.seed} ${shape.templateId}: set up by slash commands, the whole timeline, every reminder once to the right people`, async () => {
      world = await SlackEvaluationWorld.start(shape.setUpAt);
      const driver = slackShapeDriver(world);
      const run = await setUpShape(driver, shape);
      // A channel for the programme and for every group (networks, named groups).
      expect(world.fake.channels(TEAM)).toHaveLength(1 + run.groups.length);
      const log = await playShape(driver, run);
      const result = checkShape(driver, run, log);
      expect(result.reminders).toBeGreaterThan(10);
      console.log(`Slack ${shape.seed}: ${JSON.stringify(result)}, ${log.passes} passes`);
    }, 180_000);
  }
});
