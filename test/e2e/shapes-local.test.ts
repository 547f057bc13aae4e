/**
 * The programme shapes of issue 13 (built-in templates 001, 003, 004) in the local workspace: the
 * local adapter and its workspace (what the browser page calls) wired as `npm start` wires them,
 * commands typed by the consultant (Mette) in #generelt, move previews confirmed with their Flyt
 * button, the whole timeline on a clock the test moves. The workspace has eight people besides Mette,
 * so the same people take part in several groups (a person in two groups is two members). The
 * contract and its checks are in test/e2e/contract/shapes.ts; Slack and Teams run the same.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { BOT_REF, CONSULTANT_REF, GENERAL_CHANNEL, PEOPLE } from '../../adapters/local/directory.ts';
import { localHarness, type LocalHarness } from '../adapters/local/harness.ts';
import { checkShape, playShape, setUpShape, SHAPES, type ShapeDriver } from './contract/shapes.ts';

const PARTICIPANTS = PEOPLE.filter((p) => p.ref !== CONSULTANT_REF);

function localShapeDriver(h: LocalHarness): ShapeDriver {
  const mine = () => h.adapter.store.messagesFor(GENERAL_CHANNEL, CONSULTANT_REF, 10_000);
  return {
    core: h.core,
    async tick(at) {
      if (at.getTime() > h.base.now().getTime()) h.base.set(at);
      await h.core.scheduler.tick();
    },
    now: () => h.base.now(),
    // Messages everyone in a conversation sees (ephemeral answers to commands are the consultant's alone).
    postCount: () => h.core.db.prepare('SELECT COUNT(*) FROM local_messages WHERE author_ref = ? AND visible_to IS NULL').pluck().get(BOT_REF) as number,
    conversationOf: (resultRef) => h.adapter.store.message(resultRef)?.channelRef ?? null,
    conversationFor: (channelRef) => channelRef,
    mention: (group, slot) => `@${PARTICIPANTS[(group * 8 + slot) % PARTICIPANTS.length]!.handle}`,
    async command(text) {
      const seen = new Set(mine().map((m) => m.ref));
      await h.workspace.send({ as: CONSULTANT_REF, channel: GENERAL_CHANNEL, text: `/tovholder ${text}` });
      await h.workspace.settle();
      const answers = mine().filter((m) => !seen.has(m.ref));
      const read = answers.map((m) => [m.text, ...(m.blocks ?? []).map((b) => ('text' in b ? b.text : ''))].join('\n'));
      // A move preview: she presses its Flyt button.
      for (const answer of answers) {
        const actions = answer.blocks?.find((b) => b.type === 'actions');
        const confirm = actions?.type === 'actions' ? actions.buttons.find((b) => b.actionId.startsWith('move.confirm')) : undefined;
        if (!confirm) continue;
        answers.forEach((m) => seen.add(m.ref));
        await h.workspace.action({ as: CONSULTANT_REF, channel: GENERAL_CHANNEL, messageRef: answer.ref, actionId: confirm.actionId, value: confirm.value });
        await h.workspace.settle();
        read.push(...mine().filter((m) => !seen.has(m.ref)).map((m) => m.text));
      }
      return read.join('\n');
    },
  };
}

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
