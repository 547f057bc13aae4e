import { describe, expect, it } from 'vitest';
import { handleCommand } from '../../src/commands/router.ts';
import type { CommandContext } from '../../src/commands/types.ts';
import { evaluationService } from '../../src/evaluations/context.ts';
import { replyText } from '../support/core.ts';
import { FakePlatform } from '../support/fake-platform.ts';
import {
  consultant,
  endOf,
  fourPartnerships,
  MINUTE,
  press,
  promptOf,
  sentByKey,
  tickAt,
  UploadingFakePlatform,
  write,
  type Person,
  type World,
} from './harness.ts';

function channelOf(w: World, partnershipName: string | null): CommandContext {
  const channelRef = partnershipName === null
    ? w.core.repos.programmes.get(w.programme.id)!.channelRef!
    : w.core.repos.partnerships.listForProgramme(w.programme.id).find((p) => p.name === partnershipName)!.channelRef!;
  return { ...consultant, channelRef };
}

async function exportCsv(w: World, ctx: CommandContext): Promise<string> {
  const fake = w.fake as UploadingFakePlatform;
  const before = fake.uploads.length;
  await handleCommand(w.core, 'eksport', ctx);
  await tickAt(w, new Date(w.clock.now().getTime() + 5_000));
  return fake.uploads.length > before ? fake.uploads.at(-1)!.content.toString('utf8') : '';
}

/** Anna and Bo (Havet) and Cille and Dan (Herregården) answer the curiosity evaluation in words. */
async function curiosityAnswered(): Promise<World> {
  const w = await fourPartnerships();
  await tickAt(w, new Date(endOf(w, 'nysgerrighed').getTime() + MINUTE));
  const words = ['Havets fisk', 'Havets lys', 'Herregårdens heste', 'Herregårdens kælder'];
  for (const [i, person] of w.people.slice(0, 4).entries()) {
    await press(w, person, sentByKey(w, `eval:${promptOf(w, person, 'nysgerrighed').id}:q0`), String(i + 2));
    await write(w, person, words[i]!);
  }
  return w;
}

describe('results stay with their partnership', () => {
  it('in a partnership channel shows only that partnership, and refuses to show another', async () => {
    const w = await curiosityAnswered();
    const inHavet = replyText(await handleCommand(w.core, 'resultater', channelOf(w, 'Havet')));
    expect(inHavet).toContain('«Havets fisk» – Anna');
    expect(inHavet).toContain('«Havets lys» – Bo');
    for (const foreign of ['Herregård', 'Cille', 'Dan', 'Kornet', 'Teatret']) expect(inHavet).not.toContain(foreign);

    const asked = replyText(await handleCommand(w.core, 'resultater Herregården', channelOf(w, 'Havet')));
    expect(asked).toMatch(/kun dette partnerskabs svar/);
    expect(asked).not.toContain('heste');

    const csv = await exportCsv(w, channelOf(w, 'Havet'));
    expect(csv).toContain('Havets fisk');
    expect(csv).not.toMatch(/Herregård|Cille|Dan/);
  });

  it('in the shared channel shows numbers only, never written answers or names', async () => {
    const w = await curiosityAnswered();
    const shared = replyText(await handleCommand(w.core, 'resultater nysgerrighed', channelOf(w, null)));
    expect(shared).toContain('4 af 8 har svaret');
    for (const hidden of ['Havets fisk', 'Herregårdens heste', 'Anna', 'Cille', 'Mangler svar']) expect(shared).not.toContain(hidden);
  });

  it('in a direct conversation shows everything, by partnership or by activity', async () => {
    const w = await curiosityAnswered();
    const byName = replyText(await handleCommand(w.core, 'resultater Herregården', consultant));
    expect(byName).toContain('«Herregårdens heste» – Cille');
    expect(byName).not.toContain('Havets');
    const both = replyText(await handleCommand(w.core, 'results curiosity havet', consultant));
    expect(both).toContain('Havets fisk');
    expect(replyText(await handleCommand(w.core, 'resultater kaffepause', consultant))).toMatch(/hverken et partnerskab eller en evalueret aktivitet/);
  });

  it('is for the consultant only', async () => {
    const w = await curiosityAnswered();
    const anna = w.people[0]!;
    const reply = replyText(await handleCommand(w.core, 'resultater', { ...consultant, userRef: anna.userRef, channelRef: `D-${anna.userRef}` }));
    expect(reply).toMatch(/Kun forløbets konsulent/);
  });
});

