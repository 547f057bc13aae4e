import { describe, expect, it } from 'vitest';
import { handleCommand } from '../../src/commands/router.ts';
import type { RichMessage } from '../../src/messages/model.ts';
import { replyText } from '../support/core.ts';
import { consultant, ctxOf, fourPartnerships, tickAt, type World } from '../evaluations/harness.ts';

function readable(message: RichMessage): string {
  return message.blocks
    .map((b) => ('text' in b ? b.text : '') + ('fields' in b && b.fields ? b.fields.map((f) => `\n${f.label}: ${f.value}`).join('') : ''))
    .join('\n');
}

function channelOf(w: World, name: string): string {
  return w.core.repos.partnerships.listForProgramme(w.programme.id).find((p) => p.name === name)!.channelRef!;
}

/** Round robin by position: Havet hosts Herregården, Teatret hosts Havet. */
describe('exchange days (trial 2 and the dialogue with the other partnership)', () => {
  it('say in a partnership’s plan and in “plan mine” who hosts and who visits', async () => {
    const w = await fourPartnerships();
    const plan = replyText(await handleCommand(w.core, 'plan Havet', consultant));
    expect(plan).toContain('Afprøvning 2 – vi får besøg af Herregården');
    expect(plan).toContain('Afprøvning 2 – vi besøger Teatret');
    expect(plan).toContain('Dialog med andet partnerskab – vi får besøg af Herregården');
    expect(plan).toContain('Dialog med andet partnerskab – vi besøger Teatret');
    const mine = replyText(await handleCommand(w.core, 'plan mine', ctxOf(w.people[0]!)));
    expect(mine).not.toMatch(/Afprøvning 2 *\n/);
    await handleCommand(w.core, 'sprog en', ctxOf(w.people[0]!));
    w.clock.set('2027-04-01T08:00:00Z');
    const english = replyText(await handleCommand(w.core, 'plan mine', ctxOf(w.people[0]!)));
    expect(english).toContain('Trial 2 – Herregården visits us');
    expect(english).toContain('Trial 2 – we visit Teatret');
  });

  it('tell the two occurrences apart in the welcome of a partnership', async () => {
    const w = await fourPartnerships();
    const teatret = w.core.repos.partnerships.listForProgramme(w.programme.id).find((p) => p.name === 'Teatret')!;
    const welcome = readable(w.fake.sent.find((m) => m.idempotencyKey === `welcome:partnership:${teatret.id}`)!.message);
    expect(welcome).toContain('Afprøvning 2 – vi får besøg af Havet');
    expect(welcome).toContain('Afprøvning 2 – vi besøger Kornet');
    const member = readable(w.fake.sent.find((m) => m.channelRef === 'D-UD4' && m.idempotencyKey.startsWith('welcome:member:'))!.message);
    expect(member).toContain('Dialog med andet partnerskab – vi besøger Kornet');
  });

  it('send each channel a reminder from its own side, with the host’s place and the right people', async () => {
    const w = await fourPartnerships();
    const trial = w.core.repos.activities.listForProgramme(w.programme.id).find((a) => a.stepKey === 'afproevning-2')!;
    await tickAt(w, new Date(Date.parse(trial.startsAt) - 24 * 3600_000)); // the day before: all reminders are due
    // The outbox paces posts per channel: a few passes seconds apart send them all.
    for (let i = 0; i < 8; i += 1) await tickAt(w, new Date(w.clock.now().getTime() + 5_000));
    const inHavet = w.fake.sent.filter((m) => m.channelRef === channelOf(w, 'Havet') && /^Påmindelse: (Afprøvning 2|Dialog med andet)/.test(m.message.text));
    const texts = inHavet.map((m) => readable(m.message));
    const hosting = texts.filter((t) => t.includes('Afprøvning 2 – vi får besøg af Herregården'));
    const visiting = texts.filter((t) => t.includes('Afprøvning 2 – vi besøger Teatret'));
    expect(hosting.length).toBeGreaterThan(0);
    expect(visiting.length).toBe(hosting.length);
    expect(hosting[0]).toContain('Hvor: Nordsøen Oceanarium (Havet)');
    expect(hosting[0]).toContain('Hvem: Nordsøen Oceanarium (Havet) · Børn og pædagoger fra Børnehaven Mælkebøtten (Herregården)');
    expect(visiting[0]).toContain('Hvor: Vendsyssel Teater (Teatret)');
    expect(visiting[0]).toContain('Børnene fra jeres daginstitution besøger Vendsyssel Teater og afprøver deres nye tilbud.');
    expect(visiting[0]).not.toContain('Børn fra et andet partnerskab afprøver forløbet.');
    const dialogue = texts.find((t) => t.includes('Dialog med andet partnerskab – vi får besøg af Herregården'))!;
    expect(dialogue).toContain('Hvem: Nordsøen Oceanarium (Havet) · Pædagoger fra Børnehaven Mælkebøtten (Herregården)');
    expect(dialogue).not.toContain('Børn og pædagoger');
    expect(texts.join('\n')).not.toContain('Aftales i partnerskabet');
  });
});

describe('plans', () => {
  it('show the consultant titles, and a key only where `flyt` needs it, explained', async () => {
    const w = await fourPartnerships();
    w.clock.set('2026-10-01T08:00:00Z');
    const plan = replyText(await handleCommand(w.core, 'plan', consultant));
    expect(plan).toContain('Præsentation af projekt på kommunalt, strategisk niveau _(nøgle til flyt: praesentation-strategisk)_');
    expect(plan).toContain('Dialog i partnerskabet _(nøgle til flyt: dialog-1)_');
    expect(plan).toMatch(/Nysgerrighed\n/);
    expect(plan).not.toMatch(/`[a-z0-9-]+`/);
    const partner = replyText(await handleCommand(w.core, 'plan Havet', ctxOf(w.people[0]!)));
    expect(partner).not.toContain('nøgle');
  });
});

describe('partnerships', () => {
  /** People named so that alphabetical order (and random ids) disagree with the order of creation. */
  const PARTNERS = [
    ['Havet', 'Zara', 'Yrsa'],
    ['Herregården', 'Xenia', 'Walter'],
    ['Kornet', 'Anna', 'Bo'],
    ['Teatret', 'Mads', 'Nina'],
  ];

  it('are listed in the order they were created in every answer', async () => {
    const w = await fourPartnerships();
    for (const [i, [name, c, d]] of PARTNERS.entries()) {
      await handleCommand(w.core, `medlem "${name}" <@UX${i}c|${c}>=kultur <@UX${i}d|${d}>=dagtilbud`, consultant);
    }
    const order = (text: string) => [...text.matchAll(/Havet|Herregården|Kornet|Teatret/g)].map((m) => m[0]).filter((n, i, all) => all.indexOf(n) === i);
    const names = PARTNERS.map(([name]) => name);
    const trial = w.core.repos.activities.listForProgramme(w.programme.id).filter((a) => a.stepKey === 'nysgerrighed');
    const partnerships = w.core.repos.partnerships.listForProgramme(w.programme.id);
    expect(trial.map((a) => partnerships.find((p) => p.id === a.partnershipId)!.name)).toEqual(names);
    await tickAt(w, new Date(Date.parse(trial[0]!.endsAt) + 60_000));
    expect(order(replyText(await handleCommand(w.core, 'resultater nysgerrighed', consultant)))).toEqual(names);
    expect(order(replyText(await handleCommand(w.core, 'resultater', consultant)))).toEqual(names);
  });
});
