import { beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src/app.ts';
import { ManualClock } from '../../src/clock.ts';
import { handleAction, handleCommand } from '../../src/commands/router.ts';
import type { CommandReply } from '../../src/commands/types.ts';
import type { Programme } from '../../src/domain/entities.ts';
import { silentLogger } from '../../src/logger.ts';
import { consultantCtx as ctx, dbSnapshot, replyText } from '../support/core.ts';
import { FakePlatform } from '../support/fake-platform.ts';
import { seriesTemplate } from '../timeline/series-fixture.ts';

function buttons(reply: CommandReply): { actionId: string; label: string; value: string }[] {
  if (reply.type !== 'message') return [];
  return reply.message.blocks.flatMap((b) => (b.type === 'actions' ? b.buttons : []));
}

/** The velfærdspartnerskab cadences (test/timeline/series-fixture.ts) from Monday 4 January 2027, seen on 1 February. */
describe('repeating activities in commands', () => {
  let core: Core;
  let clock: ManualClock;
  let programme: Programme;
  beforeEach(() => {
    clock = new ManualClock('2026-12-01T10:00:00Z');
    core = createCore({ dbPath: ':memory:', clock, logger: silentLogger(), platforms: [new FakePlatform('slack')], templates: [seriesTemplate()] });
    programme = core.programmes.createProgramme({
      platform: 'slack', workspaceId: 'T1', name: 'Partnerskab 2027', templateId: 'serier-test', startDate: '2027-01-04', timezone: 'Europe/Copenhagen', locale: 'da',
      consultant: { userRef: 'U0', displayName: 'Karen' },
    }).programme;
    clock.set(new Date('2027-02-01T10:00:00Z'));
  });

  const dates = (stepKey: string) => core.repos.activities.listForProgramme(programme.id).filter((a) => a.stepKey === stepKey).map((a) => a.localDate);
  const occurrence = (stepKey: string, n: number) => core.repos.activities.listForProgramme(programme.id).find((a) => a.stepKey === stepKey && a.occurrence === n)!;
  const pendingReminders = (activityId: string) => core.db.prepare("SELECT COUNT(*) FROM reminders WHERE activity_id = ? AND status = 'pending'").pluck().get(activityId) as number;

  it('plan shows a series in one line with its cadence and next date, in Danish and English', async () => {
    await handleCommand(core, 'gruppe netværk "Netværk Nord"', ctx);
    const da = replyText(await handleCommand(core, 'plan', ctx));
    expect(da).toContain('Kvartalsmøde, hver 3. måned, næste 2027-04-06');
    expect(da).toContain('Forskningsmøde, hver måned, næste 2027-02-02');
    expect(da).toContain('Netværksmøde, hver mandag og torsdag, næste 2027-02-01');
    expect(da).not.toContain('2027-07-06');
    expect(da.match(/Kvartalsmøde/g)).toHaveLength(1);
    const en = replyText(await handleCommand(core, 'plan', { ...ctx, locale: 'en' }));
    expect(en).toContain('Quarterly meeting, every 3 months, next 2027-04-06');
    expect(en).toContain('Steering group meeting, every half year, next 2027-07-19');
  });

  it('plan <gruppe> still lists the next few occurrences under the line', async () => {
    const text = replyText(await handleCommand(core, 'plan Koordinationsgruppen', ctx));
    expect(text).toContain('Kvartalsmøde, hver 3. måned, næste 2027-04-06');
    expect(text).toMatch(/tirs\. 6\. apr\. .*Kvartalsmøde/);
    expect(text).toMatch(/tirs\. 6\. jul\. .*Kvartalsmøde/);
    expect(text).toMatch(/tirs\. 5\. okt\. .*Kvartalsmøde/);
    expect(text).not.toMatch(/4\. jan\. 2028/);
  });

  it('moving one occurrence (named by its date) moves only it', async () => {
    const preview = await handleCommand(core, 'flyt kvartalsmøde 2027-04-06 2027-04-13', ctx);
    expect(replyText(preview)).toMatch(/Kvartalsmøde: tirsdag den 6\. april 2027 .* → \*tirsdag den 13\. april 2027/);
    const confirm = buttons(preview).find((b) => b.label === 'Flyt')!;
    expect(replyText(await handleAction(core, confirm, ctx))).toMatch(/^1 aktivitet er flyttet/);
    expect(dates('kvartalsmoede')).toEqual(['2027-01-05', '2027-04-13', '2027-07-06', '2027-10-05', '2028-01-04', '2028-04-04', '2028-07-04', '2028-10-03']);
    // The number works as well as the date: `kvartalsmoede~3`.
    const third = await handleCommand(core, 'flyt kvartalsmoede~3 2027-07-07', ctx);
    await handleAction(core, buttons(third).find((b) => b.label === 'Flyt')!, ctx);
    expect(dates('kvartalsmoede').slice(0, 4)).toEqual(['2027-01-05', '2027-04-13', '2027-07-07', '2027-10-05']);
  });

  it('"og følgende" shifts the occurrence and every later one by the same working days', async () => {
    const preview = await handleCommand(core, 'flyt kvartalsmøde 2027-04-06 2027-04-08 og følgende', ctx);
    const confirm = buttons(preview).find((b) => b.label === 'Flyt')!;
    expect(replyText(await handleAction(core, confirm, ctx))).toMatch(/^7 aktiviteter er flyttet/);
    // Tuesday to Thursday, every time; the first, in January, stays.
    expect(dates('kvartalsmoede')).toEqual(['2027-01-05', '2027-04-08', '2027-07-08', '2027-10-07', '2028-01-06', '2028-04-06', '2028-07-06', '2028-10-05']);
    expect(dates('forskning').slice(0, 4)).toEqual(['2027-01-05', '2027-02-02', '2027-03-02', '2027-04-06']);
  });

  it('aflys cancels an occurrence: no reminders, "aflyst" in the group’s plan, the group told; og følgende cancels the rest', async () => {
    expect(occurrence('kvartalsmoede', 2).planKey).toMatch(/^kvartalsmoede@.+~2$/);
    expect(pendingReminders(occurrence('kvartalsmoede', 2).id)).toBe(2);
    expect(replyText(await handleCommand(core, 'aflys kvartalsmøde 2027-04-06', ctx))).toMatch(/^1 gang er aflyst/);
    const cancelled = occurrence('kvartalsmoede', 2);
    expect(cancelled.cancelled).toBe(true);
    expect(pendingReminders(cancelled.id)).toBe(0);
    const plan = replyText(await handleCommand(core, 'plan Koordinationsgruppen', ctx));
    expect(plan).toContain('Kvartalsmøde, hver 3. måned, næste 2027-07-06');
    expect(plan).toMatch(/~tirs\. 6\. apr\. [^~]*~ {2}Kvartalsmøde — \*aflyst\*/);
    const told = core.db.prepare("SELECT payload FROM deliveries WHERE idempotency_key LIKE 'moved:%'").pluck().all() as string[];
    expect(told.some((p) => p.includes('aflyst'))).toBe(true);

    expect(replyText(await handleCommand(core, 'aflys kvartalsmøde 2027-10-05 og følgende', ctx))).toMatch(/^5 gange er aflyst/);
    const left = core.repos.activities.listForProgramme(programme.id).filter((a) => a.stepKey === 'kvartalsmoede' && !a.cancelled).map((a) => a.localDate);
    expect(left).toEqual(['2027-01-05', '2027-07-06']);
  });

  it('a cancelled occurrence cannot be moved or cancelled again, and "og følgende" leaves it where it is', async () => {
    await handleCommand(core, 'aflys kvartalsmøde 2027-07-06', ctx);
    const toldCancelled = () => (core.db.prepare("SELECT payload FROM deliveries WHERE idempotency_key LIKE 'moved:%'").pluck().all() as string[]).filter((p) => p.includes('aflyst')).length;
    const cancelNotices = toldCancelled();
    expect(cancelNotices).toBeGreaterThan(0);
    const before = dbSnapshot(core);
    expect(replyText(await handleCommand(core, 'flyt kvartalsmøde 2027-07-06 2027-07-13', ctx))).toBe('Den gang (tirsdag 6. juli 2027) er aflyst og kan ikke flyttes. Intet er ændret.');
    expect(replyText(await handleCommand(core, 'flyt kvartalsmøde 2027-07-06 2027-07-13', { ...ctx, locale: 'en' }))).toBe('That occurrence (Tuesday 6 July 2027) is cancelled and cannot be moved. Nothing was changed.');
    expect(replyText(await handleCommand(core, 'aflys kvartalsmøde 2027-07-06', ctx))).toBe('Den gang (tirsdag 6. juli 2027) er allerede aflyst. Intet er ændret.');
    expect(dbSnapshot(core)).toBe(before);

    const preview = await handleCommand(core, 'flyt kvartalsmøde 2027-04-06 2027-04-08 og følgende', ctx);
    expect(replyText(preview)).not.toContain('6. juli 2027');
    expect(replyText(await handleAction(core, buttons(preview).find((b) => b.label === 'Flyt')!, ctx))).toMatch(/^6 aktiviteter er flyttet/);
    expect(dates('kvartalsmoede')).toEqual(['2027-01-05', '2027-04-08', '2027-07-06', '2027-10-07', '2028-01-06', '2028-04-06', '2028-07-06', '2028-10-05']);
    expect(occurrence('kvartalsmoede', 3).cancelled).toBe(true);
    expect(pendingReminders(occurrence('kvartalsmoede', 3).id)).toBe(0);
    // The people were told of the cancellation once, and not again by the move.
    expect(toldCancelled()).toBe(cancelNotices);
  });

  it.each([
    ['a series without saying which occurrence', 'flyt kvartalsmøde 2027-04-13', /Aktiviteten gentages: sig hvilken gang/],
    ['a date the series does not have', 'flyt kvartalsmøde 2027-04-07 2027-04-13', /Kvartalsmøde har ingen gang 2027-04-07\. De næste: 2027-07-06/],
    ['"og følgende" on a step that does not repeat', 'flyt opstart 2027-02-10 og følgende', /gælder kun en aktivitet, der gentages/],
    ['cancelling what has passed', 'aflys kvartalsmøde 2027-01-05', /allerede begyndt eller forbi/],
    ['moving an occurrence that was held', 'flyt kvartalsmøde 2027-01-05 2027-04-20', /^Den gang \(tirsdag 5\. januar 2027\) er allerede begyndt eller holdt og kan ikke flyttes\. Intet er ændret\.$/],
    ['moving a held occurrence "og følgende"', 'flyt kvartalsmøde 2027-01-05 2027-02-09 og følgende', /allerede begyndt eller holdt og kan ikke flyttes/],
  ])('refuses %s and changes nothing', async (_what, command, expected) => {
    const before = dbSnapshot(core);
    expect(replyText(await handleCommand(core, command, ctx))).toMatch(expected);
    expect(dbSnapshot(core)).toBe(before);
  });
});

/** The built-in velfærdspartnerskab, whose series' titles are longer than the word a consultant types. */
describe('a series of the built-in velfaerdspartnerskab named as plan shows it', () => {
  it('takes the first words of a title ("kvartalsmøde" for "Kvartalsmøde i koordinationsgruppen"), and refuses words several titles begin with', async () => {
    const clock = new ManualClock('2026-12-01T10:00:00Z');
    const core = createCore({ dbPath: ':memory:', clock, logger: silentLogger(), platforms: [new FakePlatform('slack')] });
    core.programmes.createProgramme({
      platform: 'slack', workspaceId: 'T1', name: 'Velfærd 2027', templateId: 'velfaerdspartnerskab', startDate: '2027-01-04', timezone: 'Europe/Copenhagen', locale: 'da',
      consultant: { userRef: 'U0', displayName: 'Karen' },
    });
    clock.set(new Date('2027-02-01T10:00:00Z'));
    expect(replyText(await handleCommand(core, 'plan', ctx))).toContain('Kvartalsmøde i koordinationsgruppen, hver 3. måned, næste 2027-04-13');
    const preview = await handleCommand(core, 'flyt kvartalsmøde 2027-04-13 2027-04-14', ctx);
    expect(replyText(preview)).toMatch(/Kvartalsmøde i koordinationsgruppen: tirsdag den 13\. april 2027 .* → \*onsdag den 14\. april 2027/);
    expect(replyText(await handleCommand(core, 'cancel quarterly meeting 2027-07-13', { ...ctx, locale: 'en' }))).toMatch(/^1 occurrence cancelled/);
    // "Møde i følgegruppen …" and "Møde i kommunestyregruppen": "møde" alone is neither.
    const before = dbSnapshot(core);
    expect(replyText(await handleCommand(core, 'aflys møde 2027-03-03', ctx))).toMatch(/Jeg kender ikke aktiviteten «møde»/);
    expect(dbSnapshot(core)).toBe(before);
  });
});
