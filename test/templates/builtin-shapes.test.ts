import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { addressOf, type Step, type Template } from '../../src/domain/template.ts';
import { getTemplate, parseTemplate } from '../../src/templates/index.ts';
import { TEMPLATE_SCHEMA_PATH } from '../../src/templates/json-schema.ts';
import { planProgramme } from '../../src/timeline/plan.ts';

// The KL programme shapes (seeds 001, 003, 004) as built-in templates. Only their content is checked
// here: that they load, speak both languages and carry each seed's own dates. Planning them is the
// planner's tests' business.

const ROOT = join(import.meta.dirname, '../..');
const IDS = ['kl-boernefaellesskaber', 'kl-digital-udvikling', 'kl-kvalitet-dagtilbud', 'velfaerdspartnerskab'] as const;

function raw(id: string): unknown {
  return JSON.parse(readFileSync(join(ROOT, `src/templates/builtin/${id}.json`), 'utf8'));
}

// Compiled once: it is the schema editors complete from, so the files must pass it as well as the loader.
let validator: ReturnType<Ajv2020['compile']> | undefined;
function schemaValidator() {
  validator ??= new Ajv2020({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync(join(ROOT, TEMPLATE_SCHEMA_PATH), 'utf8')));
  return validator;
}

function template(id: string): Template {
  const found = getTemplate(id);
  if (!found) throw new Error(`no built-in template ${id}`);
  return found;
}

function step(t: Template, key: string): Step {
  const found = t.steps.find((s) => s.key === key);
  if (!found) throw new Error(`${t.id} has no step ${key}`);
  return found;
}

describe.each(IDS)('the built-in template %s', (id) => {
  it('loads through the validator, is registered, and its file matches the JSON Schema editors use', () => {
    expect(parseTemplate(raw(id), `builtin:${id}.json`).id).toBe(id);
    expect(getTemplate(id)?.id).toBe(id);
    const validate = schemaValidator();
    expect(validate(raw(id)), JSON.stringify(validate.errors)).toBe(true);
  });

  it('names every step, role, group type and group in Danish and English', () => {
    const t = template(id);
    const texts = [t.name, t.description, ...t.steps.map((s) => s.title), ...t.roles.map((r) => r.title), ...(t.groupTypes ?? []).map((g) => g.name), ...t.groups.map((g) => g.name)];
    for (const text of texts) expect(text.en, text.da).toBeTruthy();
    for (const s of t.steps) for (const q of s.evaluation?.questions ?? []) expect(q.text.en, `${s.key}.${q.key}`).toBeTruthy();
  });

  it('addresses every step to a group type or group the template has, and roles it defines', () => {
    const t = template(id);
    const types = new Set((t.groupTypes ?? []).map((g) => g.key));
    const groups = new Set(t.groups.map((g) => g.key));
    const roles = new Set(t.roles.map((r) => r.role));
    for (const s of t.steps) {
      const audience = addressOf(t, s.audience);
      if (audience.groupType) expect(types, s.key).toContain(audience.groupType);
      if (audience.group) expect(groups, s.key).toContain(audience.group);
      for (const type of audience.groupTypes ?? []) expect(types, s.key).toContain(type);
      for (const role of audience.roles) expect(roles, `${s.key}: ${role}`).toContain(role);
      expect(audience.roles.length, s.key).toBeGreaterThan(0);
    }
    for (const g of t.groups) expect(types).toContain(g.type);
    expect(roles).toContain('consultant');
  });
});

