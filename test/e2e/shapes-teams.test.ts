/**
 * The programme shapes of issue 13 (built-in templates 001, 003, 004) through Teams: the real
 * CloudAdapter (auth on) against the fake connector and Graph, set up by @mention commands in the
 * team's channel as a consultant would (her private answers and move previews come in her personal
 * chat, where she presses Flyt), then the whole timeline on a manual clock. The contract and its checks
 * are in test/e2e/contract/shapes.ts; Slack and the local workspace run the same.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { TeamsWorld } from '../adapters/teams/harness.ts';
import { checkShape, playShape, setUpShape, SHAPES } from './contract/shapes.ts';
import { teamsScene, teamsShapeDriver } from './drivers/teams.ts';

describe('Teams runs the programme shapes end to end', () => {
  let world: TeamsWorld | null = null;
  afterEach(async () => {
    await world?.close();
    world = null;
  });

  for (const shape of SHAPES) {
    it(`${shape.seed} ${shape.templateId}: set up by @mentions, the whole timeline, every reminder once to the right people`, async () => {
      const s = await teamsScene(shape.setUpAt, 'Dagtilbud i KL-netværk');
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
