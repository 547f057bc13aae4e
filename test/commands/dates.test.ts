import { beforeEach, describe, expect, it } from 'vitest';
import { handleAction, handleCommand, handleForm } from '../../src/commands/router.ts';
import type { CommandReply } from '../../src/commands/types.ts';
import { getTemplate } from '../../src/templates/index.ts';
import { consultantCtx as ctx, dbSnapshot, replyText, testCore, type TestCore } from '../support/core.ts';

/** The demo's situation: Friday 4 December 2026, 15:06 in Copenhagen, for a programme starting Monday. */
const FRIDAY_AFTERNOON = '2026-12-04T14:06:00Z';
const PARTNERSHIPS = ['Havet', 'Herregården', 'Kornet', 'Teatret'];

async function demo(t: TestCore): Promise<void> {
  await handleCommand(t.core, 'opret "Små Partnerskaber Hjørring" 2026-12-07', ctx);
  for (const [i, name] of PARTNERSHIPS.entries()) {
    await handleCommand(t.core, `partnerskab "${name}" "Kultur ${i}" "Dag ${i}" <@UK${i}|k${i}>=kultur <@UD${i}|d${i}>=dagtilbud`, ctx);
  }
}

function buttons(reply: CommandReply): { actionId: string; label: string; value: string }[] {
  if (reply.type !== 'message') return [];
  return reply.message.blocks.flatMap((b) => (b.type === 'actions' ? b.buttons : []));
}

function confirmButton(reply: CommandReply) {
  const button = buttons(reply).find((b) => b.label === 'Flyt');
  if (!button) throw new Error(`no Flyt button in: ${replyText(reply)}`);
  return button;
}

/** Every template mustPrecede that the stored plan breaks, as "step@partnership -> target". */
function brokenOrder(t: TestCore): string[] {
  const programme = t.core.repos.programmes.listInWorkspace('slack', 'T1')[0]!;
  const activities = t.core.repos.activities.listForProgramme(programme.id);
  const steps = getTemplate('smaa-partnerskaber')!.steps;
  const broken: string[] = [];
  for (const a of activities) {
    const target = steps.find((s) => s.key === a.stepKey)?.mustPrecede;
    if (!target) continue;
    const before = activities.find((b) => b.stepKey === target && (b.partnershipId === null || b.partnershipId === a.partnershipId))!;
    if (a.startsAt >= before.startsAt) broken.push(`${a.planKey} -> ${target}`);
  }
  return broken;
}

