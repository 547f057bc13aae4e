import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { loadTemplateFile } from '../../src/templates/index.ts';
import { TEMPLATE_SCHEMA_PATH, templateJsonSchemaText } from '../../src/templates/json-schema.ts';

const ROOT = join(import.meta.dirname, '../..');
const committed = readFileSync(join(ROOT, TEMPLATE_SCHEMA_PATH), 'utf8');
const builtin = JSON.parse(readFileSync(join(ROOT, 'src/templates/builtin/smaa-partnerskaber.json'), 'utf8')) as Record<string, unknown>;
const example = join(ROOT, 'docs/template-example.json');

function validator() {
  return new Ajv2020({ allErrors: true, strict: false }).compile(JSON.parse(committed));
}

describe('docs/template.schema.json', () => {
  it('is what `npm run schema` generates from the zod schema now (run it after changing the template model)', () => {
    expect(committed).toBe(templateJsonSchemaText());
  });

  it('accepts the built-in template and the documented example, and refuses a broken one', () => {
    const validate = validator();
    expect(validate(builtin), JSON.stringify(validate.errors)).toBe(true);
    expect(validate(JSON.parse(readFileSync(example, 'utf8'))), JSON.stringify(validate.errors)).toBe(true);
    const broken = structuredClone(builtin) as { steps: Record<string, unknown>[] };
    broken.steps[0]!['startTime'] = '9.00';
    expect(validate(broken)).toBe(false);
    expect(validate.errors?.map((e) => e.instancePath)).toContain('/steps/0/startTime');
  });
});

describe('docs/template-example.json', () => {
  it('loads through the real template loader, "$schema" and all', () => {
    const template = loadTemplateFile(example);
    expect(template.id).toBe('kort-netvaerk');
    expect(template.steps.map((s) => s.key)).toEqual(['opstart', 'netvaerksmoede-1', 'netvaerksmoede-2', 'hjemmeopgave', 'besoeg', 'styregruppemoede']);
  });

  it('shows what an author needs beyond Små Partnerskaber: groups, a fixed date, a window, format, homework, a pairing', () => {
    const template = loadTemplateFile(example);
    const step = (key: string) => template.steps.find((s) => s.key === key)!;
    expect(template.groupTypes?.map((t) => t.key)).toEqual(['netvaerk', 'styregruppe']);
    expect(template.groups.map((g) => g.key)).toEqual(['styregruppen']);
    expect(step('opstart').placement).toEqual({ on: '03-01', year: 0 });
    expect(step('opstart').format).toBe('physical');
    expect(step('netvaerksmoede-1').placement).toMatchObject({ window: { quarter: 2 }, setBy: 'consultant' });
    expect(step('hjemmeopgave')).toMatchObject({ kind: 'homework', audience: { direct: true }, placement: { from: 'netvaerksmoede-2', workingDays: -5 } });
    expect(step('besoeg').pairing).toEqual({ between: 'organisations', size: 2, mode: 'visit' });
    expect(step('styregruppemoede').audience).toMatchObject({ to: 'group', group: 'styregruppen' });
  });
});
