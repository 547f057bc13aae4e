import { describe, expect, it } from 'vitest';
import { handleCommand } from '../../src/commands/router.ts';
import type { RichMessage } from '../../src/messages/model.ts';
import { consultantCtx as ctx, replyText, testCore, type TestCore } from '../support/core.ts';

function text(message: RichMessage): string {
  return message.blocks.map((b) => ('text' in b ? b.text : '') + ('fields' in b && b.fields ? b.fields.map((f) => ` ${f.label}: ${f.value}`).join('') : '')).join('\n');
}

/** Passes a minute apart until `until`, so every due reminder and paced post goes out. */
async function playUntil(t: TestCore, until: string): Promise<void> {
  while (t.clock.now().toISOString() < until) {
    await t.core.scheduler.tick();
    t.clock.advance(30 * 60_000);
  }
}

describe('joint workshops with no place (#11.10)', () => {
  it('the consultant is asked for the place at creation and when the reminders start, with the command to type', async () => {
    const t = testCore('2026-12-01T10:00:00Z');
    const created = replyText(await handleCommand(t.core, 'opret "Små Partnerskaber 2027" 2027-01-04', ctx));
    expect(created).toContain(
      'Hvor skal workshopperne holdes? Opstartsworkshop, Midtvejsworkshop, Afslutningsworkshop har intet sted endnu. Skriv stedet, fx «/tovholder workshop opstart 2027-01-04 09:00 Sted».',
    );
    // The mid-way workshop gets a place; the kick-off does not.
    expect(replyText(await handleCommand(t.core, 'workshop midtvejs 2027-03-08 09:00 Kulturhuset', ctx))).toMatch(/er sat til/);

    await playUntil(t, '2026-12-29T12:00:00Z'); // past the kick-off's first reminder (Monday 28 December)
    const dm = t.platform.sent.filter((m) => m.channelRef === 'D-U0').map((m) => text(m.message));
    const prompts = dm.filter((m) => m.includes('har intet sted endnu'));
    expect(prompts).toEqual([
      '*Opstartsworkshop* (mandag den 4. januar 2027 kl. 09.00) i Små Partnerskaber 2027 har intet sted endnu, og deltagerne får nu påmindelser om den. Skriv stedet: «/tovholder workshop opstart 2027-01-04 09:00 Sted».',
    ]);
    const programme = t.core.repos.programmes.listInWorkspace('slack', 'T1')[0]!;
    const shared = t.core.repos.programmes.get(programme.id)!.channelRef!;
    const reminder = t.platform.sent.find((m) => m.channelRef === shared && /Påmindelse/.test(text(m.message)))!;
    expect(text(reminder.message)).toContain('Hvor: Konsulenten oplyser stedet');
  });
});
