import { z } from 'zod';
import type { Locale } from '../domain/text.ts';

/**
 * One problem in a template, placed where its author will look: the step (by key, not by index) and
 * the field within it, or a top-level field. Both languages, since operators and consultants read them.
 */
export interface TemplateProblem {
  step?: string;
  field?: string;
  text: { da: string; en: string };
}

/** Messages the schema itself sets (in English); zod's Danish locale cannot know them. */
const DANISH: Record<string, string> = {
  'expected HH:mm': 'forventede TT:MM',
  'lowercase letters, digits, - and _': 'kun små bogstaver, tal, - og _',
};

const danish = z.locales.da().localeError;

/** A zod issue, placed by step key and field, in both languages; an unknown field is one problem per field. */
export function problemsFromIssue(issue: z.core.$ZodIssue, input: unknown): TemplateProblem[] {
  if (issue.code === 'unrecognized_keys') {
    const text = { da: 'ukendt felt (en stavefejl?)', en: 'unknown field (a typo?)' };
    return issue.keys.map((key) => ({ ...placeOf([...issue.path, key], input), text }));
  }
  return [problemFromIssue(issue, input)];
}

function problemFromIssue(issue: z.core.$ZodIssue, input: unknown): TemplateProblem {
  const params = 'params' in issue ? (issue.params as { da?: unknown } | undefined) : undefined;
  const fromLocale = danish(issue as unknown as Parameters<typeof danish>[0]);
  const localized = typeof fromLocale === 'string' ? fromLocale : fromLocale?.message;
  const da = typeof params?.da === 'string' ? params.da : (DANISH[issue.message] ?? localized ?? issue.message);
  return { ...placeOf(issue.path, input), text: { da, en: issue.message } };
}

function placeOf(path: readonly PropertyKey[], input: unknown): Pick<TemplateProblem, 'step' | 'field'> {
  const [first, index, ...rest] = path;
  if (first === 'steps' && typeof index === 'number') {
    const steps = (input as { steps?: unknown[] } | null)?.steps;
    const key = (steps?.[index] as { key?: unknown } | undefined)?.key;
    const step = typeof key === 'string' ? key : `#${index + 1}`;
    return rest.length > 0 ? { step, field: fieldName(rest) } : { step };
  }
  return path.length > 0 ? { field: fieldName(path) } : {};
}

/** `evaluation.questions[0].text`: dots between names, brackets for list positions. */
function fieldName(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('');
}

/** `skabelon «x.json», trin «midtvejs», felt «placement.from»: ukendt trin «foo»` */
export function describeProblem(file: string, problem: TemplateProblem, locale: Locale): string {
  const [open, close] = locale === 'da' ? ['«', '»'] : ['“', '”'];
  const words = locale === 'da' ? { template: 'skabelon', step: 'trin', field: 'felt' } : { template: 'template', step: 'step', field: 'field' };
  const where = [`${words.template} ${open}${file}${close}`];
  if (problem.step) where.push(`${words.step} ${open}${problem.step}${close}`);
  if (problem.field) where.push(`${words.field} ${open}${problem.field}${close}`);
  return `${where.join(', ')}: ${problem.text[locale]}`;
}
