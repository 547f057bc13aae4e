import { describe, expect, it } from 'vitest';
import { parseTemplate, TemplateError } from '../../src/templates/index.ts';
import type { TemplateProblem } from '../../src/templates/problems.ts';
import { networkTemplateInput } from '../timeline/network-fixture.ts';

type Raw = ReturnType<typeof networkTemplateInput>;

/** The network template with one thing broken, and the problems an author is shown. */
function problemsAfter(edit: (raw: Raw) => void): TemplateProblem[] {
  const raw = networkTemplateInput();
  edit(raw);
  try {
    parseTemplate(raw, 'test.json');
  } catch (error) {
    expect(error).toBeInstanceOf(TemplateError);
    return [...(error as TemplateError).located];
  }
  throw new Error('template was accepted');
}

function step(raw: Raw, key: string): Record<string, unknown> {
  const found = raw.steps.find((s) => s['key'] === key);
  if (!found) throw new Error(`no step ${key}`);
  return found;
}

/** Exactly one problem, at that step and field, with Danish text containing `da`. */
function expectOne(problems: TemplateProblem[], where: { step?: string; field: string }, da: string) {
  expect(problems.map((p) => ({ step: p.step, field: p.field }))).toEqual([{ step: where.step, field: where.field }]);
  expect(problems[0]!.text.da).toContain(da);
}