describe('every date change is previewed, valid and in the model order', () => {
  let t: TestCore;
  beforeEach(async () => {
    t = testCore(FRIDAY_AFTERNOON);
    await demo(t);
  });

  it('`workshop midtvejs` shows a preview per partnership, and the confirmed plan keeps every mustPrecede', async () => {
    const before = dbSnapshot(t.core);
    const preview = await handleCommand(t.core, 'workshop midtvejs 2027-03-08 09:00 Kulturhuset', ctx);
    const text = replyText(preview);
    expect(text).toMatch(/^Flyt Midtvejsworkshop\?/);
    expect(text).toMatch(/Midtvejsworkshop: mandag den 8\. februar 2027 kl\. 09\.00 → \*mandag den 8\. marts 2027 kl\. 09\.00\*/);
    for (const name of PARTNERSHIPS) expect(text).toContain(`*${name}*\n• Første udkast`);
    // Afprøvning 2 and what follows it are pulled back before the closing workshop (19 April), not after it.
    expect(text).toMatch(/Afprøvning 2: torsdag den 1\. april 2027 kl\. 09\.30 → \*onsdag den 14\. april 2027 kl\. 09\.30\*/);
    expect(text).toContain('Sted: Kulturhuset');
    // A deadline is a day, as in the plan and the move notice: no made-up hour.
    expect(text).toContain('• Første udkast: mandag den 1. februar 2027 → *mandag den 1. marts 2027*');
    expect(dbSnapshot(t.core)).toBe(before);

    const done = await handleAction(t.core, confirmButton(preview), ctx);
    expect(replyText(done)).toMatch(/er flyttet/);
    expect(brokenOrder(t)).toEqual([]);
    const programme = t.core.repos.programmes.listInWorkspace('slack', 'T1')[0]!;
    const workshop = t.core.repos.activities.listForProgramme(programme.id).find((a) => a.stepKey === 'midtvejsworkshop')!;
    expect([workshop.localDate, workshop.location]).toEqual(['2027-03-08', 'Kulturhuset']);
  });

  it('after the move, each partnership channel is told every date of its own that changed (#11.20)', async () => {
    const preview = await handleCommand(t.core, 'workshop midtvejs 2027-03-08', ctx);
    await handleAction(t.core, confirmButton(preview), ctx);
    const programme = t.core.repos.programmes.listInWorkspace('slack', 'T1')[0]!;
    const havet = t.core.repos.partnerships.listForProgramme(programme.id).find((p) => p.name === 'Havet')!;
    const notices = t.core.repos.deliveries.listForProgramme(programme.id).filter((d) => d.idempotencyKey.startsWith('moved:'));
    const inHavet = notices.filter((d) => d.target.type === 'partnership' && d.target.id === havet.id);
    expect(inHavet).toHaveLength(1);
    const payload = inHavet[0]!.payload as { message: { blocks: { text?: string }[] } };
    const text = payload.message.blocks.map((b) => b.text ?? '').join('\n');
    const titles = ['Midtvejsworkshop', 'Første udkast', 'Justering', 'Afprøvning 1', 'Dialog i partnerskabet', 'Evt. justering', 'Afprøvning 2', 'Dialog med andet partnerskab'];
    for (const title of titles) expect(text).toContain(`• ${title}`);
    expect(text).toMatch(/• Midtvejsworkshop: ~mandag den 8\. februar 2027 kl\. 09\.00~ → \*mandag den 8\. marts 2027 kl\. 09\.00\*/);
    // An exchange day reads from the channel's side, as in its plan (#11.5); its own dates without "(Havet)".
    const plan = replyText(await handleCommand(t.core, 'plan Havet', ctx));
    for (const side of ['Afprøvning 2 – vi får besøg af', 'Afprøvning 2 – vi besøger', 'Dialog med andet partnerskab – vi besøger']) {
      const other = new RegExp(`${side} (\\S+)`).exec(plan)?.[1];
      expect(other, side).toBeTruthy();
      expect(text).toContain(`• ${side} ${other}: ~`);
    }
    expect(text).not.toMatch(/\((Havet|Teatret|Herregården)\)/);
  });

  it('`workshop` with the date and time it already has sets the place at once', async () => {
    const reply = await handleCommand(t.core, 'workshop opstart 2026-12-07 09:00 Kulturhuset', ctx);
    expect(replyText(reply)).toBe('Opstartsworkshop er sat til mandag den 7. december 2026 kl. 09.00 (Kulturhuset).');
    expect(buttons(reply)).toEqual([]);
  });

  it('refuses a move the chain cannot fit, naming the conflict once with its partnerships, with no Flyt button', async () => {
    const before = dbSnapshot(t.core);
    const reply = await handleCommand(t.core, 'workshop midtvejs 2027-04-12', ctx);
    const text = replyText(reply);
    expect(text).toBe(
      'Den flytning kan planen ikke rumme, så intet er ændret:\n' +
        '• Afprøvning 1 kan ikke nå at ligge efter Midtvejsworkshop (mandag 12. april 2027) og før Afslutningsworkshop (mandag 19. april 2027) (Havet, Herregården, Kornet, Teatret).',
    );
    expect(buttons(reply)).toEqual([]);
    expect(dbSnapshot(t.core)).toBe(before);
  });

  it('refuses a hand-set date after the closing workshop with that one conflict, not its consequences', async () => {
    const reply = await handleCommand(t.core, 'flyt afproevning-2 Havet 2027-04-20', ctx);
    expect(replyText(reply)).toBe(
      'Den flytning kan planen ikke rumme, så intet er ændret:\n• Afprøvning 2 (tirsdag 20. april 2027) skal ligge før Afslutningsworkshop (mandag 19. april 2027) (Havet).',
    );
    expect(buttons(reply)).toEqual([]);
  });

  it.each([
    ['a date in the past (#11.2)', 'flyt nysgerrighed Kornet 2026-11-02 10:00', 'mandag 2. november 2026 er allerede gået (i dag er fredag 4. december 2026). Vælg en dato fra i dag og frem. Intet er ændret.'],
    ['today at an hour already gone', 'workshop opstart 2026-12-04 09:00', 'Den flytning kan planen ikke rumme, så intet er ændret:\n• Opstartsworkshop ville komme til at ligge fredag den 4. december 2026 kl. 09.00, som allerede er gået.'],
    ['a public holiday (#11.21)', 'flyt nysgerrighed Kornet 2027-03-29 10:00', 'mandag 29. marts 2027 er ikke en arbejdsdag (Anden påskedag). Nærmeste arbejdsdag: tirsdag 30. marts 2027. Intet er ændret.'],
    ['a Saturday (#12.9)', 'workshop opstart 2027-02-06', 'lørdag 6. februar 2027 er ikke en arbejdsdag (weekend). Nærmeste arbejdsdag: fredag 5. februar 2027. Intet er ændret.'],
    ['a Sunday', 'workshop afslutning 2027-04-18', 'søndag 18. april 2027 er ikke en arbejdsdag (weekend). Nærmeste arbejdsdag: mandag 19. april 2027. Intet er ændret.'],
    ['hour 25 (#12.6)', 'workshop midtvejs 2027-03-08 25:00 Sted', '«25:00» er ikke et klokkeslæt. Skriv fx 09:00.'],
    ['minute 60 (#12.6)', 'workshop midtvejs 2027-03-08 23:60 Sted', '«23:60» er ikke et klokkeslæt. Skriv fx 09:00.'],
    ['the year 9999 (#12.7)', 'workshop midtvejs 9999-12-31', 'fredag 31. december 9999 ligger uden for, hvad jeg kan planlægge: vælg en dato mellem torsdag 7. december 2023 og fredag 7. december 2029. Intet er ændret.'],
    ['a programme in the year 1 (#12.7)', 'opret "Old" 0001-01-01', 'mandag 1. januar 0001 ligger uden for, hvad jeg kan planlægge: vælg en dato mellem torsdag 4. december 2025 og tirsdag 4. december 2029. Intet er ændret.'],
    ['a programme in 9999 (#12.7)', 'opret "X" 9999-12-27', 'mandag 27. december 9999 ligger uden for, hvad jeg kan planlægge: vælg en dato mellem torsdag 4. december 2025 og tirsdag 4. december 2029. Intet er ændret.'],
  ])('refuses %s in Danish and changes nothing', async (_what, command, expected) => {
    const before = dbSnapshot(t.core);
    const reply = await handleCommand(t.core, command, ctx);
    expect(replyText(reply)).toBe(expected);
    expect(buttons(reply)).toEqual([]);
    expect(dbSnapshot(t.core)).toBe(before);
    // Nothing is left broken: a partnership can still be added afterwards.
    expect(replyText(await handleCommand(t.core, 'partnerskab "Skoven" "K" "D"', ctx))).toMatch(/er tilføjet/);
  });

  it('answers in English to an English user', async () => {
    await handleCommand(t.core, 'language en', ctx);
    expect(replyText(await handleCommand(t.core, 'workshop kickoff 2027-02-06', ctx))).toBe(
      'Saturday 6 February 2027 is not a working day (weekend). Nearest working day: Friday 5 February 2027. Nothing was changed.',
    );
  });

  it('a second click on Flyt says the move was already made; an old preview after another change says it is out of date', async () => {
    const first = await handleCommand(t.core, 'flyt nysgerrighed Kornet 2027-01-20 10:00', ctx);
    const stale = await handleCommand(t.core, 'flyt dialog-1 Havet 2027-01-27', ctx);
    expect(replyText(await handleAction(t.core, confirmButton(first), ctx))).toBe('2 aktiviteter er flyttet. Påmindelserne følger med.');
    const before = dbSnapshot(t.core);
    expect(replyText(await handleAction(t.core, confirmButton(first), ctx))).toBe('Den flytning er allerede foretaget; intet er ændret.');
    expect(replyText(await handleAction(t.core, confirmButton(stale), ctx))).toMatch(/^Planen er ændret siden denne forhåndsvisning, så intet er flyttet/);
    expect(dbSnapshot(t.core)).toBe(before);
  });
});

