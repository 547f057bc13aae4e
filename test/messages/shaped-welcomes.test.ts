import { describe, expect, it } from 'vitest';
import { handleCommand } from '../../src/commands/router.ts';
import type { RichMessage } from '../../src/messages/model.ts';
import { consultantCtx as ctx, testCore } from '../support/core.ts';

/** Kvalitet i dagtilbud (004) as a consultant sets it up, and the welcomes it queues, as people read them. */
async function kvalitet() {
  const t = testCore('2027-06-01T08:00:00Z');
  const say = (text: string) => handleCommand(t.core, text, ctx);
  await say('opret "Kvalitet Nord" 2027-06-14 kl-kvalitet-dagtilbud');
  await say('gruppe netværk "Netværk Nord"');
  for (const [i, name] of ['Aalborg Kommune', 'Hjørring Kommune', 'Thisted Kommune'].entries()) await say(`organisation "Netværk Nord" "${name}" <@U${i + 5}|p${i}>=dagtilbudschef`);
  const programme = t.core.repos.programmes.listInWorkspace('slack', 'T1')[0]!;
  const welcome = (key: string) => {
    const delivery = t.core.repos.deliveries.listForProgramme(programme.id).find((d) => d.idempotencyKey === key);
    const message = (delivery?.payload as { message: RichMessage }).message;
    return message.blocks.map((b) => ('text' in b ? b.text : '')).join('\n');
  };
  return { ...t, programme, welcome };
}

describe('welcomes of a programme of networks (004)', () => {
  it('the shared channel lists the seminars for all networks, a window seminar as “dato mangler”, not the deadline told to the heads directly', async () => {
    const w = await kvalitet();
    const text = w.welcome(`welcome:programme:${w.programme.id}`);
    expect(text).toContain('*Jeres forløb*\n• man. 20. sep. 10.00: Fælles opstartsseminar med politisk deltagelse');
    expect(text).toContain('• 4. kvartal 2028 — dato mangler: Fælles midtvejsseminar med politisk deltagelse');
    expect(text).toContain('• 3. kvartal 2029 — dato mangler: Fælles afslutningskonference med politisk deltagelse');
    expect(text).toContain('*Første aktivitet:* Fælles opstartsseminar med politisk deltagelse');
    expect(text).not.toContain('Kommunalbestyrelsen har tiltrådt');
  });

  it('a member’s welcome says who visits whom, so a municipality’s two visits are not the same line twice', async () => {
    const w = await kvalitet();
    const thisted = w.core.repos.members.listForProgramme(w.programme.id).find((m) => m.userRef === 'U7')!;
    const text = w.welcome(`welcome:member:${thisted.id}`);
    const visits = text.split('\n').filter((line) => line.includes('Gensidige kommunebesøg'));
    expect(visits.length).toBeGreaterThanOrEqual(2);
    expect(visits.every((line) => / – \S+ Kommune besøger \S+ Kommune/.test(line))).toBe(true);
    expect(visits.some((line) => line.includes('Thisted Kommune besøger'))).toBe(true);
    expect(visits.some((line) => line.includes('besøger Thisted Kommune'))).toBe(true);
  });
});
