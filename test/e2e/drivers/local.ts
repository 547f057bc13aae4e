/**
 * How the programme-shape scenarios (test/e2e/contract/shapes.ts, velfaerd.ts) drive the local
 * workspace: the local adapter and its workspace (what the browser page calls) wired as `npm start`
 * wires them, commands typed by the consultant (Mette) in #generelt, move previews confirmed with their
 * Flyt button. The workspace has eight people besides Mette, so the same people take part in several
 * groups (a person in two groups is two members).
 */
import { BOT_REF, CONSULTANT_REF, GENERAL_CHANNEL, PEOPLE } from '../../../adapters/local/directory.ts';
import type { LocalHarness } from '../../adapters/local/harness.ts';
import type { ShapeDriver } from '../contract/shapes.ts';

const PARTICIPANTS = PEOPLE.filter((p) => p.ref !== CONSULTANT_REF);

/** Messages everyone in a conversation sees (ephemeral answers to commands are the reader's alone). */
export function localPostCount(h: LocalHarness): number {
  return h.core.db.prepare('SELECT COUNT(*) FROM local_messages WHERE author_ref = ? AND visible_to IS NULL').pluck().get(BOT_REF) as number;
}

export function localShapeDriver(h: LocalHarness): ShapeDriver {
  const mine = () => h.adapter.store.messagesFor(GENERAL_CHANNEL, CONSULTANT_REF, 10_000);
  return {
    core: h.core,
    async tick(at) {
      if (at.getTime() > h.base.now().getTime()) h.base.set(at);
      await h.core.scheduler.tick();
    },
    now: () => h.base.now(),
    postCount: () => localPostCount(h),
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