describe('the create form checks its workshop dates as a move would', () => {
  const submit = (t: TestCore, values: Record<string, string>) =>
    handleForm(t.core, { formId: 'programme.create', state: '', values: { name: 'Forår', template: 'smaa-partnerskaber', ...values } }, ctx);

  it.each([
    ['a mid-way workshop after the closing one', { start: '2027-01-04', midway: '2027-05-24' }, 'Workshopdatoerne kan planen ikke rumme, så forløbet er ikke oprettet:\n• Justering kan ikke nå at ligge efter Midtvejsworkshop (mandag 24. maj 2027) og før Afslutningsworkshop (tirsdag 18. maj 2027).\n• Afprøvning 1 kan ikke nå at ligge efter Midtvejsworkshop (mandag 24. maj 2027) og før Afslutningsworkshop (tirsdag 18. maj 2027).'],
    ['a Saturday', { start: '2027-01-04', closing: '2027-05-15' }, 'lørdag 15. maj 2027 er ikke en arbejdsdag (weekend). Nærmeste arbejdsdag: fredag 14. maj 2027. Intet er ændret.'],
    ['a start in the year 1', { start: '0001-01-01' }, 'mandag 1. januar 0001 ligger uden for, hvad jeg kan planlægge: vælg en dato mellem mandag 1. december 2025 og lørdag 1. december 2029. Intet er ændret.'],
  ])('refuses %s and creates nothing', async (_what, values, expected) => {
    const t = testCore();
    const before = dbSnapshot(t.core);
    expect(replyText(await submit(t, values))).toBe(expected);
    expect(dbSnapshot(t.core)).toBe(before);
  });

  it('creates the programme with valid workshop dates', async () => {
    const t = testCore();
    expect(replyText(await submit(t, { start: '2027-01-04', midway: '2027-03-15' }))).toMatch(/Forløbet \*Forår\* er oprettet/);
  });
});
