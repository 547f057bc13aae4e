import type { Core } from '../app.ts';
import { actionAnswerer } from './inbound.ts';
import { actionsPass } from './pass.ts';

/**
 * Meeting actions (issue 14, item 3). Decisions, and why:
 *
 * - After a meeting whose step says `actions: true`, ONE person is asked, by direct message: the
 *   step's `owner` role in the meeting's group, else the consultant. Minutes have one writer.
 * - An action is given by `handling @anna "…" 2027-02-01 [møde]` or by replying to the question in
 *   the same syntax. The due date is a working day; the meeting is named, or the one asked about, or
 *   the latest held meeting of the owner's group. The owner gets a direct message with Færdig.
 * - Reminders two working days before and on the day, at the programme's reminder time; each is a
 *   guarded step on the action's row plus an outbox row with an idempotency key (nothing twice).
 * - Færdig closes it once, only for its owner; the sent messages lose their button. An owner who leaves
 *   the programme leaves the action "uden ejer" (owner_member_id NULL) for the consultant to see.
 *
 * The commands (`handling`, `handlinger`) and the Færdig button are registered in the command router.
 */
export function registerActions(core: Core): void {
  core.scheduler.addPass('meeting actions', actionsPass(core), { gated: true });
  core.inbound.register(actionAnswerer(core));
}