describe('template rules for programme shapes', () => {
  it('accept the network template as written', () => {
    expect(() => parseTemplate(networkTemplateInput(), 'test.json')).not.toThrow();
  });

  it('name an unknown group type wherever it is used', () => {
    expectOne(problemsAfter((raw) => (step(raw, 'temamoede-1')['audience'] = { to: 'each', groupType: 'netvaerk' })), { step: 'temamoede-1', field: 'audience.groupType' }, 'ukendt gruppetype «netvaerk»');
    expectOne(problemsAfter((raw) => (step(raw, 'seminar')['audience'] = { to: 'types', groupTypes: ['network', 'spor'] })), { step: 'seminar', field: 'audience.groupTypes[1]' }, 'ukendt gruppetype «spor»');
    expectOne(problemsAfter((raw) => (raw.groups![0]!.type = 'styring')), { field: 'groups[0].type' }, 'ukendt gruppetype «styring»');
    expectOne(problemsAfter((raw) => (raw.roles[1]!.groupType = 'netvaerk')), { field: 'roles[1].groupType' }, 'ukendt gruppetype');
  });

  it('name an unknown named group', () => {
    expectOne(problemsAfter((raw) => (step(raw, 'styregruppemoede')['audience'] = { to: 'group', group: 'bestyrelse' })), { step: 'styregruppemoede', field: 'audience.group' }, 'ukendt gruppe «bestyrelse»');
  });

  it('refuse audience fields that do not fit who the step is for', () => {
    expectOne(problemsAfter((raw) => (step(raw, 'temamoede-1')['audience'] = { to: 'each' })), { step: 'temamoede-1', field: 'audience.groupType' }, 'skal have «groupType»');
    expectOne(problemsAfter((raw) => (step(raw, 'seminar')['audience'] = { to: 'programme', group: 'styregruppe' })), { step: 'seminar', field: 'audience.group' }, 'passer ikke');
  });

  it('name an unknown role in the audience, the window and the evaluation', () => {
    expectOne(problemsAfter((raw) => (step(raw, 'hjemmeopgave')['audience'] = { to: 'each', groupType: 'network', roles: ['boss'] })), { step: 'hjemmeopgave', field: 'audience.roles[0]' }, 'ukendt rolle «boss»');
    expectOne(problemsAfter((raw) => (step(raw, 'temamoede-q4')['placement'] = { window: { quarter: 4 }, setBy: 'chef' })), { step: 'temamoede-q4', field: 'placement.setBy' }, 'ukendt rolle «chef»');
    const evaluation = { roles: ['borgmester'], questions: [{ key: 'q', type: 'text', text: { da: 'Hvordan gik det?' } }] };
    expectOne(problemsAfter((raw) => (step(raw, 'temamoede-1')['evaluation'] = evaluation)), { step: 'temamoede-1', field: 'evaluation.roles[0]' }, 'ukendt rolle «borgmester»');
  });

  it('refuse a step placed before its anchor in template order', () => {
    expectOne(problemsAfter((raw) => (step(raw, 'temamoede-1')['placement'] = { from: 'temamoede-2', workingDays: -5 })), { step: 'temamoede-1', field: 'placement.from' }, 'ikke et tidligere trin');
  });

  it('refuse a per-group step counted from a step of other groups', () => {
    const problems = problemsAfter((raw) => {
      step(raw, 'styregruppemoede')['audience'] = { to: 'each', groupType: 'steering' };
      step(raw, 'temamoede-2')['placement'] = { from: 'styregruppemoede', workingDays: 5 };
    });
    expectOne(problems, { step: 'temamoede-2', field: 'placement.from' }, 'hvilken gruppes dato');
  });

  it('accept any step counted from the one meeting of a named group', () => {
    const raw = networkTemplateInput();
    step(raw, 'temamoede-2')['placement'] = { from: 'styregruppemoede', workingDays: 5 };
    expect(() => parseTemplate(raw, 'test.json')).not.toThrow();
  });

  it('refuse a window that ends before it starts', () => {
    expectOne(problemsAfter((raw) => (step(raw, 'temamoede-q4')['placement'] = { window: { from: '11-30', to: '09-01' } })), { step: 'temamoede-q4', field: 'placement.window' }, 'slutter (09-01), før det begynder (11-30)');
  });

  it('refuse a date that not every year has', () => {
    expectOne(problemsAfter((raw) => (step(raw, 'seminar')['placement'] = { on: '02-29' })), { step: 'seminar', field: 'placement.on' }, 'ikke en dato');
    expectOne(problemsAfter((raw) => (step(raw, 'temamoede-q4')['placement'] = { window: { from: '09-01', to: '09-31' } })), { step: 'temamoede-q4', field: 'placement.window.to' }, 'ikke en dato');
  });

  it('refuse pairings that cannot be formed', () => {
    // A pairing in a group of one: at most one municipality per network.
    expectOne(problemsAfter((raw) => (raw.groupTypes![0]!.size = { min: 1, max: 1 })).filter((p) => p.step === 'besoeg-1'), { step: 'besoeg-1', field: 'pairing' }, 'højst 1');
    expectOne(problemsAfter((raw) => (raw.groupTypes![0]!.size = { min: 2, max: 2 })), { step: 'sparring', field: 'pairing' }, 'trinnet parrer 3 organisationer');
    expectOne(problemsAfter((raw) => (step(raw, 'styregruppemoede')['pairing'] = { between: 'organisations' })), { step: 'styregruppemoede', field: 'pairing' }, 'ikke én gang pr. gruppe');
    expectOne(problemsAfter((raw) => (step(raw, 'besoeg-1')['pairing'] = { between: 'groups', size: 3 })), { step: 'besoeg-1', field: 'pairing' }, 'størrelse 3');
    const noOrganisations = problemsAfter((raw) => (raw.groupTypes![0]!.organisations = false));
    expect(noOrganisations.map((p) => p.step)).toEqual(['besoeg-1', 'besoeg-2', 'sparring']);
    expect(noOrganisations[0]!.text.da).toContain('har ingen organisationer');
  });

  it('require the consultant role', () => {
    const problems = problemsAfter((raw) => {
      raw.roles = raw.roles.filter((r) => r.role !== 'consultant');
    });
    expectOne(problems, { field: 'roles' }, 'rollen «consultant» mangler');
  });
});

describe('a template broken in several ways at once', () => {
  it('names every problem in one answer: unknown group type, a step before its anchor, a window ending before it starts, a pairing in a group of one', () => {
    const problems = problemsAfter((raw) => {
      step(raw, 'temamoede-1')['audience'] = { to: 'each', groupType: 'spor' };
      step(raw, 'temamoede-q4')['placement'] = { window: { from: '11-30', to: '09-01' } };
      raw.groupTypes![0]!.size = { min: 1, max: 1 };
      // A step placed before its anchor fails the schema's own rule; the others must still be named.
      step(raw, 'styregruppemoede')['placement'] = { from: 'seminar', workingDays: -5 };
    });
    const where = problems.map((p) => `${p.step}: ${p.field}`);
    expect(where).toContain('styregruppemoede: placement.from');
    expect(where).toContain('temamoede-1: audience.groupType');
    expect(where).toContain('temamoede-q4: placement.window');
    expect(where).toContain('besoeg-1: pairing');
    expect(problems.find((p) => p.step === 'styregruppemoede')!.text.da).toContain('ikke et tidligere trin');
    expect(new Set(where).size).toBe(where.length);
  });
});
