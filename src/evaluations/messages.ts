import { scaleOf, type EvaluationForm, type EvaluationQuestion, type ScaleQuestion } from '../domain/template.ts';
import { pick, type Locale } from '../domain/text.ts';
import { formatDate } from '../messages/format.ts';
import { withUserTexts, type Block, type Button, type RichMessage } from '../messages/model.ts';
import { buttonValues, valueLabel } from './forms.ts';
import { et, shorten } from './texts.ts';
import { lastAnswerDay } from './timing.ts';

/** Buttons of one question carry `eval.answer.<n>`: Slack wants action ids unique within a block. */
export const EVAL_ANSWER_PREFIX = 'eval.answer.';
/** Scales span at most 0-10 and choices have at most 6 options: 11 buttons at most. */
export const EVAL_ANSWER_ACTION_IDS = Array.from({ length: 11 }, (_, i) => `${EVAL_ANSWER_PREFIX}${i}`);

/** What a question message is about. */
export interface QuestionContext {
  promptId: string;
  form: EvaluationForm;
  /** "Nysgerrighed · Havet" */
  title: string;
  programmeName: string;
  closesAt: string;
  zone: string;
  locale: Locale;
}

/** A button's value: compact and self-contained, far below Slack's 2000 characters. */
export function encodeAnswerValue(promptId: string, questionKey: string, value: string): string {
  return `${promptId}|${questionKey}|${value}`;
}

export function decodeAnswerValue(raw: string): { promptId: string; questionKey: string; value: string } | null {
  const [promptId, questionKey, ...rest] = raw.split('|');
  if (!promptId || !questionKey || rest.length === 0) return null;
  return { promptId, questionKey, value: rest.join('|') };
}

/** One question, with buttons for scales and choices. The first also introduces the evaluation. */
export function questionMessage(ctx: QuestionContext, index: number, lead?: string): RichMessage {
  const { form, locale } = ctx;
  const question = form.questions[index]!;
  const text = pick(question.text, locale);
  const blocks: Block[] = [];
  if (lead) blocks.push({ type: 'section', text: lead });
  if (index === 0) {
    blocks.push({ type: 'header', text: et(locale, headerOf(ctx.form), { title: ctx.title }) });
    const intro = form.questions.length === 1 ? et(locale, 'introOne') : et(locale, 'introMany', { count: form.questions.length });
    blocks.push({ type: 'section', text: form.intro ? `${intro}\n${pick(form.intro, locale)}` : intro });
  }
  const counter = form.questions.length > 1 ? `_${et(locale, 'questionOf', { n: index + 1, total: form.questions.length })}_\n` : '';
  blocks.push({ type: 'section', text: `${counter}*${text}*` });
  const buttons = answerButtons(ctx.promptId, question, locale);
  if (buttons.length > 0) blocks.push({ type: 'actions', buttons });
  blocks.push({ type: 'context', text: hint(question, locale) });
  blocks.push({ type: 'context', text: `${et(locale, 'deadline', { date: deadline(ctx) })} · ${ctx.programmeName}` });
  // The title names the partnership: a user's text, like the programme's name.
  return withUserTexts({ text: `${et(locale, headerOf(ctx.form), { title: ctx.title })}: ${text}`, blocks }, [ctx.title, ctx.programmeName]);
}

/** The one reminder: the first question again, so it can be answered right there. */
export function nudgeMessage(ctx: QuestionContext): RichMessage {
  // A report's reminder falls on its deadline (src/reports/form.ts).
  return questionMessage(ctx, 0, et(ctx.locale, ctx.form.purpose === 'report' ? 'reportNudge' : 'nudge', { title: ctx.title }));
}

/** "Evaluering: …", or "Statusrapport: …" for a status report. */
function headerOf(form: EvaluationForm): 'header' | 'reportHeader' {
  return form.purpose === 'report' ? 'reportHeader' : 'header';
}

/** What a question message becomes when the evaluation closes: no buttons, the answer if any. */
export function closedQuestionMessage(ctx: QuestionContext, index: number, answer: string | undefined): RichMessage {
  const { locale } = ctx;
  const question = ctx.form.questions[index]!;
  const text = pick(question.text, locale);
  const status = answer === undefined
    ? et(locale, 'closedNote')
    : `${et(locale, 'closedNote')} ${et(locale, 'closedYourAnswer', { value: shorten(valueLabel(question, answer, locale), 200) })}`;
  const message: RichMessage = {
    text: `${et(locale, headerOf(ctx.form), { title: ctx.title })}: ${text}`,
    // The activity's name stays: several closed questions in a row must still say what they were about.
    blocks: [
      { type: 'section', text: `_${et(locale, headerOf(ctx.form), { title: ctx.title })}_\n*${text}*` },
      { type: 'context', text: `${status} · ${ctx.programmeName}` },
    ],
  };
  return withUserTexts(message, [ctx.title, ctx.programmeName, answer]);
}

export function deadline(ctx: { closesAt: string; zone: string; locale: Locale }): string {
  return formatDate(lastAnswerDay(ctx.closesAt, ctx.zone), ctx.zone, ctx.locale);
}

function answerButtons(promptId: string, question: EvaluationQuestion, locale: Locale): Button[] {
  return buttonValues(question).map((value, i) => ({
    actionId: `${EVAL_ANSWER_PREFIX}${i}`,
    label: valueLabel(question, value, locale),
    value: encodeAnswerValue(promptId, question.key, value),
  }));
}

/** How to answer this kind of question; also used when a typed answer was not understood. */
export function hint(question: EvaluationQuestion, locale: Locale): string {
  const scale = scaleOf(question);
  if (scale) return scaleHint(scale, locale);
  return et(locale, question.type === 'choice' ? 'hintChoice' : 'hintText');
}

function scaleHint(question: ScaleQuestion, locale: Locale): string {
  const rating = Math.min(question.max, Math.max(question.min, 4));
  const example = question.example ? `${rating} – ${pick(question.example, locale)}` : String(rating);
  const base = et(locale, 'hintScale', { min: question.min, max: question.max, example });
  if (!question.labels) return base;
  const labels = et(locale, 'hintScaleLabels', {
    min: question.min,
    max: question.max,
    low: pick(question.labels.low, locale),
    high: pick(question.labels.high, locale),
  });
  return `${labels} ${base}`;
}
