import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src/app.ts';
import { ManualClock } from '../../src/clock.ts';
import { handleCommand } from '../../src/commands/router.ts';
import { silentLogger } from '../../src/logger.ts';
import { consultantCtx, dbSnapshot, replyText } from '../support/core.ts';
import { FakePlatform } from '../support/fake-platform.ts';

let core: Core;
afterEach(() => core.close());

/** A KL consultant running three programmes side by side, all created in the same minute. */
async function threeProgrammes(): Promise<void> {
  core = createCore({ dbPath: ':memory:', clock: new ManualClock('2026-12-01T10:00:00Z'), logger: silentLogger(), platforms: [new FakePlatform('slack')], defaults: { timezone: 'Europe/Copenhagen', locale: 'da' } });
  for (const line of ['opret "Kvalitet i dagtilbud 2027" 2027-01-04 kl-kvalitet-dagtilbud', 'opret "Børnefællesskaber 2027" 2027-01-04 kl-boernefaellesskaber', 'opret "Digital udvikling 2027" 2027-01-04 kl-digital-udvikling']) {
    expect(replyText(await handleCommand(core, line, consultantCtx))).toMatch(/er oprettet/);
  }
}

const say = async (line: string, ctx = consultantCtx) => replyText(await handleCommand(core, line, ctx));

describe('a consultant with several programmes', () => {
  it('works on the one she created last, and picks another with `forløb <navn>`', async () => {
    await threeProgrammes();
    expect(await say('plan')).toContain('Digital udvikling 2027');

    const list = await say('forløb');
    expect(list).toMatch(/Digital udvikling 2027\*: start .* ← dine kommandoer gælder dette/);
    expect(list).not.toMatch(/Kvalitet i dagtilbud 2027\*: start [^\n]*←/);
    expect(list).toContain('forløb <navn>');

    expect(await say('forløb kvalitet')).toBe('Dine kommandoer gælder nu *Kvalitet i dagtilbud 2027* (uden for forløbenes egne kanaler).');
    const plan = await say('plan');
    expect(plan).toContain('Kvalitet i dagtilbud 2027');
    expect(plan).not.toContain('Digital udvikling 2027');
    // A network added now lands in the programme she picked.
    expect(await say('gruppe netværk "Netværk Fyn"')).toContain('Netværk Fyn');
    const kvalitet = core.repos.programmes.listInWorkspace('slack', 'T1').find((p) => p.name === 'Kvalitet i dagtilbud 2027')!;
    expect(core.repos.partnerships.listForProgramme(kvalitet.id).map((g) => g.name)).toEqual(['Netværk Fyn']);
  });

  it('answers a name that fits none, or several, in her language and changes nothing', async () => {
    await threeProgrammes();
    const before = dbSnapshot(core);
    expect(await say('forløb Sundhed')).toBe('Jeg kan ikke finde forløbet «Sundhed». Forløb her: Kvalitet i dagtilbud 2027, Børnefællesskaber 2027, Digital udvikling 2027.');
    expect(await say('forløb 2027')).toBe('«2027» passer på flere forløb: Kvalitet i dagtilbud 2027, Børnefællesskaber 2027, Digital udvikling 2027. Skriv mere af navnet.');
    await say('sprog en');
    const afterLanguage = dbSnapshot(core);
    expect(await say('programmes health')).toBe('I cannot find the programme “health”. Programmes here: Kvalitet i dagtilbud 2027, Børnefællesskaber 2027, Digital udvikling 2027.');
    expect(dbSnapshot(core)).toBe(afterLanguage);
    expect(before).not.toBe(afterLanguage); // only the language changed in between
  });

  it('in a programme’s own channel, commands act on that programme whatever she picked', async () => {
    await threeProgrammes();
    await say('forløb kvalitet');
    const boern = core.repos.programmes.listInWorkspace('slack', 'T1').find((p) => p.name === 'Børnefællesskaber 2027')!;
    await core.scheduler.tick(); // the outbox creates the programmes' channels
    const channel = core.repos.programmes.get(boern.id)!.channelRef;
    expect(channel).toBeTruthy();
    const plan = await say('plan', { ...consultantCtx, channelRef: channel! });
    expect(plan).toContain('Børnefællesskaber 2027');
    expect(plan).not.toContain('Kvalitet i dagtilbud 2027');
  });
});