describe('kl-boernefaellesskaber (seed 001, KL 2021)', () => {
  const t = template('kl-boernefaellesskaber');

  it('has the registration deadline on 16 August at 12.00 for the whole programme', () => {
    expect(step(t, 'tilmeldingsfrist')).toMatchObject({ kind: 'deadline', startTime: '12:00', placement: { on: '08-16', year: 0 }, audience: { to: 'programme' } });
  });

  it('asks the consultant to date the dialogue with each network in August', () => {
    expect(step(t, 'dialog-med-kommunen')).toMatchObject({ audience: { to: 'each', groupType: 'netvaerk' }, placement: { window: { month: 8 }, year: 0, setBy: 'consultant' } });
  });

  it('holds the four partnership meetings per network on the seed’s dates, in person or online as it says', () => {
    const meetings = t.steps.filter((s) => s.key.startsWith('partnerskabsmoede-'));
    expect(meetings.map((s) => [s.key, s.placement, s.format])).toEqual([
      ['partnerskabsmoede-1', { on: '09-14', year: 0 }, 'physical'],
      ['partnerskabsmoede-2', { on: '11-25', year: 0 }, 'virtual'],
      ['partnerskabsmoede-3', { on: '01-13', year: 1 }, 'virtual'],
      ['partnerskabsmoede-4', { on: '03-15', year: 1 }, 'physical'],
    ]);
    for (const s of meetings) {
      expect(s.audience, s.key).toEqual({ to: 'each', groupType: 'netvaerk', direct: false });
      expect(s.durationMinutes, s.key).toBeGreaterThanOrEqual(360);
      expect(s.evaluation?.questions.length, s.key).toBeLessThanOrEqual(2);
    }
  });

  it('reminds each municipality’s people directly of the local development process before meetings 2, 3 and 4', () => {
    for (const n of [2, 3, 4]) {
      expect(step(t, `udviklingsproces-${n}`)).toMatchObject({
        kind: 'homework',
        audience: { to: 'each', groupType: 'netvaerk', direct: true, roles: ['dagtilbudschef', 'forvaltningskonsulent', 'dagtilbudsleder'] },
        placement: { from: `partnerskabsmoede-${n}`, workingDays: -5 },
      });
    }
  });

  it('forms sparring groups of three municipalities within a network before the second meeting', () => {
    const s = step(t, 'sparringsgruppe');
    expect(s.pairing).toEqual({ between: 'organisations', size: 3, mode: 'group' });
    expect(s.placement).toEqual({ from: 'partnerskabsmoede-2', workingDays: -15 });
    expect(t.groupTypes?.find((g) => g.key === 'netvaerk')?.organisations).toBe(true);
  });
});

describe('kl-digital-udvikling (seed 003, KL 2017)', () => {
  const t = template('kl-digital-udvikling');
  const windowOf = (key: string) => {
    const { placement } = step(t, key);
    return 'window' in placement ? [placement.window, placement.year] : placement;
  };

  it('creates the steering group, the development group and three tracks with the programme', () => {
    expect(t.groups.map((g) => [g.key, g.type])).toEqual([
      ['styregruppen', 'styregruppe'],
      ['udviklingsgruppen', 'udviklingsgruppe'],
      ['medarbejdersporet', 'spor'],
      ['ledelsessporet', 'spor'],
      ['kommunikationssporet', 'spor'],
    ]);
    expect(t.groupTypes?.every((g) => g.organisations)).toBe(true);
  });

  it('holds the steering conferences primo year 1, primo year 2 and (with the development group) ultimo year 2', () => {
    expect(windowOf('opstartskonference')).toEqual([{ part: 'primo' }, 1]);
    expect(windowOf('midtvejskonference')).toEqual([{ part: 'primo' }, 2]);
    expect(step(t, 'opstartskonference').audience).toMatchObject({ to: 'group', group: 'styregruppen', roles: ['consultant', 'politiker', 'chef'] });
    const closing = step(t, 'afslutning');
    expect(closing.audience).toEqual({ to: 'types', groupTypes: ['styregruppe', 'udviklingsgruppe'], direct: false });
    expect(windowOf('afslutning')).toEqual([{ part: 'ultimo' }, 2]);
  });

  it('gives the development group its seminars and paired municipality visits in the seed’s windows', () => {
    expect(['opstartsseminar', 'kommunebesoeg-1', 'midtvejsseminar', 'kommunebesoeg-2'].map((key) => [key, ...windowOf(key) as unknown[]])).toEqual([
      ['opstartsseminar', { part: 'ultimo' }, 0],
      ['kommunebesoeg-1', { part: 'medio' }, 1],
      ['midtvejsseminar', { part: 'ultimo' }, 1],
      ['kommunebesoeg-2', { part: 'medio' }, 2],
    ]);
    for (const key of ['opstartsseminar', 'midtvejsseminar']) expect(step(t, key).audience, key).toMatchObject({ to: 'group', group: 'udviklingsgruppen' });
    // Pairing is per group of a type; the development group is the one group of its type.
    for (const key of ['kommunebesoeg-1', 'kommunebesoeg-2']) {
      expect(step(t, key)).toMatchObject({ audience: { to: 'each', groupType: 'udviklingsgruppe' }, pairing: { between: 'organisations', mode: 'visit' } });
    }
  });

  it('gives each track its three workshops, the staff and leadership tracks starting in autumn, communication in spring a year later', () => {
    for (const track of ['medarbejderspor', 'ledelsesspor', 'kommunikationsspor']) {
      const steps = t.steps.filter((s) => s.key.startsWith(`${track}-`));
      expect(steps.map((s) => s.key.slice(track.length + 1))).toEqual(['opstartsworkshop', 'midtvejsworkshop', 'afslutningsworkshop']);
      for (const s of steps) expect(s.audience, s.key).toMatchObject({ to: 'group', group: `${track}et` });
      expect(windowOf(`${track}-afslutningsworkshop`)).toEqual([{ part: 'ultimo' }, 2]);
    }
    expect(windowOf('medarbejderspor-opstartsworkshop')).toEqual([{ season: 'efteraar' }, 0]);
    expect(windowOf('ledelsesspor-opstartsworkshop')).toEqual([{ season: 'efteraar' }, 0]);
    expect(windowOf('kommunikationsspor-opstartsworkshop')).toEqual([{ season: 'foraar' }, 1]);
    expect(windowOf('medarbejderspor-midtvejsworkshop')).toEqual([{ season: 'efteraar' }, 1]);
    expect(windowOf('kommunikationsspor-midtvejsworkshop')).toEqual([{ part: 'primo' }, 2]);
  });

  it('pairs municipalities for mutual visits in every track, medio year 1 and medio year 2', () => {
    for (const [key, year] of [['spor-besoeg-1', 1], ['spor-besoeg-2', 2]] as const) {
      expect(step(t, key)).toMatchObject({ kind: 'visit', audience: { to: 'each', groupType: 'spor' }, pairing: { between: 'organisations', size: 2, mode: 'visit' } });
      expect(windowOf(key)).toEqual([{ part: 'medio' }, year]);
    }
  });
});

