/**
 * The welfare partnership (built-in template `velfaerdspartnerskab`, seed 002) over its 24 months in
 * the local workspace: the local adapter and its workspace (what the browser page calls) wired as
 * `npm start` wires them, commands typed by the consultant (Mette) in #generelt, people's messages
 * typed in their group's channel, Færdig pressed on the action's message in the owner's direct
 * conversation. The workspace has eight people besides Mette, so the same people sit in several
 * groups. The scenario and its checks are in test/e2e/contract/velfaerd.ts; Slack and Teams run the same.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { localHarness, type LocalHarness } from '../adapters/local/harness.ts';
import { checkVelfaerd, playVelfaerd, setUpVelfaerd, VELFAERD, type VelfaerdDriver } from './contract/velfaerd.ts';
import { localPostCount, localShapeDriver } from './drivers/local.ts';

function localVelfaerdDriver(h: LocalHarness): VelfaerdDriver {
  return {
    ...localShapeDriver(h),
    async personWrites(member, channelRef, text) {
      const before = localPostCount(h);
      await h.workspace.send({ as: member.userRef!, channel: channelRef, text });
      expect(h.core.db.prepare('SELECT last_human_at FROM group_watch WHERE group_id = ?').pluck().get(member.partnershipId)).toBe(h.core.clock.now().toISOString());
      expect(localPostCount(h), `the bot answered ${member.displayName}'s channel message`).toBe(before);
    },
    async pressDone(owner, messageRef) {
      const message = h.adapter.store.message(messageRef)!;
      const actions = message.blocks?.find((b) => b.type === 'actions');
      const done = actions?.type === 'actions' ? actions.buttons.find((b) => b.label === 'Færdig') : undefined;
      expect(done, 'a Færdig button on the message').toBeDefined();
      const seen = new Set(h.adapter.store.messagesFor(message.channelRef, owner.userRef!, 10_000).map((m) => m.ref));
      await h.workspace.action({ as: owner.userRef!, channel: message.channelRef, messageRef, actionId: done!.actionId, value: done!.value });
      await h.workspace.settle();
      return h.adapter.store.messagesFor(message.channelRef, owner.userRef!, 10_000).filter((m) => !seen.has(m.ref)).map((m) => m.text).join('\n');
    },
  };
}

describe('the local workspace runs the welfare partnership end to end', () => {
  let h: LocalHarness | null = null;
  afterEach(async () => {
    await h?.close();
    h = null;
  });

  it(`${VELFAERD.seed} ${VELFAERD.templateId}: 24 months of series, actions closed by Færdig, a late status report, one quiet-group notice`, async () => {
    h = await localHarness(VELFAERD.setUpAt);
    // The test runs every pass itself, at instants it chose.
    h.core.scheduler.stop();
    const driver = localVelfaerdDriver(h);
    const run = await setUpVelfaerd(driver);
    for (const group of run.groups) expect({ group: group.name, channel: !!group.channelRef }).toEqual({ group: group.name, channel: true });
    const log = await playVelfaerd(driver, run);
    const result = checkVelfaerd(driver, run, log);
    console.log(`Local ${VELFAERD.seed}: ${JSON.stringify(result)}, ${log.passes} passes`);
  }, 180_000);
});
