import type { Repositories } from '../app.ts';
import type { Clock } from '../clock.ts';
import type { Programme } from '../domain/entities.ts';
import type { Template } from '../domain/template.ts';
import type { Locale } from '../domain/text.ts';
import type { Logger } from '../logger.ts';
import { withUserTexts, type RichMessage } from '../messages/model.ts';
import { ephemeral, type MessageReply } from '../commands/reply.ts';
import type { Db } from '../store/db.ts';
import { formTitle, isValidValue, questionByKey, valueLabel } from './forms.ts';
import { cachedLookups, storeLookups, type Lookups } from './lookups.ts';
import { deadline, questionMessage, type QuestionContext } from './messages.ts';
import { EvaluationRepository, type AnswerVia, type Prompt, type Round } from './repository.ts';
import { et, shorten } from './texts.ts';

export interface EvaluationDeps {
  db: Db;
  repos: Repositories;
  /** With the programme's workspace: a consultant's uploaded template is found there. */
  /** The template a programme runs on (its snapshot; see TemplateRegistry.ofProgramme). */
  templates: { ofProgramme(programme: Programme): Template | undefined };
  clock: Clock;
  logger: Logger;
  transaction: <T>(fn: () => T) => T;
  /** Wakes the scheduler so the next question goes out now rather than on the next minute tick. */
  kick?: () => void;
}


/**
 * The next question waits this long after an answer: the thanks for the answer goes out through the
 * adapter (a reply, a response_url) only after the core returns, and must reach the member first.
 */
const NEXT_QUESTION_AFTER_MS = 2_000;

/** Idempotency keys of the messages of one prompt; their result_ref is the platform's message id. */
export const deliveryKeys = {
  question: (promptId: string, index: number) => `eval:${promptId}:q${index}`,
  nudge: (promptId: string) => `eval:${promptId}:nudge`,
  closed: (sourceKey: string) => `${sourceKey}:closed`,
};

export interface AnswerInput {
  prompt: Prompt;
  questionKey: string;
  value: string;
  comment: string | null;
  via: AnswerVia;
}

/** An answer's outcome, already worded for the member. */
export interface AnswerOutcome {
  stored: boolean;
  text: string;
  /** The member's answer as the text quotes it: shown as written, not as formatting (withUserTexts). */
  quoted?: string;
}

/** The member's reply to an answer: their answer, quoted, shows as written on every platform. */
export function answered(outcome: AnswerOutcome): MessageReply {
  const reply = ephemeral(outcome.text);
  return { ...reply, message: withUserTexts(reply.message, [outcome.quoted]) };
}

/** An open round whose form is known: the only kind that takes answers or sends questions. */
export type OpenRound = Round & { form: NonNullable<Round['form']>; closesAt: string };

export function isOpen(round: Round | undefined, now: Date): round is OpenRound {
  return !!round && round.status === 'open' && !!round.form && !!round.closesAt && now.toISOString() < round.closesAt;
}

/** Sending questions and storing answers; shared by the scheduler pass, buttons and replies. */
export class EvaluationService {
  readonly store: EvaluationRepository;
  readonly lookups: Lookups;

  constructor(readonly deps: EvaluationDeps, lookups?: Lookups) {
    this.store = new EvaluationRepository(deps.db);
    this.lookups = lookups ?? storeLookups(deps.db, deps.repos);
  }

  /** The same service reading programmes and members once, for one synchronous scheduler pass. */
  forPass(): EvaluationService {
    return new EvaluationService(this.deps, cachedLookups(storeLookups(this.deps.db, this.deps.repos)));
  }

  programme(round: Round): Programme {
    return this.lookups.programme(round.programmeId)!;
  }

  /** "Nysgerrighed · Havet": the form's title, and the partnership when the activity is its own. */
  title(round: Round, locale: Locale, programme = this.programme(round)): string {
    const step = this.deps.templates.ofProgramme(programme)?.steps.find((s) => s.key === round.stepKey);
    const title = round.form ? formTitle(round.form, step, round.stepKey, locale) : round.stepKey;
    const partnership = round.partnershipId ? this.lookups.partnership(round.partnershipId) : undefined;
    return partnership ? `${title} · ${partnership.name}` : title;
  }

