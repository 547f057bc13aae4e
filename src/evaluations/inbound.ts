import { distance } from 'fastest-levenshtein';
import type { Answerer } from '../app.ts';
import { SUBCOMMANDS } from '../commands/router.ts';
import { ephemeral } from '../commands/reply.ts';
import { normalize } from '../commands/resolve.ts';
import type { CommandContext, CommandReply, InboundMessage } from '../commands/types.ts';
import { LABELS, lengthProblem, TEXT_LIMITS } from '../commands/limits.ts';
import { pick } from '../domain/text.ts';
import { interpret } from './interpret.ts';
import type { AnswerVia, Prompt, Round } from './repository.ts';
import { answered, deliveryKeys, isOpen, type EvaluationService, type OpenRound } from './service.ts';
import { et } from './texts.ts';

/**
 * Answers typed as messages. A reply in the thread of a question (or of its reminder) answers that
 * question: that is how Slack users answer free text. A direct message outside a thread answers the
 * member's newest waiting question, unless it is a command ("status", "hjælp"): Teams has no slash
 * commands, so commands are typed into the same direct conversation. Anything else is left alone.
 */
export function evaluationAnswerer(service: EvaluationService): Answerer {
  return async (message, ctx) => answerMessage(service, message, ctx);
}

function answerMessage(service: EvaluationService, message: InboundMessage, ctx: CommandContext): CommandReply | null {
  const text = message.text.trim();
  if (!text) return null;
  const prompts = service.store.promptsOfUser(ctx.platform, ctx.workspaceId, ctx.userRef);
  if (prompts.length === 0) return null;
  if (message.threadRef) {
    const target = threadTarget(service, prompts, message.threadRef);
    return target ? answer(service, target.prompt, target.index, text, 'thread') : null;
  }
  if (!message.direct || isCommand(text)) return null;
  const now = service.deps.clock.now();
  const rounds = new Map(prompts.map((p) => [p.activityId, service.store.round(p.activityId)]));
  for (const prompt of prompts) {
    const index = waitingQuestion(service, prompt, rounds.get(prompt.activityId), now);
    if (index !== null) return answer(service, prompt, index, text, 'direct');
  }
  const done = prompts.find((p) => isOpen(rounds.get(p.activityId), now));
  if (done) {
    const lang = service.locale(done);
    return reply(et(lang, 'allAnswered', { title: service.title(rounds.get(done.activityId)!, lang) }));
  }
  // A late answer, however late, is told that its evaluation closed, not that it is an unknown command;
  // a mistyped command ("plann") still goes on to the command handler and its "did you mean".
  const late = lastClosed(prompts, rounds, now);
  if (late && !nearCommand(text)) return reply(service.closedText(rounds.get(late.activityId), service.locale(late)));
  return null;
}

/** The question (or reminder) message a thread belongs to, among this user's own prompts. */
function threadTarget(service: EvaluationService, prompts: Prompt[], threadRef: string): { prompt: Prompt; index: number } | null {
  const candidates = new Map<string, { prompt: Prompt; index: number }>();
  for (const prompt of prompts) {
    const form = service.store.round(prompt.activityId)?.form;
    form?.questions.forEach((_, index) => candidates.set(deliveryKeys.question(prompt.id, index), { prompt, index }));
    // The reminder repeats the first question, which is the one a silent member has not answered.
    if (form) candidates.set(deliveryKeys.nudge(prompt.id), { prompt, index: 0 });
  }
  if (candidates.size === 0) return null;
  const keys = [...candidates.keys()];
  const found = service.deps.db
    .prepare(`SELECT idempotency_key FROM deliveries WHERE result_ref = ? AND idempotency_key IN (${keys.map(() => '?').join(',')})`)
    .pluck()
    .get(threadRef, ...keys) as string | undefined;
  return found ? candidates.get(found)! : null;
}

/** The first unanswered question of an open round, if it has been asked already. */
function waitingQuestion(service: EvaluationService, prompt: Prompt, round: Round | undefined, now: Date): number | null {
  if (!isOpen(round, now)) return null;
  const answered = new Set(service.store.answers(prompt.id).map((a) => a.questionKey));
  const index = round.form.questions.findIndex((q) => !answered.has(q.key));
  if (index < 0) return null;
  return service.deps.repos.deliveries.byKey(deliveryKeys.question(prompt.id, index)) ? index : null;
}

function answer(service: EvaluationService, prompt: Prompt, index: number, text: string, via: AnswerVia): CommandReply {
  const lang = service.locale(prompt);
  const round = service.store.round(prompt.activityId);
  const now = service.deps.clock.now();
  if (!isOpen(round, now)) return reply(service.closedText(round, lang));
  const question = (round as OpenRound).form.questions[index]!;
  // Refused before parsing: the results quote a written answer whole.
  const tooLong = lengthProblem(text, TEXT_LIMITS.answer, LABELS.answer);
  if (tooLong) return reply(tooLong[lang]);
  const parsed = interpret(text, question);
  if (!parsed.ok) return reply(et(lang, 'notUnderstood', { question: pick(question.text, lang), hint: parsed.hint[lang] }));
  const outcome = service.record({ prompt, questionKey: question.key, value: parsed.value, comment: parsed.comment, via }, lang);
  return answered(outcome);
}

/** The newest asked prompt whose evaluation has closed (prompts come newest first). */
function lastClosed(prompts: Prompt[], rounds: Map<string, Round | undefined>, now: Date): Prompt | undefined {
  const nowIso = now.toISOString();
  return prompts.find((p) => {
    const round = rounds.get(p.activityId);
    return round !== undefined && round.status !== 'pending' && !!round.closesAt && round.closesAt <= nowIso;
  });
}

/** A first word within two letters of a command name (and long enough to tell): a mistyped command. */
function nearCommand(text: string): boolean {
  const word = normalize(text.replace(/^\/?tovholder\s*/i, '').split(/\s+/)[0] ?? '');
  if (word.length < 4) return false;
  return SUBCOMMANDS.some((c) => c.names.some((n) => distance(normalize(n), word) <= 2));
}

/** Whether a direct message is meant as a command: its first word names one (with or without /tovholder). */
export function isCommand(text: string): boolean {
  const first = text.replace(/^\/?tovholder\s*/i, '').split(/\s+/)[0] ?? '';
  if (!first) return true;
  const word = normalize(first);
  return SUBCOMMANDS.some((c) => c.names.some((n) => normalize(n) === word));
}

function reply(text: string): CommandReply {
  return ephemeral(text);
}
