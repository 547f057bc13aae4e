import { describe, expect, it } from 'vitest';
import type { EvaluationForm } from '../../src/domain/template.ts';
import { cell, evaluationCsv, exportFilename, type ExportContext } from '../../src/evaluations/export.ts';
import type { Answer, PromptWithMember, Round } from '../../src/evaluations/repository.ts';
import { aggregate, indexAnswers } from '../../src/evaluations/results.ts';
import { getTemplate } from '../../src/templates/index.ts';

const template = getTemplate('smaa-partnerskaber')!;
const curiosity = template.steps.find((s) => s.key === 'nysgerrighed')!.evaluation!;
const closing = template.steps.find((s) => s.key === 'afslutningsworkshop')!.evaluation!;

function prompt(id: string, partnershipId: string | null, activityId = 'act'): PromptWithMember {
  return {
    id, activityId, memberId: id, partnershipId, locale: 'da', askedAt: '2027-02-11T10:31:00.000Z', nudgeAt: '', nudgeStatus: 'pending',
    answeredAt: null, displayName: id.toUpperCase(), role: 'culture_staff',
  };
}

function answer(promptId: string, questionKey: string, value: string, comment: string | null = null): Answer {
  return { promptId, questionKey, value, comment, via: 'button', answeredAt: '2027-02-11T11:00:00.000Z', changedAt: null };
}

describe('aggregating a group of answers', () => {
  const prompts = ['anna', 'bo', 'cille'].map((id) => prompt(id, 'A'));
  const answers = indexAnswers([answer('anna', 'optagethed', '4', 'fiskene!'), answer('bo', 'optagethed', '5'), answer('bo', 'optaget-af', 'Lyset')]);

  it('gives response rate, distribution, mean, comments, written answers and who is missing', () => {
    const result = aggregate(curiosity, prompts, answers, prompts);
    expect([result.asked, result.answered, result.hidden, result.missing]).toEqual([3, 2, false, ['CILLE']]);
    const [scale, text] = result.questions;
    expect(scale).toMatchObject({ type: 'scale', counts: [0, 0, 0, 1, 1], n: 2, mean: 4.5, comments: [{ text: 'fiskene!', name: 'ANNA' }] });
    expect(text).toMatchObject({ type: 'text', entries: [{ text: 'Lyset', name: 'BO' }] });
  });

  it('keeps an anonymous form without names, sorted by content, and hidden below three answers', () => {
    const few = indexAnswers([answer('anna', 'udbytte', 'Mod'), answer('bo', 'udbytte', 'Et netværk')]);
    expect(aggregate(closing, prompts, few, prompts)).toMatchObject({ hidden: 'few', missing: [], questions: [] });
    const enough = indexAnswers([answer('cille', 'udbytte', 'Ø'), answer('anna', 'udbytte', 'Mod'), answer('bo', 'udbytte', 'Et netværk')]);
    const result = aggregate(closing, prompts, enough, prompts);
    expect(result.hidden).toBe(false);
    expect(result.questions[0]).toMatchObject({ entries: [{ text: 'Et netværk', name: null }, { text: 'Mod', name: null }, { text: 'Ø', name: null }] });
  });

  it('never shows a part of an anonymous evaluation, not even its count', () => {
    const everyone = [...prompts, prompt('dan', 'B'), prompt('eva', 'B')];
    const all = indexAnswers(everyone.map((p) => answer(p.id, 'udbytte', `svar ${p.id}`)));
    expect(aggregate(closing, prompts, all, everyone)).toMatchObject({ hidden: 'part', answered: 0, questions: [] });
    expect(aggregate(closing, everyone, all, everyone).hidden).toBe(false);
  });
});

describe('the CSV export', () => {
  const ctx: ExportContext = {
    programmeName: 'Små Partnerskaber 2027', zone: 'Europe/Copenhagen', locale: 'da',
    roundTitle: () => 'Nysgerrighed · Havet', partnershipName: (id) => (id === 'A' ? 'Havet' : 'Skoven'), roleTitle: () => 'Formidler',
  };
  const round = (form: EvaluationForm): Round => ({
    activityId: 'act', programmeId: 'g', partnershipId: 'A', stepKey: 'nysgerrighed', dueAt: '2027-02-11T10:30:00.000Z', status: 'open', form, askedAt: '', closesAt: '',
  });

  it('is UTF-8 with BOM, semicolon-separated, CRLF, one row per answer, quoted where needed', () => {
    const prompts = [prompt('anna', 'A'), prompt('bo', 'A')];
    const answers = indexAnswers([answer('anna', 'optagethed', '4', 'de "elskede"; fiskene'), answer('anna', 'optaget-af', 'Æbler, ørred og ål'), answer('bo', 'optagethed', '2')]);
    const { csv, rows } = evaluationCsv({ rounds: [round(curiosity)], prompts, answers }, null, ctx);
    expect(rows).toBe(3);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const lines = csv.slice(1).split('\r\n');
    expect(lines[0]).toBe('Forløb;Aktivitet;Dato;Partnerskab;Navn;Rolle;Spørgsmål;Svar;Tal;Kommentar;Besvaret;Anonym');
    expect(lines[1]).toBe('Små Partnerskaber 2027;Nysgerrighed · Havet;2027-02-11;Havet;ANNA;Formidler;1. Hvor optagede var børnene under besøget?;4;4;"de ""elskede""; fiskene";2027-02-11 12:00;nej');
    expect(lines[3]).toBe('Små Partnerskaber 2027;Nysgerrighed · Havet;2027-02-11;Havet;ANNA;Formidler;2. Hvad blev børnene optaget af?;Æbler, ørred og ål;;;2027-02-11 12:00;nej');
    expect(lines.at(-1)).toBe('');
  });

  it('exports only one partnership’s members when asked from its channel', () => {
    const prompts = [prompt('anna', 'A'), prompt('dan', 'B')];
    const answers = indexAnswers([answer('anna', 'optagethed', '4'), answer('dan', 'optagethed', '1')]);
    const { csv } = evaluationCsv({ rounds: [round(curiosity)], prompts, answers }, 'A', ctx);
    expect(csv).toContain('ANNA');
    expect(csv).not.toContain('DAN');
  });

  it('neutralises formulas and quotes what Excel would split', () => {
    expect(cell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(cell('-fisk')).toBe("'-fisk");
    expect(cell('a;b')).toBe('"a;b"');
    expect(cell('to\nlinjer')).toBe('"to\nlinjer"');
    expect(cell('4')).toBe('4');
  });

  it('gets a file name without Danish letters or spaces', () => {
    expect(exportFilename('Små Partnerskaber 2027', '2027-03-01', 'da')).toBe('evaluering-smaa-partnerskaber-2027-2027-03-01.csv');
  });
});
