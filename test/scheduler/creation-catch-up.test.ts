import { describe, expect, it } from 'vitest';
import { createCore } from '../../src/app.ts';
import { ManualClock } from '../../src/clock.ts';
import { handleCommand } from '../../src/commands/router.ts';
import { FakePlatform } from '../support/fake-platform.ts';
import { silentLogger } from '../../src/logger.ts';
import { consultantCtx as ctx, replyText, testCore } from '../support/core.ts';

/** The demo's situation: created on Friday 4 December 2026 at 15:06 in Copenhagen for Monday 09:00. */
const FRIDAY_AFTERNOON = '2026-12-04T14:06:00Z';

function sentText(message: { blocks: { type: string; text?: string; fields?: { label: string; value: string }[] }[] }): string {
  return message.blocks.map((b) => (b.text ?? '') + (b.fields ?? []).map((f) => ` ${f.label}: ${f.value}`).join('')).join('\n');
}

describe('a programme created after the lead time of its first reminders (#11.4)', () => {
  it('reminds of Monday\'s kick-off at once, counts it as sent, and the welcome names the first activity', async () => {
    const t = testCore(FRIDAY_AFTERNOON);
    await handleCommand(t.core, 'opret "Små Partnerskaber Hjørring" 2026-12-07', ctx);
    await handleCommand(t.core, 'partnerskab "Havet" "Nordsøen Oceanarium" "Børnehaven Bjørnen" <@U1|anna>=kultur <@U2|bo>=dagtilbud', ctx);
    // A few passes a minute apart, so the outbox's per-channel pacing lets every post through.
    for (let i = 0; i < 3; i++) {
      await t.core.scheduler.tick();
      t.clock.advance(60_000);
    }

    const programme = t.core.repos.programmes.listInWorkspace('slack', 'T1')[0]!;
    const shared = t.core.repos.programmes.get(programme.id)!.channelRef!;
    const inShared = t.platform.sent.filter((m) => m.channelRef === shared).map((m) => sentText(m.message));
    const reminders = inShared.filter((text) => /Opstartsworkshop/.test(text) && !/Velkommen/.test(text));
    expect(reminders).toHaveLength(1);
    expect(reminders[0]).toMatch(/mandag den 7\. december 2026 kl\. 09\.00/);

    const status = replyText(await handleCommand(t.core, 'status', ctx));
    expect(status).toMatch(/Påmindelser sendt: 1, venter: \d+, ikke sendt i tide: 0/);

    const welcome = inShared.find((text) => /Velkommen til Små Partnerskaber Hjørring/.test(text))!;
    expect(welcome).toContain('*Første aktivitet:* Opstartsworkshop, mandag den 7. december 2026 kl. 09.00, stedet er ikke sat endnu');
    const memberWelcome = t.platform.sent.find((m) => m.channelRef === 'D-U1' && /Velkommen/.test(sentText(m.message)))!;
    expect(sentText(memberWelcome.message)).toContain('*Første aktivitet:* Opstartsworkshop, mandag den 7. december 2026 kl. 09.00');
  });

  it('keeps the kick-off reminder on a running clock, where time passes between planning and storing', async () => {
    // Like the system clock: every reading is a little later than the one before.
    const clock = new (class extends ManualClock {
      override now(): Date {
        this.advance(1);
        return super.now();
      }
    })(FRIDAY_AFTERNOON);
    const core = createCore({ dbPath: ':memory:', clock, logger: silentLogger(), platforms: [new FakePlatform('slack')] });
    await handleCommand(core, 'opret "Små Partnerskaber Hjørring" 2026-12-07', ctx);
    const programme = core.repos.programmes.listInWorkspace('slack', 'T1')[0]!;
    const kickoff = core.repos.activities.listForProgramme(programme.id).find((a) => a.stepKey === 'opstartsworkshop')!;
    const pending = core.db.prepare("SELECT due_at FROM reminders WHERE activity_id = ? AND status = 'pending'").all(kickoff.id);
    expect(pending).toHaveLength(1);
  });

  it('waits for the next working hour when created at night, if that is still before the activity', async () => {
    const t = testCore('2026-12-02T21:30:00Z'); // Wednesday 22:30 local, for a kick-off on Monday the 7th
    await handleCommand(t.core, 'opret "Sent" 2026-12-07', ctx);
    const programme = t.core.repos.programmes.listInWorkspace('slack', 'T1')[0]!;
    const kickoff = t.core.repos.activities.listForProgramme(programme.id).find((a) => a.stepKey === 'opstartsworkshop')!;
    const due = t.core.db.prepare("SELECT due_at FROM reminders WHERE activity_id = ? AND status = 'pending' ORDER BY due_at").all(kickoff.id) as { due_at: string }[];
    // The 5-day reminder (Monday 30 November) has passed: it goes out Thursday 08:00, before Friday's 1-day one.
    expect(due.map((r) => r.due_at)).toEqual(['2026-12-03T07:00:00.000Z', '2026-12-04T08:00:00.000Z']);
  });

  it('status straight after creation holds nothing as held, and says what it counts (#11.11)', async () => {
    const t = testCore(FRIDAY_AFTERNOON);
    await handleCommand(t.core, 'opret "Små Partnerskaber Hjørring" 2026-12-07', ctx);
    await handleCommand(t.core, 'partnerskab "Havet" "Nordsøen Oceanarium" "Børnehaven Bjørnen" <@U1|anna>=kultur', ctx);
    const status = replyText(await handleCommand(t.core, 'status', ctx));
    expect(status).toContain('Aktiviteter afholdt: 0\n');
    expect(status).toMatch(/Aktiviteter senere: \d+ \(workshops, besøg, dialoger og frister; hvert partnerskabs talt for sig\)/);
    expect(status).toContain('Konsulentens egne opgaver (planlægning, præsentationer, afrapportering): 4 med dato før i dag, 6 kommende');
  });
});
