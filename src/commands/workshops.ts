import type { Template } from '../domain/template.ts';

/** The short words `workshop` takes for the built-in template's three workshops, in both languages. */
const WORKSHOPS: Record<string, string> = {
  opstart: 'opstartsworkshop', kickoff: 'opstartsworkshop', '1': 'opstartsworkshop',
  midtvejs: 'midtvejsworkshop', midway: 'midtvejsworkshop', '2': 'midtvejsworkshop',
  afslutning: 'afslutningsworkshop', closing: 'afslutningsworkshop', '3': 'afslutningsworkshop',
};

/** The step a `workshop` word names: a short word, the same with "workshop" after it, or a workshop's key. */
export function workshopStep(word: string, template: Template | undefined): string | undefined {
  const short = WORKSHOPS[word] ?? WORKSHOPS[word.replace(/workshop$/, '')];
  if (short) return short;
  return template?.steps.find((s) => s.key === word && s.kind === 'workshop')?.key;
}

/** The word to type for a workshop step in `workshop <word> ...` (the Danish short word if it has one). */
export function workshopWord(stepKey: string): string {
  // Integer-like keys ("1") come first in an object's entries; the word is the Danish one after them.
  return Object.entries(WORKSHOPS).find(([word, key]) => key === stepKey && !/^\d+$/.test(word))?.[0] ?? stepKey;
}
