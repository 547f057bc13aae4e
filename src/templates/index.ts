import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { isProgrammeWide, templateFieldsSchema, templateSchema, type Step, type Template } from '../domain/template.ts';
import { problemsFromIssue, type TemplateProblem } from './problems.ts';
import { happensOnce } from '../timeline/groups.ts';
import { shapeProblems } from './shape-rules.ts';

/**
 * A template that cannot be used. Templates are data a consultant may write, so the message lists every
 * problem with where it is ("steps[3] (afproevning-1).startTime: expected HH:mm") rather than a stack.
 */
export class TemplateError extends Error {
  readonly code = 'invalid_template' as const;
  /** Where the template came from: a file path, "builtin:<id>", or whatever the caller passed. */
  readonly source: string;
  readonly problems: readonly string[];
  /** The same problems placed by step key and field, in Danish and English (see problems.ts). */
  readonly located: readonly TemplateProblem[];

  constructor(source: string, problems: readonly string[], options?: { cause?: unknown; located?: readonly TemplateProblem[] }) {
    super(`Template ${source} is invalid:\n${problems.map((p) => `- ${p}`).join('\n')}`, options);
    this.name = 'TemplateError';
    this.source = source;
    this.problems = problems;
    this.located = options?.located ?? problems.map((p) => ({ text: { da: p, en: p } }));
  }
}

/** Små Partnerskaber first: it is the default shape, and forms list the templates in this order. */
const BUILTIN_FILES = [
  'smaa-partnerskaber.json',
  'kl-boernefaellesskaber.json',
  'kl-digital-udvikling.json',
  'kl-kvalitet-dagtilbud.json',
  'velfaerdspartnerskab.json',
] as const;

let builtins: readonly Template[] | undefined;

/** The templates shipped with the bot, validated once on first use. */
export function builtinTemplates(): Template[] {
  builtins ??= BUILTIN_FILES.map((file) => {
    const text = readFileSync(new URL(`./builtin/${file}`, import.meta.url), 'utf8');
    return parseTemplate(parseJson(text, `builtin:${file}`), `builtin:${file}`);
  });
  return [...builtins];
}

export function getTemplate(id: string): Template | undefined {
  return builtinTemplates().find((template) => template.id === id);
}

/** Reads and validates a consultant's own template file. */
export function loadTemplateFile(path: string): Template {
  return parseTemplateText(readFileSync(path, 'utf8'), path);
}

/** Validates a template file's text, JSON or YAML; `source` names it in every problem. */
export function parseTemplateText(text: string, source: string, format: 'json' | 'yaml' = 'json'): Template {
  return parseTemplate(format === 'yaml' ? parseYamlText(text, source) : parseJson(text, source), source);
}

/** Validates a template (zod schema plus the cross-step rules the planner relies on). */
export function parseTemplate(json: unknown, source: string): Template {
  // reportInput: the Danish messages say what was found ("fik tekst"), not "fik undefined".
  const result = templateSchema.safeParse(json, { reportInput: true });
  if (!result.success) {
    const located = result.error.issues.flatMap((issue) => problemsFromIssue(issue, json));
    // Every field is right and only the order of the steps is not (a step before its anchor, a key
    // twice): the whole template's rules are checked too, so the author sees every problem in one go.
    const fields = templateFieldsSchema.safeParse(json);
    const more = fields.success ? laterProblems(fields.data).filter((p) => !located.some((l) => l.step === p.step && l.field === p.field)) : [];
    throw new TemplateError(source, [...result.error.issues.map((issue) => describeIssue(issue, json)), ...more.map((p) => p.text.en)], {
      cause: result.error,
      located: [...located, ...more],
    });
  }
  const problems = crossStepProblems(result.data);
  if (problems.length > 0) throw new TemplateError(source, problems.map((p) => p.text.en), { located: problems });
  return result.data;
}

/**
 * The whole template's rules on a template whose steps are out of order. They were written for a valid
 * one; should one stumble here, the author still gets the first round of problems, not an internal error.
 */