describe('kl-kvalitet-dagtilbud (seed 004, KL 2017)', () => {
  const t = template('kl-kvalitet-dagtilbud');

  it('runs 24 months in networks of 8-10 municipalities', () => {
    expect(t.months).toBe(24);
    expect(t.groupTypes).toEqual([expect.objectContaining({ key: 'netvaerk', organisations: true, size: { min: 8, max: 10 } })]);
  });

  it('opens with a joint seminar on 20 September for the whole programme, politicians included', () => {
    const s = step(t, 'opstartsseminar');
    expect(s.placement).toEqual({ on: '09-20', year: 0 });
    expect(addressOf(t, s.audience).roles).toContain('politiker');
  });

  it('has five theme meetings per network in the seed’s quarters, each dated by the consultant and evaluated with a reflection question', () => {
    const meetings = t.steps.filter((s) => s.key.startsWith('temamoede-'));
    expect(meetings.map((s) => [s.key, s.placement])).toEqual([
      ['temamoede-1', expect.objectContaining({ window: { quarter: 4 }, year: 0, setBy: 'consultant' })],
      ['temamoede-2', expect.objectContaining({ window: { quarter: 2 }, year: 1, setBy: 'consultant' })],
      ['temamoede-3', expect.objectContaining({ window: { quarter: 1 }, year: 2, setBy: 'consultant' })],
      ['temamoede-4', expect.objectContaining({ window: { quarter: 2 }, year: 2, setBy: 'consultant' })],
      ['temamoede-5', expect.objectContaining({ window: { quarter: 3 }, year: 2, setBy: 'consultant' })],
    ]);
    for (const s of meetings) {
      expect(s.audience, s.key).toMatchObject({ to: 'each', groupType: 'netvaerk' });
      expect(addressOf(t, s.audience).roles, s.key).not.toContain('politiker');
      expect(s.evaluation?.questions.some((q) => q.type === 'text'), s.key).toBe(true);
    }
  });

  it('sends self-evaluation and homework directly to the municipality’s people before theme meetings 2 to 5', () => {
    const before = t.steps.filter((s) => 'from' in s.placement && s.placement.from.startsWith('temamoede-'));
    expect(before.map((s) => [s.kind, (s.placement as { from: string }).from])).toEqual([
      ['self_evaluation', 'temamoede-2'],
      ['homework', 'temamoede-3'],
      ['homework', 'temamoede-4'],
      ['self_evaluation', 'temamoede-5'],
    ]);
    for (const s of before) {
      expect(s.placement, s.key).toMatchObject({ workingDays: expect.any(Number) });
      expect((s.placement as { workingDays: number }).workingDays, s.key).toBeLessThan(0);
      expect(s.audience, s.key).toMatchObject({ to: 'each', groupType: 'netvaerk', direct: true, roles: ['dagtilbudschef', 'forvaltningskonsulent', 'dagtilbudsleder'] });
    }
  });

  it('pairs municipalities for mutual visits in Q3 of year 1 and holds the joint seminars in Q4 year 1 and Q3 year 2', () => {
    expect(step(t, 'kommunebesoeg')).toMatchObject({ pairing: { between: 'organisations', size: 2, mode: 'visit' }, placement: { window: { quarter: 3 }, year: 1 } });
    expect(step(t, 'midtvejsseminar')).toMatchObject({ audience: { to: 'programme' }, placement: { window: { quarter: 4 }, year: 1 } });
    expect(step(t, 'afslutningskonference')).toMatchObject({ audience: { to: 'programme' }, placement: { window: { quarter: 3 }, year: 2 } });
  });
});