  questionContext(prompt: Prompt, round: OpenRound, locale: Locale = this.locale(prompt)): QuestionContext {
    const programme = this.programme(round);
    return {
      promptId: prompt.id,
      form: round.form,
      title: this.title(round, locale, programme),
      programmeName: programme.name,
      closesAt: round.closesAt,
      zone: programme.timezone,
      locale,
    };
  }

  /** Queues one question for the member (a no-op if it was queued before); true if newly queued. */
  enqueueQuestion(prompt: Prompt, round: OpenRound, index: number, now: Date, notBefore?: Date): boolean {
    return this.enqueuePost(deliveryKeys.question(prompt.id, index), prompt, round, questionMessage(this.questionContext(prompt, round), index), now, notBefore);
  }

  enqueuePost(key: string, prompt: Prompt, round: Round, message: RichMessage, now: Date, notBefore?: Date): boolean {
    // A member who has left is sent nothing more.
    if (!prompt.memberId) return false;
    const programme = this.programme(round);
    return this.deps.repos.deliveries.enqueue(
      {
        idempotencyKey: key,
        platform: programme.platform,
        workspaceId: programme.workspaceId,
        programmeId: programme.id,
        target: { type: 'member', id: prompt.memberId },
        payload: { op: 'post', message },
        ...(notBefore ? { notBefore } : {}),
      },
      now,
    );
  }

  /**
   * The member's language, now: the one they chose with `sprog` (which may have changed since they were
   * asked), else their member language, else the one they were asked in.
   */
  locale(prompt: Prompt): Locale {
    const member = prompt.memberId ? this.lookups.member(prompt.memberId) : undefined;
    const programme = member && this.lookups.programme(member.programmeId);
    const chosen = programme && member.userRef ? this.lookups.userLocale(programme, member.userRef) : undefined;
    return chosen ?? member?.locale ?? prompt.locale;
  }

  /**
   * Stores (or changes) an answer while the round is open and queues the next unanswered question.
   * After closing nothing is stored and the member is told so.
   */
  record(input: AnswerInput, locale: Locale): AnswerOutcome {
    const now = this.deps.clock.now();
    const outcome = this.deps.transaction((): AnswerOutcome => {
      const round = this.store.round(input.prompt.activityId);
      if (!isOpen(round, now)) return { stored: false, text: this.closedText(round, locale) };
      const question = questionByKey(round.form, input.questionKey);
      if (!question || !isValidValue(question, input.value)) return { stored: false, text: et(locale, 'unknownPrompt') };
      const saved = this.store.saveAnswer({ ...input, promptId: input.prompt.id, answeredAt: now.toISOString() });
      const answered = new Set(this.store.answers(input.prompt.id).map((a) => a.questionKey));
      const next = round.form.questions.findIndex((q) => !answered.has(q.key));
      const queued = next >= 0 && this.enqueueQuestion(input.prompt, round, next, now, new Date(now.getTime() + NEXT_QUESTION_AFTER_MS));
      const quoted = shorten(valueLabel(question, input.value, locale));
      return { stored: true, text: this.ackText(quoted, saved, next, queued, round, locale), quoted };
    });
    if (outcome.stored) this.deps.kick?.();
    return outcome;
  }

  private ackText(label: string, saved: 'new' | 'changed', next: number, queued: boolean, round: OpenRound, locale: Locale): string {
    const parts = [et(locale, saved === 'new' ? 'saved' : 'changed', { value: label })];
    if (queued) parts.push(et(locale, 'next'));
    if (next < 0) parts.push(et(locale, 'done', { date: deadline({ closesAt: round.closesAt, zone: this.programme(round).timezone, locale }) }));
    return parts.join(' ');
  }

  /** "The evaluation of Nysgerrighed closed on Monday 22 February, so your answer was not saved." */
  closedText(round: Round | undefined, locale: Locale): string {
    if (!round?.closesAt) return et(locale, 'unknownPrompt');
    const date = deadline({ closesAt: round.closesAt, zone: this.programme(round).timezone, locale });
    return et(locale, 'closed', { title: this.title(round, locale), date });
  }
}
