import { describe, expect, it } from 'vitest';
import { handleAction, handleCommand } from '../../src/commands/router.ts';
import { fillText, midSentence } from '../../src/domain/text.ts';
import { consultantCtx as ctx, replyText, testCore } from '../support/core.ts';
import { buttonsOf, consultant, endOf, fourPartnerships, MINUTE, promptOf, sentByKey, tickAt } from '../evaluations/harness.ts';

describe('plural and singular', () => {
  it('are chosen by the number, in both languages', () => {
    expect(fillText('{n} {n|aktivitet|aktiviteter}', { n: 1 })).toBe('1 aktivitet');
    expect(fillText('{n} {n|aktivitet|aktiviteter}', { n: 0 })).toBe('0 aktiviteter');
    expect(fillText('{n} {n|activity|activities} {n|was|were}', { n: 3 })).toBe('3 activities were');
  });

  it('read naturally in answers: one member, several members, activities moved', async () => {
    const t = testCore();
    await handleCommand(t.core, 'opret "Små Partnerskaber 2027" 2027-01-04', ctx);
    const one = replyText(await handleCommand(t.core, 'partnerskab "Havet" "Nordsøen Oceanarium" "Børnehaven Bjørnen" <@U1|anna>=kultur', ctx));
    expect(one).toContain('er tilføjet med 1 medlem.');
    const two = replyText(await handleCommand(t.core, 'partnerskab "Kornet" "Kornets Hus" "Spiren" <@U3|cille>=kultur <@U4|dan>=dagtilbud', ctx));
    expect(two).toContain('er tilføjet med 2 medlemmer.');
    const preview = await handleCommand(t.core, 'flyt midtvejsworkshop 2027-03-15', ctx);
    const confirm = preview.type === 'message' ? preview.message.blocks.flatMap((b) => (b.type === 'actions' ? b.buttons : []))[0]! : undefined;
    const done = replyText(await handleAction(t.core, { actionId: confirm!.actionId, value: confirm!.value }, ctx));
    expect(done).toMatch(/^\d+ aktiviteter er flyttet/);
    expect(`${one}${two}${done}`).not.toMatch(/\((er|mer|r)\)/);
  });
});

describe('Danish texts', () => {
  it('write role titles in lower case mid-sentence', async () => {
    expect(midSentence('Formidlingsmedarbejder, kulturinstitution')).toBe('formidlingsmedarbejder, kulturinstitution');
    expect(midSentence('AV-tekniker')).toBe('AV-tekniker');
    const w = await fourPartnerships();
    const welcome = w.fake.sent.find((m) => m.channelRef === 'D-UC1' && m.idempotencyKey.startsWith('welcome:member:'))!;
    const text = welcome.message.blocks.map((b) => ('text' in b ? b.text : '')).join('\n');
    expect(text).toContain('som *formidlingsmedarbejder, kulturinstitution*');
  });

  it('label the start date and the count in the list of programmes, and never say "workspace"', async () => {
    const w = await fourPartnerships();
    const list = replyText(await handleCommand(w.core, 'forløb', consultant));
    expect(list).toContain('*Små Partnerskaber 2027*: start torsdag den 7. januar 2027, 4 partnerskaber');
    const help = replyText(await handleCommand(w.core, 'hjælp', consultant));
    expect(`${list}\n${help}`).not.toMatch(/workspace/i);
  });

  it('give an example answer only where it fits the question', async () => {
    const w = await fourPartnerships();
    const [anna] = w.people;
    await tickAt(w, new Date(endOf(w, 'nysgerrighed').getTime() + MINUTE));
    const curiosity = sentByKey(w, `eval:${promptOf(w, anna!, 'nysgerrighed').id}:q0`);
    const hintOf = (m: typeof curiosity) => m.message.blocks.map((b) => ('text' in b ? b.text : '')).join('\n');
    expect(hintOf(curiosity)).toContain('fx «4 – de ville røre ved alt»');
    await tickAt(w, new Date(endOf(w, 'midtvejsworkshop').getTime() + MINUTE));
    // The outbox paces the questions (and the consultant's notice of the reminders missed in the jump).
    for (let i = 0; i < 5; i += 1) await tickAt(w, new Date(w.clock.now().getTime() + 5_000));
    const workshop = sentByKey(w, `eval:${promptOf(w, anna!, 'midtvejsworkshop').id}:q0`);
    expect(buttonsOf(workshop).length).toBe(5);
    expect(hintOf(workshop)).toContain('fx «4 – vi fik idéer, vi kan bruge»');
    for (const text of [hintOf(curiosity), hintOf(workshop)]) expect(text).not.toContain('fiskene');
  });
});
