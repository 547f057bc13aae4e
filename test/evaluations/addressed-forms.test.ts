/** Who is asked to evaluate network activities (addressed audiences), with the in-memory network fixture. */
import { describe, expect, it } from 'vitest';
import type { EvaluationForm, Step } from '../../src/domain/template.ts';
import { evaluationFormSchema } from '../../src/domain/template.ts';
import { membersToAsk } from '../../src/evaluations/forms.ts';
import { activity, groups, members, networkTemplate as template } from '../scheduler/network-fixture.ts';

const form: EvaluationForm = evaluationFormSchema.parse({ questions: [{ key: 'udbytte', type: 'scale', text: { da: 'Udbytte?' } }] });
const step = (key: string): Step => template.steps.find((s) => s.key === key)!;
const groupTypeOf = (id: string) => groups.find((g) => g.id === id)?.groupType;
const ask = (key: string, fields: Parameters<typeof activity>[1] = {}) =>
  membersToAsk(form, step(key), activity(key, fields), members, { template, groupTypeOf }).map((m) => m.id).sort();

describe('who is asked about network activities', () => {
  it("a network's temamøde: that network's people, not another network's or the steering group's", () => {
    expect(ask('temamoede-3', { partnershipId: 'nord' })).toEqual(['anna', 'bo', 'cai', 'dorte']);
  });
  it("a visit between municipalities: only the two municipalities' people", () => {
    expect(ask('besoeg-1', { partnershipId: 'nord', pairedOrganisationIds: ['randers', 'viborg'] })).toEqual(['bo', 'cai']);
  });
  it("homework with a short form: the roles it is for in that network (the heads), not the coordinator or another network", () => {
    expect(ask('hjemmeopgave', { partnershipId: 'nord' })).toEqual(['anna', 'bo', 'cai']);
  });
  it('a seminar of several group types: the people of those groups and the consultant', () => {
    expect(ask('faelles')).toEqual(['anna', 'bo', 'cai', 'dorte', 'erik', 'frida', 'karin']);
  });
});
