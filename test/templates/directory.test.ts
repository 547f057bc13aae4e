import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { createCore } from '../../src/app.ts';
import { ManualClock } from '../../src/clock.ts';
import { handleCommand } from '../../src/commands/router.ts';
import { ConfigError } from '../../src/config.ts';
import { createLogger, silentLogger } from '../../src/logger.ts';
import { operatorTemplates, readTemplateDirectory } from '../../src/templates/directory.ts';
import { describeProblem } from '../../src/templates/problems.ts';
import { FakePlatform } from '../support/fake-platform.ts';
import { consultantCtx, replyText } from '../support/core.ts';

// The small Små Partnerskaber-shaped template these tests plan with `partnerskab`; docs/template-example.json
// now shows the network features (groups, windows) and is checked in json-schema.test.ts.
const EXAMPLE = new URL('./fixtures/kort-partnerskab.json', import.meta.url);

type Raw = { id: string; steps: Record<string, unknown>[] } & Record<string, unknown>;

function example(): Raw {
  return JSON.parse(readFileSync(EXAMPLE, 'utf8')) as Raw;
}

function step(raw: Raw, key: string): Record<string, unknown> {
  return raw.steps.find((s) => s['key'] === key)!;
}

/** A fresh folder under the system's temp dir with these files; committed files are never written. */
function folder(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'tovholder-templates-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return dir;
}

/** Every problem of every refused file, as the operator reads it in the log. */
function report(dir: string, locale: 'da' | 'en' = 'da'): string[] {
  return readTemplateDirectory(dir).refused.flatMap(({ file, problems }) => problems.map((p) => describeProblem(file, p, locale)));
}

const broken = {
  unknownStep: () => { const raw = { ...example(), id: 'a' }; step(raw, 'opsamling')['placement'] = { from: 'besog', workingDays: 5 }; return raw; },
  laterStep: () => { const raw = { ...example(), id: 'b' }; step(raw, 'besoeg')['placement'] = { from: 'opsamling', workingDays: -5 }; return raw; },
  duplicateKey: () => { const raw = { ...example(), id: 'c' }; step(raw, 'opsamling')['key'] = 'besoeg'; return raw; },
  unknownField: () => { const raw = { ...example(), id: 'e', stpes: [] }; step(raw, 'besoeg')['reminder'] = [2]; return raw; },
  badDuration: () => { const raw = { ...example(), id: 'd' }; step(raw, 'besoeg')['durationMinutes'] = -30; step(raw, 'opsamling')['durationMinutes'] = '1 time'; return raw; },
};

