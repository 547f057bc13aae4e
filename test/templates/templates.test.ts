import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  builtinTemplates,
  getTemplate,
  loadTemplateFile,
  parseTemplate,
  TemplateError,
} from '../../src/templates/index.ts';
import { planProgramme } from '../../src/timeline/plan.ts';

const builtinUrl = new URL('../../src/templates/builtin/smaa-partnerskaber.json', import.meta.url);

/** A fresh, editable copy of the built-in template as written on disk. */
function rawTemplate(): { steps: Record<string, unknown>[] } & Record<string, unknown> {
  return JSON.parse(readFileSync(builtinUrl, 'utf8'));
}

function stepIndex(raw: ReturnType<typeof rawTemplate>, key: string): number {
  return raw.steps.findIndex((s) => s['key'] === key);
}

function problemsOf(json: unknown): string {
  try {
    parseTemplate(json, 'test.json');
  } catch (error) {
    expect(error).toBeInstanceOf(TemplateError);
    expect((error as TemplateError).code).toBe('invalid_template');
    return (error as TemplateError).message;
  }
  throw new Error('template was accepted');
}

describe('the built-in templates', () => {
  it('validate and can be found by id', () => {
    expect(builtinTemplates().map((t) => t.id)).toEqual(['smaa-partnerskaber', 'kl-boernefaellesskaber', 'kl-digital-udvikling', 'kl-kvalitet-dagtilbud', 'velfaerdspartnerskab']);
    const template = getTemplate('smaa-partnerskaber');
    expect(template?.name.da).toBe('Små Partnerskaber');
    expect(template?.months).toBe(5);
    expect(getTemplate('no-such-template')).toBeUndefined();
  });

  it('apply the schema defaults', () => {
    const template = getTemplate('smaa-partnerskaber')!;
    expect(template.defaults.reminderTime).toBe('09:00');
    expect(template.steps.find((s) => s.key === 'evt-justering-1')?.optional).toBe(true);
    expect(template.steps.find((s) => s.key === 'nysgerrighed')?.anchor).toBe(false);
  });
});

describe('a broken template', () => {
  it('names a duplicate step key', () => {
    const raw = rawTemplate();
    raw.steps.push({ ...raw.steps[stepIndex(raw, 'nysgerrighed')]! });
    expect(problemsOf(raw)).toContain('duplicate step key "nysgerrighed"');
  });

  it('names a placement relative to a later step', () => {
    const raw = rawTemplate();
    raw.steps[stepIndex(raw, 'nysgerrighed')]!['placement'] = { from: 'dialog-1', workingDays: -5 };
    expect(problemsOf(raw)).toContain('step "nysgerrighed" is placed relative to "dialog-1", which is not an earlier step');
  });

  it('names a placement relative to an unknown step', () => {
    const raw = rawTemplate();
    raw.steps[stepIndex(raw, 'dialog-1')]!['placement'] = { from: 'nysgerighed', workingDays: 5 };
    expect(problemsOf(raw)).toContain('"dialog-1" is placed relative to "nysgerighed"');
  });

  it('names a bad time with its path and step', () => {
    const raw = rawTemplate();
    const index = stepIndex(raw, 'afproevning-1');
    raw.steps[index]!['startTime'] = '25:00';
    expect(problemsOf(raw)).toContain(`steps[${index}] (afproevning-1).startTime: expected HH:mm`);
  });

  it('lists every problem, one per line', () => {
    const raw = rawTemplate();
    raw.steps[stepIndex(raw, 'dialog-1')]!['startTime'] = '25:00';
    raw.steps[stepIndex(raw, 'nysgerrighed')]!['durationMinutes'] = -60;
    const message = problemsOf(raw);
    expect(message.split('\n').filter((line) => line.startsWith('- '))).toHaveLength(2);
    expect(message).toMatch(/^Template test\.json is invalid:/);
  });

  it('refuses a programme-wide step placed relative to a per-partnership step', () => {
    const raw = rawTemplate();
    raw.steps[stepIndex(raw, 'planlaeg-midtvejsworkshop')]!['placement'] = { from: 'dialog-1', workingDays: 2 };
    expect(problemsOf(raw)).toContain(
      'step "planlaeg-midtvejsworkshop" happens once for the programme but is placed relative to "dialog-1"',
    );
  });

  it('is refused by the planner too when it was never validated', () => {
    const template = getTemplate('smaa-partnerskaber')!;
    const steps = template.steps.map((s) =>
      s.key === 'planlaeg-midtvejsworkshop' ? { ...s, placement: { from: 'dialog-1', workingDays: 2 } } : s,
    );
    const input = {
      template: { ...template, steps },
      startDate: '2027-01-04',
      timezone: 'Europe/Copenhagen',
      partnerships: [{ id: 'p1', position: 0 }],
      overrides: [],
      settings: { blackouts: [], closedOnCustomaryDaysOff: true },
    };
    expect(() => planProgramme(input)).toThrow(TemplateError);
  });

  it('names an order rule that points at no step', () => {
    const raw = rawTemplate();
    raw.steps[stepIndex(raw, 'justering')]!['mustPrecede'] = 'afslutning';
    expect(problemsOf(raw)).toContain('step "justering" must precede "afslutning", which is not another step');
  });
});

describe('template files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tovholder-templates-'));

  it('loads a consultant’s own file', () => {
    const raw = rawTemplate();
    raw['id'] = 'egen-skabelon';
    const path = join(dir, 'egen.json');
    writeFileSync(path, JSON.stringify(raw));
    expect(loadTemplateFile(path).id).toBe('egen-skabelon');
  });

  it('says so when the file is not JSON', () => {
    const path = join(dir, 'broken.json');
    writeFileSync(path, '{ "id": "x", ');
    expect(() => loadTemplateFile(path)).toThrow(/broken\.json is invalid:\n- not valid JSON/);
  });
});
