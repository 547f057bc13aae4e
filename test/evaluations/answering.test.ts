import { beforeEach, describe, expect, it } from 'vitest';
import { handleAction, handleCommand, handleInboundMessage } from '../../src/commands/router.ts';
import { evaluationService } from '../../src/evaluations/context.ts';
import { evaluationAnswerer, isCommand } from '../../src/evaluations/inbound.ts';
import { replyText } from '../support/core.ts';
import { answersOf, buttonsOf, consultant, ctxOf, endOf, fourPartnerships, MINUTE, promptOf, sentByKey, tickAt, write, type Person, type World } from './harness.ts';

let w: World;
let anna: Person;
let bo: Person;
const q0 = (person: Person) => sentByKey(w, `eval:${promptOf(w, person, 'nysgerrighed').id}:q0`);

beforeEach(async () => {
  w = await fourPartnerships();
  [anna, bo] = w.people as [Person, Person];
  await tickAt(w, new Date(endOf(w, 'nysgerrighed').getTime() + MINUTE));
});

describe('typed answers', () => {
  it('leave commands in a direct message to the command handler', async () => {
    expect(replyText(await write(w, anna, 'hjælp'))).toContain('Tovholder – kommandoer');
    expect(replyText(await write(w, anna, '/tovholder plan mine'))).toContain('Dine næste aktiviteter');
    expect(answersOf(w, promptOf(w, anna, 'nysgerrighed'))).toEqual([]);
    expect(isCommand('resultater Havet')).toBe(true);
    expect(isCommand('4 - børnene elskede fiskene')).toBe(false);
  });

  it('explain how to answer when a number is not understood, and store nothing', async () => {
    const reply = replyText(await write(w, anna, 'syv'));
    expect(reply).toMatch(/^Om «Hvor optagede var børnene under besøget\?»: /);
    expect(reply).toContain('Skriv et tal fra 1 til 5');
    expect(replyText(await write(w, anna, '3,5'))).toContain('Vælg ét helt tal');
    expect(answersOf(w, promptOf(w, anna, 'nysgerrighed'))).toEqual([]);
  });

  it('ignore threads that are not an evaluation question, and people who were never asked', async () => {
    const answerer = evaluationAnswerer(evaluationService(w.core));
    expect(await answerer({ text: '4', threadRef: 'some-other-message', direct: false }, ctxOf(anna), 'da')).toBeNull();
    expect(await answerer({ text: 'godt gået', threadRef: null, direct: false }, ctxOf(anna), 'da')).toBeNull();
    const stranger = { ...ctxOf(anna), userRef: 'U-nobody' };
    expect(await answerer({ text: '4', threadRef: null, direct: true }, stranger, 'da')).toBeNull();
  });

  it('answer a thread reply wherever the platform reports it, with number words understood', async () => {
    const reply = await handleInboundMessage(w.core, { text: 'fem', threadRef: q0(anna).messageRef, direct: false }, ctxOf(anna));
    expect(replyText(reply)).toBe('Tak! Dit svar «5» er gemt. Næste spørgsmål kommer her.');
  });
});

describe('"ved ikke"', () => {
  it('counts as an answer, outside the distribution and the mean', async () => {
    expect(replyText(await write(w, anna, 'ved ikke - jeg var syg'))).toBe('Tak! Dit svar «ved ikke» er gemt. Næste spørgsmål kommer her.');
    await write(w, bo, 'fire');
    const view = replyText(await handleCommand(w.core, 'resultater nysgerrighed', consultant));
    expect(view).toContain('2 af 8 har svaret');
    expect(view).toContain('1: 0 · 2: 0 · 3: 0 · 4: 1 · 5: 0 · ved ikke: 1 — gennemsnit 4,0');
    expect(view).toContain('Kommentarer: «jeg var syg» – Anna');
  });
});

describe('buttons', () => {
  it('refuse a press by someone else than the member asked', async () => {
    const button = buttonsOf(q0(anna))[3]!;
    const reply = await handleAction(w.core, { actionId: button.actionId, value: button.value }, ctxOf(bo));
    expect(replyText(reply)).toBe('Det spørgsmål var stillet til en anden, så jeg har ikke gemt noget.');
    expect(answersOf(w, promptOf(w, anna, 'nysgerrighed'))).toEqual([]);
  });

  it('refuse a tampered value', async () => {
    const button = buttonsOf(q0(anna))[0]!;
    for (const value of ['nonsense', button.value.replace(/\|1$/, '|9'), 'no-such-prompt|optagethed|3']) {
      expect(replyText(await handleAction(w.core, { actionId: button.actionId, value }, ctxOf(anna)))).toBe('Den evaluering kender jeg ikke (længere).');
    }
    expect(answersOf(w, promptOf(w, anna, 'nysgerrighed'))).toEqual([]);
  });

  it('acknowledge in English after the member switched language, and count as answered (no reminder)', async () => {
    await write(w, anna, 'sprog en');
    const button = buttonsOf(q0(anna))[4]!;
    expect(replyText(await handleAction(w.core, { actionId: button.actionId, value: button.value }, ctxOf(anna)))).toBe(
      'Thanks! Your answer “5” is saved. The next question follows.',
    );
    expect(evaluationService(w.core).store.prompt(promptOf(w, anna, 'nysgerrighed').id)).toMatchObject({ nudgeStatus: 'skipped' });
    // The next question follows in the new language too.
    await tickAt(w, new Date(w.clock.now().getTime() + 5_000));
    expect(sentByKey(w, `eval:${promptOf(w, anna, 'nysgerrighed').id}:q1`).message.text).toContain('What caught the children');
  });
});