describe('velfaerdspartnerskab (seed 002, CBS 2015)', () => {
  const t = template('velfaerdspartnerskab');
  const groups = [
    { id: 'k', position: 0, groupType: 'koordinationsgruppe', templateKey: 'koordinationsgruppen' },
    { id: 'f', position: 1, groupType: 'foelgegruppe', templateKey: 'foelgegruppen' },
    { id: 's', position: 2, groupType: 'styregruppe', templateKey: 'styregruppen' },
    { id: 'r', position: 3, groupType: 'forskning', templateKey: 'forskningsgruppen' },
    { id: 'n1', position: 4, groupType: 'netvaerk' },
  ];
  const plan = planProgramme({ template: t, startDate: '2027-01-04', timezone: 'Europe/Copenhagen', partnerships: groups, overrides: [], settings: { blackouts: [], closedOnCustomaryDaysOff: true } });
  const dates = (stepKey: string) => plan.activities.filter((a) => a.stepKey === stepKey).map((a) => a.startsAt.slice(0, 10));

  it('has the seed’s three layers as groups, the networks added by the consultant, and a watch on quiet groups', () => {
    expect(t.months).toBe(24);
    expect(t.groups.map((g) => g.key)).toEqual(['koordinationsgruppen', 'foelgegruppen', 'styregruppen', 'forskningsgruppen']);
    expect(t.groupTypes?.find((g) => g.key === 'netvaerk')).toMatchObject({ organisations: true });
    expect(t.quiet).toEqual({ workingDays: 20, energy: true });
    for (const r of t.roles) expect({ role: r.role, contributes: r.contributes.length > 0 }).toEqual({ role: r.role, contributes: true });
  });

  it('meets at the seed’s cadences over 24 months: quarterly, half-yearly, monthly, and the networks in between', () => {
    expect(dates('koordinationsmoede')).toHaveLength(8);
    expect(dates('statusrapport')).toHaveLength(8);
    expect(dates('foelgegruppemoede')).toEqual(['2027-03-03', '2027-09-01', '2028-03-01', '2028-09-06']);
    expect(dates('styregruppemoede')).toEqual(['2027-05-05', '2027-11-03', '2028-05-03', '2028-11-01']);
    expect(dates('forskningsmoede')).toHaveLength(24);
    // Kristi himmelfartsdag (6 May 2027) moves May's research meeting to the next working day.
    expect(dates('forskningsmoede')).toContain('2027-05-07');
    expect(dates('netvaerksmoede')).toHaveLength(8);
    // Each status report is asked before the next quarterly meeting, with time to write it.
    const meetings = dates('koordinationsmoede');
    for (const [i, report] of dates('statusrapport').entries()) if (meetings[i + 1]) expect(report < meetings[i + 1]!).toBe(true);
  });

  it('turns every meeting’s decisions into actions, asks the project owner for status reports, and asks the networks about energy and reflection', () => {
    for (const key of ['koordinationsmoede', 'forskningsmoede', 'foelgegruppemoede', 'styregruppemoede', 'netvaerksmoede']) expect({ key, actions: step(t, key).actions }).toEqual({ key, actions: true });
    expect(step(t, 'koordinationsmoede').owner).toBe('projektejer');
    expect(step(t, 'statusrapport').report).toMatchObject({ owner: { role: 'projektejer' }, dueWorkingDays: 5 });
    expect(step(t, 'netvaerksmoede').evaluation?.questions.map((q) => q.type)).toEqual(['energy', 'text']);
  });
});
