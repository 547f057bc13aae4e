import { describe, expect, it } from 'vitest';
import { handleCommand } from '../../src/commands/router.ts';
import type { RichMessage } from '../../src/messages/model.ts';
import { consultant, fourPartnerships, tickAt, type World } from '../evaluations/harness.ts';

function readable(message: RichMessage): string {
  return message.blocks.map((b) => ('text' in b ? b.text : '')).join('\n');
}

function partnership(w: World, name: string) {
  return w.core.repos.partnerships.listForProgramme(w.programme.id).find((p) => p.name === name)!;
}

function sentTo(w: World, name: string): string[] {
  return w.fake.sent.filter((m) => m.channelRef === partnership(w, name).channelRef).map((m) => readable(m.message));
}

/**
 * Exchange days pair each partnership with the next (round robin by position), so every partnership
 * added changes whom the earlier ones host and visit (#11 point 5 across partnerships added one by one).
 */
describe('exchange partners when partnerships are added one by one', () => {
  it('every welcome names the final partners when the partnerships are added before the welcomes go out (the demo)', async () => {
    const w = await fourPartnerships();
    const welcome = (name: string) => sentTo(w, name).find((t) => t.includes(`Velkommen til partnerskabet ${name}`))!;
    // Havet was added alone (no partner yet), Herregården when Havet was its only neighbour.
    expect(welcome('Havet')).toContain('Afprøvning 2 – vi får besøg af Herregården');
    expect(welcome('Havet')).toContain('Afprøvning 2 – vi besøger Teatret');
    expect(welcome('Herregården')).toContain('Afprøvning 2 – vi får besøg af Kornet');
    expect(welcome('Herregården')).toContain('Afprøvning 2 – vi besøger Havet');
    expect(welcome('Kornet')).toContain('Dialog med andet partnerskab – vi får besøg af Teatret');
    const havetMember = w.fake.sent.find((m) => m.channelRef === 'D-UC1' && m.idempotencyKey.startsWith('welcome:member:'))!;
    expect(readable(havetMember.message)).toContain('Afprøvning 2 – vi besøger Teatret');
    expect(w.fake.sent.filter((m) => /Nye partnere/.test(m.message.text))).toEqual([]);
  });

  it('a channel already welcomed is told its new partners when a partnership joins, and only the channels whose partners changed', async () => {
    const w = await fourPartnerships();
    await handleCommand(w.core, 'partnerskab "Skoven" "Skovmuseet" "Børnehuset Egern" <@UC5|Ida>=kultur <@UD5|Jon>=dagtilbud', consultant);
    for (let i = 0; i < 8; i += 1) await tickAt(w, new Date(w.clock.now().getTime() + 5_000));
    const notices = (name: string) => sentTo(w, name).filter((t) => t.includes('Nye partnere på udvekslingsdagene'));
    expect(notices('Havet')).toHaveLength(1);
    expect(notices('Havet')[0]).toContain('Afprøvning 2 – vi besøger Skoven');
    expect(notices('Havet')[0]).toContain('Afprøvning 2 – vi får besøg af Herregården');
    expect(notices('Teatret')).toHaveLength(1);
    expect(notices('Teatret')[0]).toContain('Dialog med andet partnerskab – vi får besøg af Skoven');
    expect([...notices('Herregården'), ...notices('Kornet')]).toEqual([]);
    const skoven = sentTo(w, 'Skoven').find((t) => t.includes('Velkommen til partnerskabet Skoven'))!;
    expect(skoven).toContain('Afprøvning 2 – vi besøger Teatret');
    expect(skoven).toContain('Afprøvning 2 – vi får besøg af Havet');
  });

  it('a welcome names the next activity, not the kick-off already held; an exchange day as both its sides, at the hosts\' places', async () => {
    const w = await fourPartnerships(); // created the day after the kick-off workshop
    const havet = sentTo(w, 'Havet').find((t) => t.includes('Velkommen til partnerskabet Havet'))!;
    expect(havet).not.toContain('*Første aktivitet:* Opstartsworkshop');
    expect(havet).toMatch(/\*Første aktivitet:\* Nysgerrighed, \S+ den .* kl\. \d\d\.\d\d, Nordsøen Oceanarium\n/);

    // Skoven joins after the first adjustment deadline: its first activity is the exchange day.
    const deadline = w.core.repos.activities.listForProgramme(w.programme.id).find((a) => a.stepKey === 'evt-justering-1')!;
    w.clock.set(new Date(Date.parse(deadline.startsAt) + 3600_000));
    await handleCommand(w.core, 'partnerskab "Skoven" "Skovmuseet" "Børnehuset Egern" <@UC5|Ida>=kultur <@UD5|Jon>=dagtilbud', consultant);
    for (let i = 0; i < 8; i += 1) await tickAt(w, new Date(w.clock.now().getTime() + 5_000));
    const skoven = sentTo(w, 'Skoven').find((t) => t.includes('Velkommen til partnerskabet Skoven'))!;
    const first = /\*Første aktivitet:\*\n((?:• .*\n?)+)/.exec(skoven)?.[1]?.trim().split('\n');
    expect(first).toHaveLength(2);
    expect(first).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^• Afprøvning 2 – vi får besøg af Havet, .* kl\. 09\.30, Skovmuseet$/),
        expect.stringMatching(/^• Afprøvning 2 – vi besøger Teatret, .* kl\. 09\.30, Vendsyssel Teater$/),
      ]),
    );
  });
});
