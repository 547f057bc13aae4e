/**
 * Writes docs/template.schema.json from the zod template schema (`npm run schema`). A test checks the
 * committed file equals what this generates, so run it after changing src/domain/template.ts or src/domain/template/.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TEMPLATE_SCHEMA_PATH, templateJsonSchemaText } from '../src/templates/json-schema.ts';

const root = join(import.meta.dirname, '..');
writeFileSync(join(root, TEMPLATE_SCHEMA_PATH), templateJsonSchemaText());
process.stdout.write(`wrote ${TEMPLATE_SCHEMA_PATH}\n`);
