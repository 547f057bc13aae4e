import { z } from 'zod';
import { templateSchema } from '../domain/template.ts';

/** Where the generated schema is committed, relative to the repository root. */
export const TEMPLATE_SCHEMA_PATH = 'docs/template.schema.json';

/**
 * The JSON Schema of a template file, generated from the zod schema so the two cannot drift. It
 * describes the file as written (defaults may be left out), hence `io: 'input'`. Rules between
 * steps (an earlier step to count from, unique keys) are checked by the bot's loader, not the schema.
 */
export function templateJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(templateSchema, { io: 'input', target: 'draft-2020-12', unrepresentable: 'any' });
  return {
    ...schema,
    title: 'Tovholder programme template',
    description: 'A programme template for Tovholder: its roles, groups, steps, placements, reminders and evaluation forms. See README, "Writing a template".',
  };
}

/** The file's text: two-space JSON with a final newline, as the script writes it. */
export function templateJsonSchemaText(): string {
  return `${JSON.stringify(templateJsonSchema(), null, 2)}\n`;
}
