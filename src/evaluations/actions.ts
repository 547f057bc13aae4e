import type { Core } from '../app.ts';
import { ephemeral } from '../commands/reply.ts';
import type { ActionInput, CommandContext, CommandReply } from '../commands/types.ts';
import type { Locale } from '../domain/text.ts';
import { decodeAnswerValue, EVAL_ANSWER_ACTION_IDS } from './messages.ts';
import { evaluationService } from './context.ts';
import { answered } from './service.ts';
import { et } from './texts.ts';

/**
 * A scale or choice button. The value names the prompt, the question and the answer; the presser must
 * be the member who was asked (a forwarded or shared message must not let someone else answer).
 */
export function answerButton(core: Core, action: ActionInput, ctx: CommandContext, locale: Locale): CommandReply {
  const service = evaluationService(core);
  const decoded = decodeAnswerValue(action.value);
  const prompt = decoded ? service.store.prompt(decoded.promptId) : undefined;
  if (!decoded || !prompt) return ephemeral(et(locale, 'unknownPrompt'));
  const member = prompt.memberId ? core.repos.members.get(prompt.memberId) : undefined;
  const programme = member && core.repos.programmes.get(member.programmeId);
  const same = !!programme && programme.platform === ctx.platform && programme.workspaceId === ctx.workspaceId && member?.userRef === ctx.userRef;
  if (!same) return ephemeral(et(locale, 'notYours'));
  const lang = service.locale(prompt);
  const outcome = service.record({ prompt, questionKey: decoded.questionKey, value: decoded.value, comment: null, via: 'button' }, lang);
  return answered(outcome);
}

/** Router entries: every `eval.answer.<n>` action id leads to the same handler. */
export const EVALUATION_ACTIONS: Record<string, typeof answerButton> = Object.fromEntries(
  EVAL_ANSWER_ACTION_IDS.map((id) => [id, answerButton]),
);
