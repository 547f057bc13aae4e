import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Activity } from '../../src/domain/entities.ts';
import type { Role } from '../../src/domain/template.ts';
import { membersToAsk } from '../../src/evaluations/forms.ts';
import { decodeAnswerValue, encodeAnswerValue, questionMessage } from '../../src/evaluations/messages.ts';
import type { MemberWithDm } from '../../src/store/programmes.ts';
import { getTemplate, parseTemplate } from '../../src/templates/index.ts';

const template = getTemplate('smaa-partnerskaber')!;
const step = (key: string) => template.steps.find((s) => s.key === key)!;
const raw = () => JSON.parse(readFileSync(new URL('../../src/templates/builtin/smaa-partnerskaber.json', import.meta.url), 'utf8'));

describe('the evaluation forms of Små Partnerskaber', () => {
  it('evaluate the curiosity visit, both trials after their dialogue, every workshop and the programme', () => {
    const withForms = template.steps.filter((s) => s.evaluation).map((s) => s.key);
    expect(withForms).toEqual(['opstartsworkshop', 'nysgerrighed', 'midtvejsworkshop', 'dialog-2', 'dialog-andet-partnerskab', 'afslutningsworkshop']);
    expect(step('nysgerrighed').evaluation!.questions.map((q) => q.text.da)).toContain('Hvad blev børnene optaget af?');
    expect(step('dialog-2').evaluation!.questions.map((q) => q.type)).toEqual(['scale', 'choice', 'text']);
    expect(step('midtvejsworkshop').evaluation!.questions.map((q) => q.type)).toEqual(['scale', 'text']);
  });

  it('close the programme with an anonymous, reflective evaluation of the partners (the consultant reads it)', () => {
    const form = step('afslutningsworkshop').evaluation!;
    expect(form.anonymous).toBe(true);
    expect(form.roles).toEqual(['culture_staff', 'daycare_staff']);
    expect(form.questions.filter((q) => q.type === 'text')).toHaveLength(3);
    expect(form.questions.at(-1)!.text.da).toBe('Vil du deltage i et lignende forløb igen?');
  });

  it('are written in English too, with the defaults for reminder and closing', () => {
    for (const s of template.steps.filter((x) => x.evaluation)) {
      const form = s.evaluation!;
      expect([form.nudgeAfterWorkingDays, form.closeAfterWorkingDays]).toEqual([2, 10]);
      for (const q of form.questions) {
        expect(q.text.en, `${s.key}.${q.key}`).toBeTruthy();
        if (q.type === 'choice') for (const o of q.options) expect(o.label.en).toBeTruthy();
        if (q.type === 'scale') expect([q.min, q.max, q.labels?.low.en, q.labels?.high.en].every(Boolean)).toBe(true);
      }
    }
  });
});

describe('a form that cannot be used', () => {
  function refused(edit: (form: Record<string, unknown>) => void): string {
    const json = raw();
    edit(json.steps.find((s: { key: string }) => s.key === 'nysgerrighed').evaluation);
    try {
      parseTemplate(json, 'test.json');
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error('accepted');
  }

  it.each([
    ['five questions', (f: Record<string, unknown>) => (f['questions'] = Array.from({ length: 5 }, (_, i) => ({ key: `q${i}`, type: 'text', text: { da: 'x' } }))), 'steps[5] (nysgerrighed).evaluation.questions'],
    ['no questions', (f: Record<string, unknown>) => (f['questions'] = []), 'evaluation.questions'],
    ['a duplicate key', (f: Record<string, unknown>) => (f['questions'] = [{ key: 'a', type: 'text', text: { da: 'x' } }, { key: 'a', type: 'text', text: { da: 'y' } }]), 'duplicate question key'],
    ['an upside-down scale', (f: Record<string, unknown>) => (f['questions'] = [{ key: 'a', type: 'scale', text: { da: 'x' }, min: 5, max: 1 }]), 'max must be above min'],
    ['an unknown type', (f: Record<string, unknown>) => (f['questions'] = [{ key: 'a', type: 'stars', text: { da: 'x' } }]), 'evaluation.questions[0]'],
    ['a reminder after closing', (f: Record<string, unknown>) => Object.assign(f, { nudgeAfterWorkingDays: 5, closeAfterWorkingDays: 5 }), 'the reminder must come before the form closes'],
  ])('is refused: %s', (_name, edit, message) => {
    expect(refused(edit)).toContain(message);
  });
});

describe('who is asked', () => {
  const member = (id: string, role: Role, partnershipId: string | null, userRef: string | null = id): MemberWithDm => ({
    id, programmeId: 'g', partnershipId, organisationId: null, role, userRef, email: null, displayName: id, locale: null, dmRef: null,
  });
  const members = [
    member('k', 'consultant', null), member('l', 'leader', null),
    member('a1', 'culture_staff', 'A'), member('a2', 'daycare_staff', 'A'), member('a3', 'daycare_staff', 'A', null),
    member('b1', 'culture_staff', 'B'), member('b2', 'daycare_staff', 'B'),
  ];
  const activity = (partnershipId: string | null, paired: string | null = null) => ({ partnershipId, pairedPartnershipId: paired }) as Activity;
  const ask = (key: string, a: Activity) => membersToAsk(step(key).evaluation!, step(key), a, members).map((m) => m.id).sort();

  it('the curiosity visit: the partnership’s own culture and daycare staff who can be reached', () => {
    expect(ask('nysgerrighed', activity('A'))).toEqual(['a1', 'a2']);
  });
  it('a workshop: every partnership member, not the consultant or leaders', () => {
    expect(ask('midtvejsworkshop', activity(null))).toEqual(['a1', 'a2', 'b1', 'b2']);
  });
  it('the programme evaluation: every partnership member, not the consultant who reads it', () => {
    expect(ask('afslutningsworkshop', activity(null))).toEqual(['a1', 'a2', 'b1', 'b2']);
  });
  it('trial 2: also the daycare staff of the other partnership, whose children tried the offer', () => {
    expect(ask('dialog-andet-partnerskab', activity('A', 'B'))).toEqual(['a1', 'a2', 'b2']);
  });
});

describe('question messages', () => {
  it('carry compact button values that decode back', () => {
    const value = encodeAnswerValue('0b6f3f9e-6d5a-4c1e-9d0e-3f1b2c4d5e6f', 'optagethed', '4');
    expect(value.length).toBeLessThan(100);
    expect(decodeAnswerValue(value)).toEqual({ promptId: '0b6f3f9e-6d5a-4c1e-9d0e-3f1b2c4d5e6f', questionKey: 'optagethed', value: '4' });
    expect(decodeAnswerValue('garbage')).toBeNull();
  });

  it('give every button in a block its own action id (Slack requires it) and show choices by label', () => {
    const form = step('dialog-2').evaluation!;
    const message = questionMessage({ promptId: 'p', form, title: 'Afprøvning 1', programmeName: 'X', closesAt: '2027-04-01T22:00:00.000Z', zone: 'Europe/Copenhagen', locale: 'en' }, 1);
    const buttons = message.blocks.flatMap((b) => (b.type === 'actions' ? b.buttons : []));
    expect(buttons.map((b) => b.label)).toEqual(['Yes', 'Small adjustments', 'No']);
    expect(new Set(buttons.map((b) => b.actionId)).size).toBe(3);
    expect(message.text).toContain('Does the trial call for adjusting the offer?');
  });
});
