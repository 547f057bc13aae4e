import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import type { Template } from '../domain/template.ts';
import { ConfigError } from '../config.ts';
import type { Logger } from '../logger.ts';
import { builtinTemplates, parseTemplateText, TemplateError } from './index.ts';
import { describeProblem, type TemplateProblem } from './problems.ts';

/** The file's format by its extension; other files in the folder (notes, backups) are left alone. */
const FORMATS: Record<string, 'json' | 'yaml'> = { '.json': 'json', '.yaml': 'yaml', '.yml': 'yaml' };

export interface RefusedTemplate {
  file: string;
  problems: readonly TemplateProblem[];
}

export interface TemplateDirectory {
  templates: Template[];
  refused: RefusedTemplate[];
}

/**
 * Reads an operator's template files (TOVHOLDER_TEMPLATES_DIR) through the same validator as the
 * built-in ones. A file with any problem is refused whole; so is one whose id is built in or already
 * taken by an earlier file (in name order), since two templates with one id would make `opret` ambiguous.
 */
export function readTemplateDirectory(dir: string): TemplateDirectory {
  const taken = new Set(builtinTemplates().map((t) => t.id));
  const result: TemplateDirectory = { templates: [], refused: [] };
  for (const file of templateFiles(dir)) {
    const outcome = readOne(join(dir, file), taken);
    if ('problems' in outcome) result.refused.push({ file, problems: outcome.problems });
    else {
      taken.add(outcome.template.id);
      result.templates.push(outcome.template);
    }
  }
  return result;
}

/** A folder that is missing or unreadable is the operator's to fix, so start-up stops with one sentence. */
function templateFiles(dir: string): string[] {
  try {
    if (!statSync(dir).isDirectory()) throw new ConfigError(`TOVHOLDER_TEMPLATES_DIR (${dir}) is not a folder.`);
    return readdirSync(dir).filter((name) => formatOf(name) !== undefined).sort();
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(`TOVHOLDER_TEMPLATES_DIR (${dir}) cannot be read: ${(error as Error).message}`);
  }
}

function formatOf(name: string): 'json' | 'yaml' | undefined {
  return FORMATS[extname(name).toLowerCase()];
}

function readOne(path: string, taken: ReadonlySet<string>): { template: Template } | { problems: TemplateProblem[] } {
  let template: Template;
  try {
    template = parseTemplateText(readFileSync(path, 'utf8'), basename(path), formatOf(path));
  } catch (error) {
    if (error instanceof TemplateError) return { problems: [...error.located] };
    const message = (error as Error).message;
    return { problems: [{ text: { da: `kan ikke læses: ${message}`, en: `cannot be read: ${message}` } }] };
  }
  if (taken.has(template.id)) {
    const id = template.id;
    return { problems: [{ field: 'id', text: { da: `id'et «${id}» er allerede brugt af en anden skabelon`, en: `the id "${id}" is already used by another template` } }] };
  }
  return { template };
}

/** The operator's templates for the core; one warn line per refused file, in Danish, no stack. */
export function operatorTemplates(dir: string | undefined, logger: Logger): Template[] {
  if (!dir) return [];
  const { templates, refused } = readTemplateDirectory(dir);
  for (const { file, problems } of refused) {
    const lines = problems.map((problem) => describeProblem(file, problem, 'da'));
    logger.warn({ file, problems: lines }, `skabelonen «${file}» er afvist og ikke indlæst: ${lines.join('; ')}`);
  }
  if (templates.length > 0) logger.info({ templates: templates.map((t) => t.id) }, 'templates loaded from TOVHOLDER_TEMPLATES_DIR');
  return templates;
}
