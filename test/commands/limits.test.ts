import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { toSlackMessage } from '../../adapters/slack/blocks.ts';
import { toModal } from '../../adapters/slack/modal.ts';
import { formActivity } from '../../adapters/teams/forms.ts';
import { handleCommand, handleForm } from '../../src/commands/router.ts';
import { PARTNERSHIP_FORM } from '../../src/commands/handlers/partnership.ts';
import { partnershipWelcome } from '../../src/messages/welcome.ts';
import { blocksProblem } from '../fakes/slack/validate.ts';
import { createCore } from '../../src/app.ts';
import { ManualClock } from '../../src/clock.ts';
import { silentLogger } from '../../src/logger.ts';
import { tempDir } from '../outbox/harness.ts';
import { FakePlatform } from '../support/fake-platform.ts';
import { consultantCtx as ctx, dbSnapshot, replyText, testCore, type TestCore } from '../support/core.ts';
import { answersOf, fourPartnerships, endOf, MINUTE, promptOf, tickAt, write } from '../evaluations/harness.ts';

/** How many characters the results filter normalises: the work a `resultater` command causes. */
const normalised = vi.hoisted(() => ({ chars: 0 }));
vi.mock('../../src/commands/resolve.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/commands/resolve.ts')>();
  return {
    ...original,
    normalize: (text: string) => {
      normalised.chars += text.length;
      return original.normalize(text);
    },
  };
});

const english = { ...ctx, locale: 'en' as const };
const emoji = (n: number) => '🐟'.repeat(n);

