/**
 * The programme shapes of issue 13 (built-in templates 001, 003, 004) through Slack: the real adapter
 * (Bolt over HTTP) against the fake Slack, set up by signed slash commands as a consultant would, the
 * whole timeline played by a manual clock, date prompts answered with `flyt` and its confirm button.
 * The contract and its checks are in test/e2e/contract/shapes.ts; Teams and the local workspace run
 * the same.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SlackEvaluationWorld } from '../support/slack-evaluations.ts';
import { TEAM } from '../support/slack-harness.ts';
import { checkShape, playShape, setUpShape, SHAPES } from './contract/shapes.ts';
import { slackShapeDriver } from './drivers/slack.ts';

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
