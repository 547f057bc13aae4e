import { describe, expect, it } from 'vitest';
import { handleCommand } from '../../src/commands/router.ts';
import { replyText } from '../support/core.ts';
import {
  answersOf,
  buttonsOf,
  consultant,
  ctxOf,
  endOf,
  fourPartnerships,
  local,
  MINUTE,
  press,
  promptOf,
  sentByKey,
  tickAt,
  tickUntil,
  UploadingFakePlatform,
  write,
  type Person,
  type World,
} from './harness.ts';

const CURIOSITY = 'nysgerrighed';

function question(w: World, person: Person, index: number) {
  return sentByKey(w, `eval:${promptOf(w, person, CURIOSITY).id}:q${index}`);
}

/** Every answer stored for the curiosity visit, as "name: question=value (comment) via". */
function storedAnswers(w: World): string[] {
  return w.people.flatMap((person) =>
    answersOf(w, promptOf(w, person, CURIOSITY)).map((a) => `${person.name}: ${a.questionKey}=${a.value}${a.comment ? ` (${a.comment})` : ''} ${a.via}`),
  ).sort();
}

describe('evaluating the curiosity visit of a four-partnership programme (core, in-memory platform)', () => {
  it('asks, takes answers by button, thread and message, nudges the silent one once, reports, exports and refuses late answers', async () => {
    const w = await fourPartnerships();
    const [anna, bo, cille, dan, eva, finn, gitte, hans] = w.people as [Person, Person, Person, Person, Person, Person, Person, Person];
    await handleCommand(w.core, 'sprog en', ctxOf(finn));

    // The visit ends: every member of every partnership is asked, once, in a direct message; the
    // consultant (not part of the visit) is not.
    const end = endOf(w, CURIOSITY);
    await tickAt(w, new Date(end.getTime() + MINUTE));
    const firsts = w.fake.sent.filter((m) => /^eval:.*:q0$/.test(m.idempotencyKey));
    expect(firsts.map((m) => m.channelRef).sort()).toEqual(w.people.map((p) => `D-${p.userRef}`).sort());
    expect(question(w, anna, 0).message.text).toContain('Evaluering: Nysgerrighed · Havet');
    expect(question(w, finn, 0).message.text).toContain('Evaluation: Curiosity · Kornet');
    expect(buttonsOf(question(w, anna, 0)).map((b) => b.label)).toEqual(['1', '2', '3', '4', '5']);

    // Three answer by button, in Danish.
    expect(replyText(await press(w, anna, question(w, anna, 0), '4'))).toBe('Tak! Dit svar «4» er gemt. Næste spørgsmål kommer her.');
    await press(w, bo, question(w, bo, 0), '5');
    await press(w, cille, question(w, cille, 0), '3');
    // Three reply in the thread of their question; Finn reads English and is answered in English.
    expect(replyText(await write(w, dan, '4 - børnene elskede at fodre dyrene', question(w, dan, 0).messageRef))).toMatch(/^Tak! Dit svar «4» er gemt/);
    await write(w, eva, 'fem', question(w, eva, 0).messageRef);
    expect(replyText(await write(w, finn, '3 - they were shy at first', question(w, finn, 0).messageRef))).toBe(
      'Thanks! Your answer “3” is saved. The next question follows.',
    );
    // One writes a plain direct message; Hans never answers.
    expect(replyText(await write(w, gitte, '4/5'))).toMatch(/^Tak! Dit svar «4» er gemt/);

    // The next question follows (a few seconds later: the outbox paces posts per conversation); free
    // text by thread reply and by direct message.
    await tickAt(w, new Date(w.clock.now().getTime() + 5_000));
    expect(() => question(w, hans, 1)).toThrow();
    expect(replyText(await write(w, anna, 'Fiskene og lyset i akvariet', question(w, anna, 1).messageRef))).toContain('Du har svaret på alle spørgsmål');
    await write(w, cille, 'Hestene i stalden');
    // An answer can be changed while the evaluation is open.
    expect(replyText(await press(w, anna, question(w, anna, 0), '2'))).toMatch(/^Dit svar er ændret til «2»\./);

    expect(storedAnswers(w)).toEqual([
      'Anna: optaget-af=Fiskene og lyset i akvariet thread',
      'Anna: optagethed=2 button',
      'Bo: optagethed=5 button',
      'Cille: optaget-af=Hestene i stalden direct',
      'Cille: optagethed=3 button',
      'Dan: optagethed=4 (børnene elskede at fodre dyrene) thread',
      'Eva: optagethed=5 thread',
      'Finn: optagethed=3 (they were shy at first) thread',
      'Gitte: optagethed=4 direct',
    ]);

    // Only the silent member gets the one reminder: on a working day, mid-morning, never twice.
    const closesAt = new Date(w.core.db.prepare('SELECT closes_at FROM evaluation_rounds WHERE step_key = ? LIMIT 1').pluck().get(CURIOSITY) as string);
    await tickUntil(w, new Date(closesAt.getTime() - MINUTE));
    const nudges = w.core.db
      .prepare(`SELECT idempotency_key AS key, target, finished_at AS sentAt FROM deliveries WHERE idempotency_key LIKE 'eval:%:nudge'`)
      .all() as { key: string; target: string; sentAt: string }[];
    expect(nudges).toHaveLength(1);
    expect(nudges[0]!.key).toBe(`eval:${promptOf(w, hans, CURIOSITY).id}:nudge`);
    expect(w.fake.sent.filter((m) => m.idempotencyKey.endsWith(':nudge')).map((m) => m.channelRef)).toEqual(['D-UD4']);
    const nudgedAt = local(nudges[0]!.sentAt);
    expect(nudgedAt.weekday).toBeLessThanOrEqual(5);
    expect(nudgedAt.hour).toBe(10);
    // Asked Thursday 11 February: two working days later is Monday 15 February (the weekend skipped).
    expect(nudgedAt.toISODate()).toBe('2027-02-15');

    // The consultant's view shows exactly those answers.
    const view = replyText(await handleCommand(w.core, 'resultater nysgerrighed', consultant));
    expect(view).toContain('7 af 8 har svaret (88 %)');
    expect(view).toContain('1: 0 · 2: 1 · 3: 2 · 4: 2 · 5: 2 — gennemsnit 3,7');
    for (const text of ['«Fiskene og lyset i akvariet» – Anna', '«Hestene i stalden» – Cille', '«børnene elskede at fodre dyrene» – Dan']) expect(view).toContain(text);
    expect(view).toContain('Mangler svar: Hans');

    // The CSV holds one row per stored answer, and nothing else.
    expect(replyText(await handleCommand(w.core, 'eksport', consultant))).toMatch(/^Eksporten med 9 svar er på vej/);
    await w.core.scheduler.tick();
    const upload = (w.fake as UploadingFakePlatform).uploads[0]!;
    expect(upload.channelRef).toBe('D-U0');
    const csv = upload.content.toString('utf8');
    expect(csv.startsWith('\uFEFFForløb;Aktivitet;Dato;Partnerskab;Navn;')).toBe(true);
    const rows = csv.trimEnd().split('\r\n').slice(1).map((line) => line.split(';'));
    const fromCsv = rows.map((r) => `${r[4]}: ${r[6]!.slice(0, 2)}${r[7]}${r[9] ? ` (${r[9]})` : ''}`).sort();
    expect(fromCsv).toEqual(
      ['Anna: 1.2', 'Anna: 2.Fiskene og lyset i akvariet', 'Bo: 1.5', 'Cille: 1.3', 'Cille: 2.Hestene i stalden', 'Dan: 1.4 (børnene elskede at fodre dyrene)', 'Eva: 1.5', 'Finn: 1.3 (they were shy at first)', 'Gitte: 1.4'].sort(),
    );

    // Closing takes the buttons off every question message that went out.
    await tickAt(w, new Date(closesAt.getTime() + MINUTE));
    const updates = w.fake.calls.filter((c) => c.method === 'updateMessage').map((c) => c.args as { messageRef: string; message: { blocks: { type: string }[] } });
    const sentQuestions = w.fake.sent.filter((m) => m.idempotencyKey.startsWith('eval:') && !m.idempotencyKey.includes('export'));
    expect(updates.map((u) => u.messageRef).sort()).toEqual(sentQuestions.map((m) => m.messageRef).sort());
    expect(updates.every((u) => u.message.blocks.every((b) => b.type !== 'actions'))).toBe(true);

    // A late answer is refused with a clear message and not stored: by button, by thread, by message.
    const before = storedAnswers(w);
    expect(replyText(await press(w, hans, question(w, hans, 0), '4'))).toBe(
      'Evalueringen af Nysgerrighed · Teatret er lukket (sidste dag for svar var torsdag den 25. februar 2027), så dit svar er ikke gemt. Tak, fordi du ville svare!',
    );
    expect(replyText(await write(w, hans, '4 - de var vilde med det', question(w, hans, 0).messageRef))).toContain('er lukket');
    expect(replyText(await write(w, hans, 'fire'))).toContain('så dit svar er ikke gemt');
    expect(replyText(await write(w, finn, '5', question(w, finn, 0).messageRef))).toMatch(/^The evaluation of Curiosity · Kornet is closed/);
    expect(storedAnswers(w)).toEqual(before);
    expect(answersOf(w, promptOf(w, hans, CURIOSITY))).toEqual([]);
  });
});