describe('limits on names and texts, at the command', () => {
  let t: TestCore;
  beforeEach(async () => {
    t = testCore();
    await handleCommand(t.core, 'opret "Små Partnerskaber 2027" 2027-01-04', ctx);
  });

  it.each([
    ['a programme name of 121 characters', `opret "${'a'.repeat(121)}" 2027-01-04`, /^Forløbets navn er for langt \(121\): højst 120 tegn/],
    ['a partnership name of 1,600 emoji', `partnerskab "${emoji(1600)}" "Oceanariet" "Bjørnen" <@U1|anna>=kultur`, /^Partnerskabets navn er for langt: højst 80 tegn/],
    ['a cultural institution of 81 characters', `partnerskab "Havet" "${'k'.repeat(81)}" "Bjørnen"`, /^Kulturinstitutionens navn er for langt \(81\)/],
    ['a daycare of 81 characters', `partnerskab "Havet" "Oceanariet" "${'d'.repeat(81)}"`, /^Daginstitutionens navn er for langt \(81\)/],
    ['a workshop place of 201 characters', `workshop midtvejs 2027-03-08 09:00 ${'s'.repeat(201)}`, /^Stedet er for langt \(201\): højst 200 tegn/],
    ['a command of 2,001 characters', `plan ${'x'.repeat(1996)}`, /^Kommandoen er for lang \(2\.001\): højst 2\.000 tegn/],
  ])('refuses %s in Danish and changes nothing', async (_what, text, expected) => {
    const before = dbSnapshot(t.core);
    expect(replyText(await handleCommand(t.core, text, ctx))).toMatch(expected);
    expect(dbSnapshot(t.core)).toBe(before);
  });

  it('answers in English to an English user', async () => {
    const reply = await handleCommand(t.core, `partnership "${'a'.repeat(81)}" "Oceanarium" "Bear"`, english);
    expect(replyText(reply)).toMatch(/^The partnership's name is too long \(81\): at most 80 characters/);
  });

  it('counts characters as a reader does: 80 emoji with skin tones are a fine name', async () => {
    const reply = await handleCommand(t.core, `partnerskab "${'👍🏽'.repeat(80)}" "Oceanariet" "Bjørnen"`, ctx);
    expect(replyText(reply)).toMatch(/er tilføjet/);
  });

  it('has the forms refuse long names before they are sent (Slack max_length, Teams maxLength)', async () => {
    const reply = await handleCommand(t.core, 'partnerskab', ctx);
    if (reply.type !== 'form') throw new Error('expected the form');
    const modal = JSON.stringify(toModal(reply.form, { channelRef: 'C1', responseUrl: null }, 'da'));
    expect(modal.match(/"max_length":80/g)).toHaveLength(3);
    expect(JSON.stringify(formActivity(reply.form, '')).match(/"maxLength":80/g)).toHaveLength(3);
  });

  it('checks the partnership form the same way', async () => {
    const programme = t.core.repos.programmes.listInWorkspace('slack', 'T1')[0]!;
    const before = dbSnapshot(t.core);
    const reply = await handleForm(t.core, { formId: PARTNERSHIP_FORM, state: programme.id, values: { name: emoji(81), culture: 'O', daycare: 'B' } }, ctx);
    expect(replyText(reply)).toMatch(/^Partnerskabets navn er for langt \(81\)/);
    expect(dbSnapshot(t.core)).toBe(before);
  });

  it('bounds the work of a long results filter: linear in its length, not quadratic', async () => {
    const words = Array.from({ length: 400 }, (_, i) => `ord${i}`).join(' ').slice(0, 1_980);
    normalised.chars = 0;
    const reply = await handleCommand(t.core, `resultater ${words}`, ctx);
    expect(replyText(reply)).toMatch(/Jeg kender hverken et partnerskab eller en evalueret aktivitet/);
    expect(normalised.chars).toBeLessThan(10 * words.length);
  });
});

describe('a slow command on the command thread', () => {
  it("resultater with 4,000 words is refused before any matching; another user's hjælp right after is answered", async () => {
    const { dir, cleanup } = tempDir('tovholder-limits-');
    const core = createCore({ dbPath: join(dir, 'bot.db'), clock: new ManualClock('2026-12-01T10:00:00Z'), logger: silentLogger(), platforms: [new FakePlatform('slack')], commandThread: true });
    try {
      await core.commands.command('opret "Små Partnerskaber 2027" 2027-01-04', ctx);
      const words = Array.from({ length: 4_000 }, (_, i) => `ord${i}`).join(' ');
      const slow = core.commands.command(`resultater ${words}`, ctx);
      const help = core.commands.command('hjælp', { ...ctx, userRef: 'U5', userName: 'Bo' });
      expect(replyText(await slow)).toMatch(/^Kommandoen er for lang: højst 2\.000 tegn/);
      expect(replyText(await help)).toContain('Tovholder – kommandoer');
    } finally {
      core.close();
      cleanup();
    }
  });
});

describe('the Slack rendering backstop', () => {
  it('keeps every section of a welcome within Slack limits, however long the names (stored before the limits)', async () => {
    const t = testCore();
    await handleCommand(t.core, 'opret "P" 2027-01-04', ctx);
    const programme = { ...t.core.repos.programmes.listInWorkspace('slack', 'T1')[0]!, name: emoji(1600) };
    const partnership = { id: 'p', programmeId: programme.id, name: emoji(1600), culturalInstitution: emoji(1600), daycare: emoji(1600), keywords: [], position: 0, channelRef: null, groupType: 'partnership', templateKey: null };
    const template = t.core.templates.get(programme.templateId)!;
    const message = partnershipWelcome({ programme, template, partnership, partnerships: [partnership], members: [], activities: [], locale: 'da' });
    expect(blocksProblem(toSlackMessage(message).blocks, 50)).toBeUndefined();
  });
});

describe('written answers', () => {
  it('refuses an answer over 2,000 characters with a clear message and stores nothing', async () => {
    const w = await fourPartnerships();
    await tickAt(w, new Date(endOf(w, 'nysgerrighed').getTime() + MINUTE));
    const anna = w.people[0]!;
    const reply = replyText(await write(w, anna, `4 - ${'børnene elskede fiskene '.repeat(90)}`));
    expect(reply).toMatch(/^Dit svar er for langt \(2\.\d{3}\): højst 2\.000 tegn/);
    expect(answersOf(w, promptOf(w, anna, 'nysgerrighed'))).toEqual([]);
  });
});