describe('an anonymous evaluation (the closing programme evaluation)', () => {
  async function closingAsked(): Promise<{ w: World; answer: (person: Person, text: string) => Promise<void> }> {
    const w = await fourPartnerships();
    await tickAt(w, new Date(endOf(w, 'afslutningsworkshop').getTime() + MINUTE));
    // The jump over months also reports missed reminders to the consultant: the outbox paces that DM.
    for (let i = 0; i < 5; i += 1) await tickAt(w, new Date(w.clock.now().getTime() + 5_000));
    const answer = async (person: Person, text: string) => {
      const ctx = { ...consultant, userRef: person.userRef, userName: person.name, channelRef: `D-${person.userRef}` };
      await handleCommand(w.core, 'hjælp', ctx); // unrelated traffic must not disturb answering
      const { handleInboundMessage } = await import('../../src/commands/router.ts');
      await handleInboundMessage(w.core, { text, threadRef: null, direct: true }, ctx);
    };
    return { w, answer };
  }

  it('asks every partner who took part, not the consultant', async () => {
    const { w } = await closingAsked();
    const store = evaluationService(w.core).store;
    const round = w.core.db.prepare(`SELECT activity_id FROM evaluation_rounds WHERE step_key = 'afslutningsworkshop'`).pluck().get() as string;
    const keys = new Set(store.promptsForRound(round).map((p) => `eval:${p.id}:q0`));
    const asked = w.fake.sent.filter((m) => keys.has(m.idempotencyKey)).map((m) => m.channelRef).sort();
    expect(asked).toEqual(w.people.map((p) => `D-${p.userRef}`).sort());
  });

  it('hides the result while fewer than three have answered, in the view and in the export', async () => {
    const { w, answer } = await closingAsked();
    await answer(w.people[0]!, 'Et nyt blik på børnene');
    await answer(w.people[1]!, 'Mod til at prøve ting af');
    const view = replyText(await handleCommand(w.core, 'resultater', consultant));
    expect(view).toContain('2 af 8 har svaret');
    expect(view).not.toMatch(/nyt blik|Mod til/);
    expect(replyText(await handleCommand(w.core, 'resultater afslutningsworkshop', consultant))).toContain('Skjult: anonym evaluering med færre end 3 svar.');
    expect(replyText(await handleCommand(w.core, 'eksport', consultant))).toBe('Der er ingen svar at eksportere endnu.');
  });

  it('shows the answers without names once three have answered, and never names anyone anywhere', async () => {
    const { w, answer } = await closingAsked();
    await answer(w.people[0]!, 'Et nyt blik på børnene');
    await answer(w.people[1]!, 'Mod til at prøve ting af');
    await answer(w.people[2]!, 'Et netværk på tværs');
    const names = ['Anna', 'Bo', 'Karin', 'Konsulent', 'Cille'];
    const view = replyText(await handleCommand(w.core, 'resultater afslutningsworkshop', consultant));
    expect(view).toContain('3 af 8 har svaret');
    for (const text of ['«Et nyt blik på børnene»', '«Mod til at prøve ting af»', '«Et netværk på tværs»']) expect(view).toContain(text);
    for (const name of names) expect(view).not.toContain(name);
    // No part of the whole is shown, not even its count: Havet's "2 of 2" next to the total would tell
    // the consultant whose the other two answers are.
    for (const partnership of ['Havet', 'Herregården', 'af 2 ']) expect(view).not.toContain(partnership);
    const havetChannel = w.core.repos.partnerships.listForProgramme(w.programme.id)[0]!.channelRef!;
    const inHavet = replyText(await handleCommand(w.core, 'resultater afslutningsworkshop', { ...consultant, channelRef: havetChannel }));
    expect(inHavet).toContain('Anonym evaluering: vises kun samlet for alle, der blev spurgt.');
    expect(inHavet).not.toMatch(/nyt blik|Mod til| af \d/);
    expect(await exportCsv(w, { ...consultant, channelRef: havetChannel })).toBe('');

    const csv = await exportCsv(w, consultant);
    const rows = csv.trimEnd().split('\r\n').slice(1).map((line) => line.split(';'));
    expect(rows).toHaveLength(3);
    for (const row of rows) expect([row[3], row[4], row[5], row[10], row[11]]).toEqual(['', '', '', '', 'ja']);
    for (const name of [...names, 'Havet']) expect(csv).not.toContain(name);
  });
});

describe('export without file sharing', () => {
  it('says so clearly and queues nothing', async () => {
    const w = await fourPartnerships({ fake: new FakePlatform('slack') });
    const reply = replyText(await handleCommand(w.core, 'eksport', consultant));
    expect(reply).toBe('Her kan jeg ikke dele filer, så jeg kan ikke sende eksporten. Brug «/tovholder resultater» i stedet.');
    expect(w.core.db.prepare(`SELECT COUNT(*) FROM deliveries WHERE op = 'upload'`).pluck().get()).toBe(0);
  });
});
