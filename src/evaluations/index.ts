import type { Core } from '../app.ts';
import { evaluationService } from './context.ts';
import { evaluationAnswerer } from './inbound.ts';
import { evaluationPass } from './pass.ts';

/**
 * Evaluations: short forms (template data, `Step.evaluation`) asked of the members an activity
 * concerns once it has ended. Decisions, and why:
 *
 * - One prompt per member, by DIRECT message. It works alike on Slack and Teams (a Teams bot only hears
 *   @mentions in channels), keeps answers out of the partnership channel, and makes "who has not
 *   answered" exact. On Slack a reply in the thread of a question (or of its reminder) answers that
 *   question; a plain direct message answers the newest waiting question unless it is a command.
 * - Question by question: each question is its own message (buttons for scales and choices, reply for
 *   free text); answering one queues the next. Every message has its own platform id (result_ref), so
 *   a thread reply always says which question it answers, and an answer can be changed by pressing
 *   another button or replying in that question's thread until the form closes.
 * - One reminder to members with no answer at all, n working days later at 10:00 local; the form
 *   closes after m working days (local midnight), and closing edits the sent messages' buttons away.
 * - Results are shown where they are asked for: a partnership channel only ever shows that
 *   partnership's members' answers, the shared channel only numbers, a direct conversation everything.
 *   Anonymous forms never show names, nor any result with fewer than three answers or for a part of
 *   those asked. The CSV export follows the same rules; it is ";"-separated UTF-8 with BOM (Danish Excel).
 *
 * Buttons and the `resultater` / `eksport` commands are registered in the command router.
 */
export function registerEvaluations(core: Core): void {
  const service = evaluationService(core);
  core.scheduler.addPass('evaluations', evaluationPass(service), { gated: true });
  core.inbound.register(evaluationAnswerer(service));
}
