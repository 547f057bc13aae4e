import { describe, expect, it } from 'vitest';
import { evaluationFormSchema, type EvaluationForm } from '../../src/domain/template.ts';
import { energyFalling, energyTrend, trendText } from '../../src/evaluations/energy.ts';
import { buttonValues } from '../../src/evaluations/forms.ts';
import { interpret } from '../../src/evaluations/interpret.ts';
import { hint } from '../../src/evaluations/messages.ts';
import type { Answer, PromptWithMember, Round } from '../../src/evaluations/repository.ts';
import { indexAnswers } from '../../src/evaluations/results.ts';
import { resultsMessage, type ViewContext } from '../../src/evaluations/view.ts';

const form: EvaluationForm = evaluationFormSchema.parse({
  questions: [
    { key: 'energi', type: 'energy', text: { da: 'Kom du fra mødet fyldt af eller drænet for energi?' } },
    { key: 'refleksion', type: 'text', text: { da: 'Hvad tager du med fra mødet?' } },
  ],
});
const energy = form.questions[0]!;

function round(activityId: string, dueAt: string, partnershipId: string | null = 'A'): Round {
  return { activityId, programmeId: 'g', partnershipId, stepKey: 'netvaerksmoede', dueAt, status: 'closed', form, askedAt: dueAt, closesAt: dueAt };
}
function prompt(id: string, activityId: string, partnershipId: string): PromptWithMember {
  return { id, activityId, memberId: id, partnershipId, locale: 'da', askedAt: '', nudgeAt: '', nudgeStatus: 'sent', answeredAt: '', displayName: id, role: 'leder' };
}
function answer(promptId: string, value: string): Answer {
  return { promptId, questionKey: 'energi', value, comment: null, via: 'button', answeredAt: '', changedAt: null };
}

/** Three meetings of group A (two people each; 3,5 → 3,0 → 2,5) and one of group B. */
function data() {
  const meetings = [['m1', '2027-03-01T12:00:00Z', ['4', '3']], ['m2', '2027-06-01T12:00:00Z', ['3', '3']], ['m3', '2027-09-01T12:00:00Z', ['3', '2']]] as const;
  const rounds = [...meetings.map(([id, at]) => round(id, at)), round('b1', '2027-03-02T12:00:00Z', 'B')];
  const prompts = [...meetings.flatMap(([id]) => [prompt(`${id}-anna`, id, 'A'), prompt(`${id}-bo`, id, 'A')]), prompt('b1-cille', 'b1', 'B')];
  const answers = indexAnswers([...meetings.flatMap(([id, , [x, y]]) => [answer(`${id}-anna`, x), answer(`${id}-bo`, y)]), answer('b1-cille', '5')]);
  // Stored newest first on purpose: the trend is in time order whatever the order read.
  return { rounds: rounds.reverse(), prompts, answers };
}

describe('the energy question', () => {
  it('is a 1-5 scale from drained to filled, answered by button or by writing', () => {
    expect(buttonValues(energy)).toEqual(['1', '2', '3', '4', '5']);
    expect(hint(energy, 'da')).toContain('1 = drænet, 5 = fyldt af energi.');
    expect(hint(energy, 'en')).toContain('1 = drained, 5 = filled with energy.');
    expect(interpret('2 - lang dag', energy)).toEqual({ ok: true, value: '2', comment: 'lang dag' });
  });

  it('gives each group its mean energy per meeting over time, and says when it has fallen twice in a row', () => {
    const points = energyTrend(data(), 'A');
    expect(trendText(points, 'da')).toBe('3,5 → 3,0 → 2,5');
    expect(energyFalling(points)).toBe(true);
    expect(energyFalling(points.slice(0, 2))).toBe(false);
    expect(trendText(energyTrend(data(), 'B'), 'en')).toBe('5.0');
  });

  it('shows the trend at the top of `resultater <gruppe>`', () => {
    const view: ViewContext = { programmeName: 'Netværk', zone: 'Europe/Copenhagen', locale: 'da', partnershipName: (id) => (id === 'A' ? 'Nord' : 'Syd'), roundTitle: () => 'Netværksmøde', stepTitle: () => 'Netværksmøde' };
    const message = resultsMessage(data(), { partnershipId: 'A', stepKey: null, numbersOnly: false }, view);
    const sections = message.blocks!.filter((b) => b.type === 'section').map((b) => (b as { text: string }).text);
    expect(sections[0]).toBe('*Energi: 3,5 → 3,0 → 2,5*');
  });
});
