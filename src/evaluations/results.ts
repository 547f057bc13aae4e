import { scaleOf, type EvaluationForm, type EvaluationQuestion, type ScaleQuestion } from '../domain/template.ts';
import { DONT_KNOW } from './interpret.ts';
import type { Answer, PromptWithMember, Round } from './repository.ts';

/** An anonymous result is shown only when at least this many have answered: fewer could be recognised. */
export const MIN_ANONYMOUS_ANSWERS = 3;

type Scale = ScaleQuestion;
type Choice = Extract<EvaluationQuestion, { type: 'choice' }>;
type Text = Extract<EvaluationQuestion, { type: 'text' }>;

/** A written answer or comment; the name is null on anonymous forms. */
export interface Entry {
  text: string;
  name: string | null;
}

/** `dontKnow` counts "ved ikke": answered, but not part of the distribution or the mean. */
export type QuestionResult =
  | { type: 'scale'; question: Scale; counts: number[]; n: number; mean: number | null; dontKnow: number; comments: Entry[] }
  | { type: 'choice'; question: Choice; counts: number[]; n: number; dontKnow: number; comments: Entry[] }
  | { type: 'text'; question: Text; entries: Entry[]; dontKnow: number };

export interface GroupResult {
  anonymous: boolean;
  asked: number;
  answered: number;
  /**
   * Anonymous results are never shown for fewer than MIN_ANONYMOUS_ANSWERS ('few'), nor for a part of
   * the people asked ('part'): comparing a part with the whole would single people out.
   */
  hidden: false | 'few' | 'part';
  /** Who has not answered; always empty on anonymous forms. */
  missing: string[];
  questions: QuestionResult[];
}

/** Answers by prompt, then by question key. */
export type AnswerIndex = Map<string, Map<string, Answer>>;

export function indexAnswers(answers: Answer[]): AnswerIndex {
  const index: AnswerIndex = new Map();
  for (const a of answers) {
    if (!index.has(a.promptId)) index.set(a.promptId, new Map());
    index.get(a.promptId)!.set(a.questionKey, a);
  }
  return index;
}

/** Everything known about the evaluations of one programme, read once per command. */
export interface ProgrammeResults {
  rounds: Round[];
  prompts: PromptWithMember[];
  answers: AnswerIndex;
}

/**
 * Response rate, distribution, mean and written answers of one group of prompts (an activity, a
 * partnership's part of it, a whole step). Anonymous forms never carry names, and a group with too
 * few answers is hidden whole, so a small partnership's answers cannot be told apart.
 */
export function aggregate(form: EvaluationForm, prompts: PromptWithMember[], answers: AnswerIndex, all: PromptWithMember[]): GroupResult {
  const respondents = prompts.filter((p) => answers.has(p.id));
  const anonymous = form.anonymous;
  const base = { anonymous, asked: prompts.length, answered: respondents.length };
  if (anonymous && !coversWholeRounds(prompts, all)) return { ...base, answered: 0, hidden: 'part', missing: [], questions: [] };
  if (anonymous && respondents.length < MIN_ANONYMOUS_ANSWERS) return { ...base, hidden: 'few', missing: [], questions: [] };
  const missing = anonymous ? [] : prompts.filter((p) => !answers.has(p.id)).flatMap((p) => (p.displayName ? [p.displayName] : []));
  const given = (key: string) =>
    respondents.flatMap((p) => {
      const answer = answers.get(p.id)?.get(key);
      return answer ? [{ answer, name: anonymous ? null : p.displayName }] : [];
    });
  const questions = form.questions.map((q) => questionResult(q, given(q.key), anonymous));
  return { ...base, hidden: false, missing, questions };
}

function questionResult(question: EvaluationQuestion, given: { answer: Answer; name: string | null }[], anonymous: boolean): QuestionResult {
  const comments = order(given.filter((g) => g.answer.comment).map((g) => ({ text: g.answer.comment!, name: g.name })), anonymous);
  const dontKnow = given.filter((g) => g.answer.value === DONT_KNOW).length;
  const known = given.filter((g) => g.answer.value !== DONT_KNOW);
  if (question.type === 'text') return { type: 'text', question, entries: order(known.map((g) => ({ text: g.answer.value, name: g.name })), anonymous), dontKnow };
  if (question.type === 'choice') {
    const counts = question.options.map((o) => known.filter((g) => g.answer.value === o.key).length);
    return { type: 'choice', question, counts, n: known.length, dontKnow, comments };
  }
  // Scales and energy questions: an energy result is a 1-5 scale (its trend: src/evaluations/energy.ts).
  const scale = scaleOf(question)!;
  const values = given.map((g) => Number(g.answer.value)).filter((v) => Number.isInteger(v) && v >= scale.min && v <= scale.max);
  const counts = Array.from({ length: scale.max - scale.min + 1 }, (_, i) => values.filter((v) => v === scale.min + i).length);
  const mean = values.length > 0 ? values.reduce((a, b) => a + b, 0) / values.length : null;
  return { type: 'scale', question: scale, counts, n: values.length, mean, dontKnow, comments };
}

/** Whether a group holds everyone asked in each activity it touches (not a part of one). */
export function coversWholeRounds(group: PromptWithMember[], all: PromptWithMember[]): boolean {
  const rounds = new Set(group.map((p) => p.activityId));
  return all.filter((p) => rounds.has(p.activityId)).length === group.length;
}

/** Anonymous answers are sorted by their text, so their order says nothing about who or when. */
function order(entries: Entry[], anonymous: boolean): Entry[] {
  return anonymous ? [...entries].sort((a, b) => a.text.localeCompare(b.text, 'da')) : entries;
}
