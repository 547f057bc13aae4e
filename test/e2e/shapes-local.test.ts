/**
 * The programme shapes of issue 13 (built-in templates 001, 003, 004) in the local workspace: the
 * local adapter and its workspace (what the browser page calls) wired as `npm start` wires them,
 * commands typed by the consultant (Mette) in #generelt, move previews confirmed with their Flyt
 * button, the whole timeline on a clock the test moves. The workspace has eight people besides Mette,
 * so the same people take part in several groups (a person in two groups is two members). The
 * contract and its checks are in test/e2e/contract/shapes.ts; Slack and Teams run the same.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { localHarness, type LocalHarness } from '../adapters/local/harness.ts';
import { checkShape, playShape, setUpShape, SHAPES } from './contract/shapes.ts';
import { localShapeDriver } from './drivers/local.ts';

describe('the local workspace runs the programme shapes end to end', () => {
  let h: LocalHarness | null = null;
  afterEach(async () => {
    await h?.close();
    h = null;
  });

  for (const shape of SHAPES) {
    it(`${shape.seed} ${shape.templateId}: set up by typed commands, the whole timeline, every reminder once to the right people`, async () => {
      h = await localHarness(shape.setUpAt);
      // The test runs every pass itself, at instants it chose.
      h.core.scheduler.stop();
      const driver = localShapeDriver(h);
      const run = await setUpShape(driver, shape);
      for (const group of h.core.repos.partnerships.listForProgramme(run.programme.id)) expect({ group: group.name, channel: !!group.channelRef }).toEqual({ group: group.name, channel: true });
      const log = await playShape(driver, run);
      const result = checkShape(driver, run, log);
      expect(result.reminders).toBeGreaterThan(10);
      console.log(`Local ${shape.seed}: ${JSON.stringify(result)}, ${log.passes} passes`);
    }, 180_000);
  }
});
