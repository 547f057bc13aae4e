import { describe, expect, it } from 'vitest';
import { handleCommand } from '../../src/commands/router.ts';
import { evaluationService } from '../../src/evaluations/context.ts';
import type { RichMessage } from '../../src/messages/model.ts';
import { dbSnapshot, replyText } from '../support/core.ts';
import { consultant, ctxOf, endOf, fourPartnerships, MINUTE, promptOf, tickAt, write, type World } from './harness.ts';

const DAY = 24 * 60 * MINUTE;

async function curiosityClosed(): Promise<World> {
  const w = await fourPartnerships();
  await tickAt(w, new Date(endOf(w, 'nysgerrighed').getTime() + MINUTE));
  const [anna] = w.people;
  await write(w, anna!, '4'); // the free-text question is asked next
  const round = evaluationService(w.core).store.round(promptOf(w, anna!, 'nysgerrighed').activityId)!;
  await tickAt(w, new Date(Date.parse(round.closesAt!) + MINUTE));
  return w;
}

describe('a free-text answer typed after the evaluation closed', () => {
  it('is told the evaluation is closed, also weeks later, and nothing is stored', async () => {
    const w = await curiosityClosed();
    const anna = w.people[0]!;
    w.clock.advance(30 * DAY);
    const before = dbSnapshot(w.core);
    const reply = replyText(await write(w, anna, 'Det var fiskene og lyset'));
    expect(reply).toMatch(/^Evalueringen af Nysgerrighed · Havet er lukket/);
    expect(reply).not.toContain('kender ikke kommandoen');
    expect(dbSnapshot(w.core)).toBe(before);
  });

  it('still lets a mistyped command get its "did you mean"', async () => {
    const w = await curiosityClosed();
    expect(replyText(await write(w, w.people[0]!, 'plann mine'))).toMatch(/Mente du «\/tovholder plan»/);
  });
});

describe('closed question messages', () => {
  it('keep the name of the activity they were about', async () => {
    const w = await curiosityClosed();
    const updates = w.fake.calls
      .filter((c) => c.method === 'updateMessage')
      .map((c) => (c.args as { message: RichMessage }).message.blocks.map((b) => ('text' in b ? b.text : '')).join('\n'));
    expect(updates.length).toBeGreaterThan(4);
    for (const text of updates) expect(text).toMatch(/Evaluering: Nysgerrighed · (Havet|Herregården|Kornet|Teatret)[\s\S]*Evalueringen er lukket/);
  });
});

describe('a partner asking for results or an export', () => {
  it('is told that only the consultant can see the results, in Danish and English, and nothing changes', async () => {
    const w = await fourPartnerships();
    const anna = ctxOf(w.people[0]!);
    const before = dbSnapshot(w.core);
    for (const command of ['resultater', 'eksport']) {
      const reply = replyText(await handleCommand(w.core, command, anna));
      expect(reply).toBe('Kun forløbets konsulent kan se evalueringernes resultater for Små Partnerskaber 2027. Spørg Karin Konsulent.');
    }
    expect(dbSnapshot(w.core)).toBe(before);
    expect(replyText(await handleCommand(w.core, 'resultater', consultant))).not.toMatch(/Kun forløbets konsulent/);
    await handleCommand(w.core, 'sprog en', anna);
    expect(replyText(await handleCommand(w.core, 'results', anna))).toMatch(/^Only the programme’s consultant can see the evaluation results/);
  });
});

describe('the anonymous closing evaluation', () => {
  it('is not asked of the consultant, who reads its results', async () => {
    const w = await fourPartnerships();
    await tickAt(w, new Date(endOf(w, 'afslutningsworkshop').getTime() + MINUTE));
    const round = w.core.db.prepare(`SELECT activity_id FROM evaluation_rounds WHERE step_key = 'afslutningsworkshop'`).pluck().get() as string;
    const asked = evaluationService(w.core).store.promptsForRound(round).map((p) => p.memberId);
    const consultantId = w.core.repos.members.listForProgramme(w.programme.id).find((m) => m.role === 'consultant')!.id;
    expect(asked).toHaveLength(8);
    expect(asked).not.toContain(consultantId);
    const toConsultant = w.fake.sent.filter((m) => m.channelRef === 'D-U0').map((m) => m.message.text).join('\n');
    expect(toConsultant).not.toContain('konsulenten ser dem uden navn');
  });
});
