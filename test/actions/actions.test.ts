/**
 * Meeting actions at core level (issue 14, item 3): `handling` and its refusals, the owner's direct
 * message with Færdig, reminders two working days before and on the day, Færdig pressed by the owner,
 * twice and by someone else, `handlinger` with overdue and ownerless actions, the question after a
 * meeting answered by a reply, and a restart that neither loses nor doubles a reminder.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore } from '../../src/app.ts';
import { silentLogger } from '../../src/logger.ts';
import { actionsPass } from '../../src/actions/pass.ts';
import { consultant, ctxOf, type Person, type World } from '../evaluations/harness.ts';
import { handleCommand } from '../../src/commands/router.ts';
import { actionRows, doneButtonOf, dm, press, say, settle, templateWithActions, text, tickRecording, twoPartnerships } from './harness.ts';

let w: World;
let anna: Person;
let bo: Person;

function deliveriesLike(prefix: string): number {
  return w.core.db.prepare('SELECT COUNT(*) FROM deliveries WHERE idempotency_key LIKE ?').pluck().get(`${prefix}%`) as number;
}

describe('handling: giving an action', () => {
  beforeEach(async () => {
    w = await twoPartnerships();
    [anna, bo] = w.people as [Person, Person];
  });
  afterEach(() => w.core.close());

  it('refuses what it cannot use, clearly, and stores nothing', async () => {
    const refusals: [string, RegExp][] = [
      ['handling', /Skriv fx: \/tovholder handling @anna/],
      ['handling anna "Send udkast" 2027-02-01', /Hvem skal gøre det\? Skriv personen som @navn/],
      ['handling <@UC1|Anna>', /Hvad er handlingen\?/],
      ['handling <@UC1|Anna> 2027-02-01', /Hvad er handlingen\?/],
      ['handling <@UC1|Anna> "Send udkast til skolerne"', /Hvornår er fristen\?/],
      ['handling <@UC1|Anna> "Send udkast til skolerne" 2027-02-31', /«2027-02-31» er ikke en gyldig dato/],
      ['handling <@UC1|Anna> "Send udkast til skolerne" 31-02-2027', /«2027-02-31» er ikke en gyldig dato/],
      ['handling <@UC1|Anna> "Send udkast til skolerne" 2027-01-23', /lørdag 23\. januar 2027 er ikke en arbejdsdag .*Nærmeste arbejdsdag/],
      ['handling <@UC1|Anna> "Send udkast til skolerne" 2027-01-05', /er allerede gået/],
      ['handling <@U999|Xena> "Send udkast til skolerne" 2027-02-01', /Xena er ikke med i Små Partnerskaber 2027/],
      ['handling <@UC1|Anna> "Send udkast til skolerne" 2027-02-01 midtvejsworkshop', /Midtvejsworkshop er ikke holdt endnu/],
      ['handling <@UC1|Anna> "Send udkast til skolerne" 2027-02-01 nysgerrighed Havet', /er ikke et møde/],
    ];
    for (const [line, expected] of refusals) expect(await say(w, line, consultant), line).toMatch(expected);
    // Only the consultant, or whoever was asked about the meeting, gives actions.
    expect(await say(w, 'handling <@UC1|Anna> "Send udkast til skolerne" 2027-02-01', ctxOf(bo))).toMatch(/Kun konsulenten/);
    expect(actionRows(w)).toEqual([]);
    expect(deliveriesLike('action:')).toBe(0);
  });

  it('gives the owner a direct message with Færdig; the meeting is the latest held one unless named', async () => {
    const reply = await say(w, 'handling <@UC1|Anna> "Send udkast til skolerne" 2027-02-01', consultant);
    expect(reply).toBe('Handlingen «Send udkast til skolerne» er givet til Anna med frist mandag 1. februar 2027 (fra Opstartsworkshop). Anna får den som direkte besked med en Færdig-knap.');
    await settle(w);
    const [row] = actionRows(w);
    expect(row).toMatchObject({ status: 'open', due_date: '2027-02-01', meeting_title: 'Opstartsworkshop' });
    const sent = w.fake.sent.filter((m) => m.idempotencyKey === `action:${row!.id}:assigned`);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.channelRef).toBe('D-UC1');
    expect(sent[0]!.message.text).toContain('Send udkast til skolerne');
    expect(sent[0]!.message.text).toContain('Frist: mandag 1. februar 2027');
    expect(doneButtonOf(sent[0]!.message).label).toBe('Færdig');
    // @name works as well as a mention; English alias too.
    expect(await say(w, 'action @bo "Book bussen" 2027-02-03 opstartsworkshop', consultant)).toContain('givet til Bo');
  });
});

describe('reminders and Færdig', () => {
  beforeEach(async () => {
    w = await twoPartnerships();
    [anna, bo] = w.people as [Person, Person];
  });
  afterEach(() => w.core.close());

  it('reminds two working days before and on the day at 09:00, never on a day off; Færdig closes it once and only for the owner', async () => {
    // Due Monday 1 February: two working days before is Thursday 28 January (not the weekend).
    await say(w, 'handling <@UC1|Anna> "Send udkast til skolerne" 2027-02-01', consultant);
    const id = actionRows(w)[0]!.id;
    const seen = (await tickRecording(w, '2027-02-03T12:00:00Z')).filter((s) => s.key.startsWith(`action:${id}:remind`));
    expect(seen).toEqual([
      { key: `action:${id}:remind:0`, at: '2027-01-28 09:00' },
      { key: `action:${id}:remind:1`, at: '2027-02-01 09:00' },
    ]);
    const reminder = w.fake.sent.find((m) => m.idempotencyKey === `action:${id}:remind:1`)!;
    expect(reminder.message.text).toContain('har frist i dag');

    // Bo presses Anna's button (a forwarded message): nothing changes.
    const button = doneButtonOf(reminder.message);
    expect(await press(w, button, ctxOf(bo))).toBe('Handlingen «Send udkast til skolerne» er Annas – kun Anna kan markere den som færdig. Intet er ændret.');
    expect(actionRows(w)[0]!.status).toBe('open');
    expect(await press(w, button, ctxOf(anna))).toBe('Tak! «Send udkast til skolerne» er markeret som færdig.');
    expect(actionRows(w)[0]!.status).toBe('done');
    expect(await press(w, button, ctxOf(anna))).toMatch(/blev allerede markeret som færdig onsdag 3\. februar 2027\. Intet er ændret\./);
    // The messages that reached her lose their button.
    await w.core.scheduler.tick();
    const updates = w.fake.calls.filter((c) => c.method === 'updateMessage');
    expect(updates).toHaveLength(3);
    expect(await say(w, 'handlinger', consultant)).toContain('Ingen åbne handlinger.');
  });

  it('a closed action is not reminded', async () => {
    await say(w, 'handling <@UC1|Anna> "Send udkast til skolerne" 2027-02-01', consultant);
    await settle(w);
    const id = actionRows(w)[0]!.id;
    const assigned = w.fake.sent.find((m) => m.idempotencyKey === `action:${id}:assigned`)!;
    expect(await press(w, doneButtonOf(assigned.message), ctxOf(anna))).toContain('markeret som færdig');
    const seen = await tickRecording(w, '2027-02-03T12:00:00Z');
    expect(seen.filter((s) => s.key.includes(':remind:'))).toEqual([]);
  });

  it('an action due tomorrow gets only the reminder on the day', async () => {
    w.clock.set('2027-01-12T10:00:00Z');
    await say(w, 'handling <@UC1|Anna> "Ring til skolen" 2027-01-13', consultant);
    const id = actionRows(w)[0]!.id;
    const seen = (await tickRecording(w, '2027-01-15T12:00:00Z')).filter((s) => s.key.startsWith(`action:${id}:remind`));
    expect(seen).toEqual([{ key: `action:${id}:remind:1`, at: '2027-01-13 09:00' }]);
  });
});

describe('handlinger', () => {
  beforeEach(async () => {
    w = await twoPartnerships();
    [anna, bo] = w.people as [Person, Person];
  });
  afterEach(() => w.core.close());

  it('lists open actions per group, overdue marked, and an owner who left as "uden ejer"', async () => {
    await say(w, 'handling <@UC1|Anna> "Send udkast til skolerne" 2027-01-13', consultant);
    await say(w, 'handling <@UD2|Dan> "Book bussen" 2027-02-01', consultant);
    await say(w, 'handling <@UD1|Bo> "Lån kasserne" 2027-02-02', consultant);
    w.clock.set('2027-01-20T10:00:00Z');
    // Bo leaves the programme: the consultant removes him and confirms the preview.
    const preview = await handleCommand(w.core, 'fjern <@UD1|Bo>', consultant);
    expect(text(preview)).toBe('Fjern Bo fra Små Partnerskaber 2027?');
    const confirm = preview.type === 'message' ? preview.message.blocks.flatMap((b) => (b.type === 'actions' ? b.buttons : []))[0]! : undefined;
    expect(await press(w, confirm!, consultant)).toContain('1 åben handling er nu uden ejer');
    const list = await say(w, 'handlinger', consultant);
    expect(list).toContain('Åbne handlinger i Små Partnerskaber 2027');
    expect(list).toMatch(/\*Havet\*\n• Send udkast til skolerne – Anna, frist onsdag 13\. januar 2027 – \*overskredet\* \(Opstartsworkshop\)\n• Lån kasserne – uden ejer \(Bo\), frist tirsdag 2\. februar 2027 \(Opstartsworkshop\)/);
    expect(list).toMatch(/\*Herregården\*\n• Book bussen – Dan, frist mandag 1\. februar 2027 \(Opstartsworkshop\)/);
    const havet = await say(w, 'handlinger Havet', consultant);
    expect(havet).not.toContain('Book bussen');
    expect(havet).toContain('uden ejer');
    // Anna sees her own; a partner's `handlinger` is always their own.
    const mine = await say(w, 'handlinger mine', ctxOf(anna));
    expect(mine).toContain('Dine åbne handlinger');
    expect(mine).toContain('Send udkast til skolerne');
    expect(mine).not.toContain('Book bussen');
    expect(await say(w, 'handlinger', ctxOf(anna))).toBe(mine);
    // Nobody can close the ownerless one; the consultant is told why.
    const id = actionRows(w).find((r) => r.owner_member_id === null)!.id;
    expect(await press(w, { actionId: 'action.done', label: 'Færdig', value: id }, consultant)).toContain('har ingen ejer længere');
  });
});

describe('after a meeting with actions: true', () => {
  afterEach(() => w.core.close());

  it('asks the consultant once for the actions; a reply in the direct message records one for that meeting', async () => {
    w = await twoPartnerships({ templates: [templateWithActions()] });
    [anna] = w.people as [Person];
    // The kick-off was before the programme came to the bot: not asked. The mid-way workshop ends 13:00 on 11 March.
    const seen = await tickRecording(w, '2027-03-12T12:00:00Z');
    const asks = seen.filter((s) => s.key.startsWith('action-ask:'));
    expect(asks).toHaveLength(1);
    expect(asks[0]!.at).toBe('2027-03-11 13:00');
    const ask = w.fake.sent.find((m) => m.idempotencyKey === asks[0]!.key)!;
    expect(ask.channelRef).toBe('D-U0');
    expect(ask.message.text).toContain('Mødet *Midtvejsworkshop* (torsdag 11. marts 2027) er holdt');
    const reply = await dm(w, '<@UC1|Anna> "Send referatet til lederne" 2027-03-22', consultant);
    expect(reply).toContain('(fra Midtvejsworkshop)');
    expect(actionRows(w)[0]).toMatchObject({ meeting_title: 'Midtvejsworkshop', due_date: '2027-03-22' });
    // An ordinary direct message is still a command.
    expect(await dm(w, 'handlinger', consultant)).toContain('Send referatet til lederne');
  });
});

describe('restart', () => {
  it('neither loses nor doubles a reminder when the bot stops between marking and sending, and when two run at once', async () => {
    const dbPath = join(mkdtempSync(join(tmpdir(), 'tovholder-actions-')), 'bot.db');
    w = await twoPartnerships({ dbPath });
    await say(w, 'handling <@UC1|Anna> "Send udkast til skolerne" 2027-02-01', consultant);
    await settle(w);
    const id = actionRows(w)[0]!.id;
    // The first reminder falls due with two bots on the database: the pass of each marks and queues
    // (one wins the guarded update), and both stop before the outbox sends it.
    w.clock.set('2027-01-28T08:00:00Z');
    w.core.scheduler.stop();
    const second = createCore({ dbPath, clock: w.clock, logger: silentLogger(), platforms: [w.fake], workerId: 'w2' });
    second.scheduler.stop();
    const queued = [actionsPass(w.core)(w.clock.now()), actionsPass(second)(w.clock.now())];
    expect(queued).toEqual([1, 0]);
    expect(w.fake.sent.filter((m) => m.idempotencyKey.startsWith(`action:${id}:remind`))).toEqual([]);
    w.core.close();
    second.close();
    // After the restart, on to the day after the due date.
    const restarted = createCore({ dbPath, clock: w.clock, logger: silentLogger(), platforms: [w.fake], workerId: 'w3' });
    w = { ...w, core: restarted };
    await tickRecording(w, '2027-02-02T12:00:00Z');
    const sent = w.fake.sent.filter((m) => m.idempotencyKey.startsWith(`action:${id}:remind`)).map((m) => m.idempotencyKey);
    expect(sent).toEqual([`action:${id}:remind:0`, `action:${id}:remind:1`]);
    restarted.close();
  });
});

describe('a date typed without its year', () => {
  beforeEach(async () => {
    w = await twoPartnerships();
  });
  afterEach(() => w.core.close());

  it('is refused as such, not taken for a missing date or a time, and nothing changes', async () => {
    expect(await say(w, 'handling <@UC1|Anna> "Send udkast til skolerne" 31-02', consultant)).toBe('«31-02» mangler året. Skriv datoen som ÅÅÅÅ-MM-DD (fx 2027-03-01) eller DD-MM-ÅÅÅÅ. Intet er ændret.');
    expect(await say(w, 'action <@UC1|Anna> "Send the draft" 1/3', { ...consultant, locale: 'en' })).toBe('“1/3” has no year. Write the date as YYYY-MM-DD (e.g. 2027-03-01) or DD-MM-YYYY. Nothing was changed.');
    expect(await say(w, 'flyt midtvejsworkshop 31-02', consultant)).toMatch(/^«31-02» mangler året\./);
    expect(actionRows(w)).toEqual([]);
  });
});