function laterProblems(template: Template): TemplateProblem[] {
  try {
    return crossStepProblems(template);
  } catch {
    return [];
  }
}

function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw syntaxError(source, 'JSON', error);
  }
}

/** YAML, for authors who find it easier to write than JSON; duplicate keys are an error, as they should be. */
function parseYamlText(text: string, source: string): unknown {
  try {
    return parseYaml(text) as unknown;
  } catch (error) {
    throw syntaxError(source, 'YAML', error);
  }
}

function syntaxError(source: string, format: 'JSON' | 'YAML', error: unknown): TemplateError {
  const { message } = error as Error;
  const text = { da: `ikke gyldig ${format}: ${message}`, en: `not valid ${format}: ${message}` };
  return new TemplateError(source, [text.en], { cause: error, located: [{ text }] });
}

function describeIssue(issue: z.core.$ZodIssue, input: unknown): string {
  const path = readablePath(issue.path, input);
  return path ? `${path}: ${issue.message}` : issue.message;
}

/** `steps[3] (afproevning-1).startTime`: the step key tells the author which step without counting. */
export function readablePath(path: readonly PropertyKey[], input: unknown): string {
  let text = '';
  let node: unknown = input;
  for (const segment of path) {
    text += typeof segment === 'number' ? `[${segment}]` : `${text ? '.' : ''}${String(segment)}`;
    node = isRecord(node) || Array.isArray(node) ? (node as Record<PropertyKey, unknown>)[segment] : undefined;
    const key = isRecord(node) && typeof segment === 'number' ? node['key'] : undefined;
    if (typeof key === 'string') text += ` (${key})`;
  }
  return text;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Rules between steps that the schema's own refinement does not cover. */
export function crossStepProblems(template: Template): TemplateProblem[] {
  const byKey = new Map(template.steps.map((step) => [step.key, step]));
  const problems: TemplateProblem[] = [];
  for (const step of template.steps) {
    const at = (field: string, en: string, da: string) => problems.push({ step: step.key, field, text: { da, en } });
    const from = 'from' in step.placement ? step.placement.from : 'start';
    const base = from === 'start' ? undefined : byKey.get(from);
    // A once-per-programme activity cannot follow one of several per-partnership dates: which one?
    if (base && isProgrammeWide(step.audience) && !happensOnce(base.audience)) {
      at('placement.from',
        `step "${step.key}" happens once for the programme but is placed relative to "${base.key}", which happens once per partnership`,
        `trinnet sker én gang for hele forløbet, men «${base.key}» sker én gang pr. partnerskab`);
    }
    if (step.pairing && isProgrammeWide(step.audience)) {
      at('pairing', `step "${step.key}" pairs partnerships but happens once for the whole programme`, 'trinnet parrer partnerskaber, men sker én gang for hele forløbet');
    }
    if (step.mustPrecede !== undefined) problems.push(...precedenceProblems(step, byKey.get(step.mustPrecede)));
    if (step.month !== undefined && step.month > template.months) {
      at('month', `step "${step.key}" is in month ${step.month} of a ${template.months}-month template`, `måned ${step.month}, men skabelonen varer ${template.months} måneder`);
    }
  }
  return [...problems, ...shapeProblems(template)];
}

function precedenceProblems(step: Step, target: Step | undefined): TemplateProblem[] {
  const at = (en: string, da: string): TemplateProblem[] => [{ step: step.key, field: 'mustPrecede', text: { da, en } }];
  if (!target || target.key === step.key) {
    return at(`step "${step.key}" must precede "${step.mustPrecede}", which is not another step`, `«${step.mustPrecede}» er ikke et andet trin`);
  }
  if (isProgrammeWide(step.audience) && !happensOnce(target.audience)) {
    return at(`step "${step.key}" happens once for the programme but must precede "${target.key}", which happens once per partnership`,
      `trinnet sker én gang for hele forløbet, men «${target.key}» sker én gang pr. partnerskab`);
  }
  return [];
}
