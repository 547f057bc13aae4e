import { scaleOf, type EvaluationQuestion } from '../domain/template.ts';
import { parseAnswer, type AnswerHint, type Question } from './parse-answer.ts';

/** Stored for "ved ikke" / "don't know": a real answer (the member responded), but no value. */
export const DONT_KNOW = '?';

/** A typed answer as stored: the value (number, option key, text or DONT_KNOW) and any comment with it. */
export type Interpretation = { ok: true; value: string; comment: string | null } | { ok: false; hint: AnswerHint };

/** The parser's view of a form question: it knows nothing of keys, texts or languages. */
export function parserQuestion(question: EvaluationQuestion): Question {
  const scale = scaleOf(question);
  if (scale) {
    const { min, max, example } = scale;
    return { kind: 'scale', min, max, ...(example && { example: { da: example.da, en: example.en ?? example.da } }) };
  }
  if (question.type === 'text') return { kind: 'text' };
  if (question.type !== 'choice') return { kind: 'text' };
  // Labels go Danish first, English second: the parser's hints show them in that order.
  return { kind: 'choice', options: question.options.map((o) => ({ value: o.key, labels: [o.label.da, o.label.en ?? o.label.da] })) };
}

/** Reads a typed answer with the forgiving parser ("4", "4/5", "fire", "4 - børnene elskede fiskene"). */
export function interpret(text: string, question: EvaluationQuestion): Interpretation {
  const parsed = parseAnswer(text, parserQuestion(question));
  if (!parsed.ok) return { ok: false, hint: parsed.hint };
  switch (parsed.kind) {
    case 'scale':
      return { ok: true, value: String(parsed.value), comment: parsed.comment };
    case 'choice':
      return { ok: true, value: parsed.value, comment: parsed.comment };
    case 'text':
      return { ok: true, value: parsed.text, comment: null };
    case 'dont_know':
      return { ok: true, value: DONT_KNOW, comment: parsed.comment };
  }
}