describe('TOVHOLDER_TEMPLATES_DIR', () => {
  it('names the file, the step and the field of every problem, in Danish and in English', () => {
    const dir = folder({
      'ukendt-trin.json': broken.unknownStep(),
      'senere-trin.json': broken.laterStep(),
      'dobbelt.json': broken.duplicateKey(),
      'varighed.json': broken.badDuration(),
      'stavefejl.json': broken.unknownField(),
    });
    const da = report(dir);
    expect(da).toContain('skabelon «ukendt-trin.json», trin «opsamling», felt «placement.from»: ukendt trin «besog»');
    expect(da).toContain('skabelon «senere-trin.json», trin «besoeg», felt «placement.from»: «opsamling» er ikke et tidligere trin');
    expect(da).toContain('skabelon «dobbelt.json», trin «besoeg», felt «key»: trinnøglen «besoeg» findes allerede');
    expect(da.filter((line) => line.startsWith('skabelon «varighed.json»'))).toEqual([
      'skabelon «varighed.json», trin «besoeg», felt «durationMinutes»: For lille: forventede tal havde > 0',
      'skabelon «varighed.json», trin «opsamling», felt «durationMinutes»: Ugyldigt input: forventede tal, fik streng',
    ]);
    expect(da.filter((line) => line.startsWith('skabelon «stavefejl.json»'))).toEqual([
      'skabelon «stavefejl.json», trin «besoeg», felt «reminder»: ukendt felt (en stavefejl?)',
      'skabelon «stavefejl.json», felt «stpes»: ukendt felt (en stavefejl?)',
    ]);
    expect(report(dir, 'en')).toContain('template “ukendt-trin.json”, step “opsamling”, field “placement.from”: step "opsamling" is placed relative to "besog", which is not an earlier step');
  });

  it('refuses a file whole and loads the valid ones beside it; an id that is built in or taken is refused', () => {
    const good = example();
    const dir = folder({
      'a-god.json': good,
      'b-samme-id.json': { ...example(), name: { da: 'En anden' } },
      'c-indbygget.json': { ...example(), id: 'smaa-partnerskaber' },
      'd-ukendt-trin.json': broken.unknownStep(),
      'e-ikke-json.json': '{ "id": "x", ',
      'noter.txt': 'not a template',
    });
    const { templates, refused } = readTemplateDirectory(dir);
    expect(templates.map((t) => t.id)).toEqual(['kort-partnerskab']);
    expect(refused.map((r) => r.file)).toEqual(['b-samme-id.json', 'c-indbygget.json', 'd-ukendt-trin.json', 'e-ikke-json.json']);
    const da = report(dir);
    expect(da).toContain('skabelon «b-samme-id.json», felt «id»: id\'et «kort-partnerskab» er allerede brugt af en anden skabelon');
    expect(da).toContain('skabelon «c-indbygget.json», felt «id»: id\'et «smaa-partnerskaber» er allerede brugt af en anden skabelon');
    expect(da.find((line) => line.startsWith('skabelon «e-ikke-json.json»: ikke gyldig JSON:'))).toBeDefined();
  });

  it('logs one warn line per refused file, without a stack, and starts with the valid ones', () => {
    const dir = folder({ 'god.json': example(), 'ukendt-trin.json': broken.unknownStep(), 'dobbelt.json': broken.duplicateKey() });
    const lines: string[] = [];
    const logger = createLogger({ destination: { write: (line: string) => void lines.push(line) } });
    const templates = operatorTemplates(dir, logger);
    expect(templates.map((t) => t.id)).toEqual(['kort-partnerskab']);
    const warnings = lines.map((l) => JSON.parse(l) as { level: number; msg: string; file?: string }).filter((l) => l.level === 40);
    expect(warnings.map((w) => w.file)).toEqual(['dobbelt.json', 'ukendt-trin.json']);
    expect(warnings[1]!.msg).toBe('skabelonen «ukendt-trin.json» er afvist og ikke indlæst: skabelon «ukendt-trin.json», trin «opsamling», felt «placement.from»: ukendt trin «besog»');
    expect(lines.join('\n')).not.toMatch(/\bat .+\.ts:\d+/);
  });

  it('reads YAML files (.yaml, .yml) through the same validator, with the same reports', () => {
    const bad = broken.unknownStep();
    const dir = folder({
      'kort.yaml': stringify({ ...example(), $schema: undefined }),
      'forkert.yml': stringify(bad),
      'dobbelt-noegle.yaml': 'id: x\nid: y\n',
    });
    const { templates } = readTemplateDirectory(dir);
    expect(templates.map((t) => [t.id, t.steps.length])).toEqual([['kort-partnerskab', 3]]);
    const da = report(dir);
    expect(da).toContain('skabelon «forkert.yml», trin «opsamling», felt «placement.from»: ukendt trin «besog»');
    expect(da.find((line) => line.startsWith('skabelon «dobbelt-noegle.yaml»: ikke gyldig YAML: Map keys must be unique'))).toBeDefined();
  });

  it('stops start-up with one sentence when the folder does not exist', () => {
    const missing = join(tmpdir(), 'tovholder-no-such-folder-for-templates');
    expect(() => operatorTemplates(missing, silentLogger())).toThrow(ConfigError);
    expect(() => operatorTemplates(missing, silentLogger())).toThrow(/^TOVHOLDER_TEMPLATES_DIR \(.+\) cannot be read: ENOENT/);
  });

  it('a loaded template is listed, shown and used by `opret "X" 2027-01-04 <id>`', async () => {
    const dir = folder({ 'kort.json': example() });
    const core = createCore({
      dbPath: ':memory:', clock: new ManualClock('2026-12-01T10:00:00Z'), logger: silentLogger(), platforms: [new FakePlatform('slack')],
      templates: operatorTemplates(dir, silentLogger()),
    });
    expect(replyText(await handleCommand(core, 'skabeloner', consultantCtx))).toContain('*Kort partnerskab* (`kort-partnerskab`), 2 måneder, 3 trin');
    expect(replyText(await handleCommand(core, 'skabelon kort-partnerskab', consultantCtx))).toContain('• *Opsamling* `opsamling`\n    5 arbejdsdage efter Besøg med børn');
    expect(replyText(await handleCommand(core, 'opret "Læsning" 2027-01-04 kort-partnerskab', consultantCtx))).toContain('Forløbet *Læsning* er oprettet');
    expect(core.repos.programmes.listInWorkspace('slack', 'T1').map((p) => [p.name, p.templateId])).toEqual([['Læsning', 'kort-partnerskab']]);
    // Until a partnership is added only the whole-programme step is planned: the example's kick-off.
    expect(replyText(await handleCommand(core, 'plan', consultantCtx))).toMatch(/man\. 4\. jan\. 09\.00 +Opstart/);
    await handleCommand(core, 'partnerskab "Havet" "Nordsøen Oceanarium" "Børnehaven Bjørnen" @anna=kultur @bo=dagtilbud', consultantCtx);
    const plan = replyText(await handleCommand(core, 'plan Havet', consultantCtx));
    expect(plan).toMatch(/man\. 18\. jan\. 10\.00 +Besøg med børn/);
    expect(plan).toMatch(/man\. 25\. jan\. 09\.00 +Opsamling/);
    core.close();
  });
});
