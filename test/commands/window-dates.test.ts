import { describe, expect, it } from 'vitest';
import { handleAction, handleCommand } from '../../src/commands/router.ts';
import type { CommandReply } from '../../src/commands/types.ts';
import { consultantCtx as ctx, replyText, testCore } from '../support/core.ts';

const en = { ...ctx, locale: 'en' as const };

function buttons(reply: CommandReply): { actionId: string; label: string; value: string }[] {
  if (reply.type !== 'message') return [];
  return reply.message.blocks.flatMap((b) => (b.type === 'actions' ? b.buttons : []));
}

/** Kvalitet i dagtilbud (004) as a consultant sets it up: one network of three municipalities. */
async function kvalitet() {
  const t = testCore('2027-06-01T08:00:00Z');
  const say = async (text: string, as = ctx) => replyText(await handleCommand(t.core, text, as));
  await say('opret "Kvalitet Nord" 2027-06-14 kl-kvalitet-dagtilbud');
  await say('gruppe netværk "Netværk Nord"');
  for (const [i, name] of ['Aalborg Kommune', 'Hjørring Kommune', 'Thisted Kommune'].entries()) await say(`organisation "Netværk Nord" "${name}" <@U${i + 5}|p${i}>=dagtilbudschef`);
  const programme = t.core.repos.programmes.listInWorkspace('slack', 'T1')[0]!;
  const nord = t.core.repos.partnerships.findByName(programme.id, 'Netværk Nord')!;
  const activity = (key: string) => t.core.repos.activities.listForProgramme(programme.id).find((a) => a.planKey === key)!;
  return { ...t, say, programme, nord, activity };
}

describe('setting the date of a window step with flyt', () => {
  it('takes the very date the date prompt suggests (the window’s first working day), and the preview says the date was missing', async () => {
    const w = await kvalitet();
    const key = `temamoede-1@${w.nord.id}`;
    expect(w.activity(key)).toMatchObject({ undated: true, localDate: '2027-10-01' });
    const preview = await handleCommand(w.core, 'flyt temamoede-1 "Netværk Nord" 2027-10-01', ctx);
    expect(replyText(preview)).toContain('• Temamøde 1: 4. kvartal 2027 — dato mangler → *fredag den 1. oktober 2027 kl. 09.00*');
    expect(replyText(await handleCommand(w.core, 'move temamoede-1 "Netværk Nord" 2027-10-01', en))).toContain('• Theme meeting 1: Q4 2027 — date missing → *');
    const confirm = buttons(preview).find((b) => b.label === 'Flyt')!;
    await handleAction(w.core, { actionId: confirm.actionId, value: confirm.value }, ctx);
    expect(w.activity(key)).toMatchObject({ undated: false, pinned: true, localDate: '2027-10-01' });
  });

  it('tells the network its new date without a struck-out date it never had', async () => {
    const w = await kvalitet();
    const preview = await handleCommand(w.core, 'flyt temamoede-1 "Netværk Nord" 2027-11-09', ctx);
    expect(replyText(preview)).toContain('• Temamøde 1: 4. kvartal 2027 — dato mangler → *tirsdag den 9. november 2027 kl. 09.00*');
    const confirm = buttons(preview).find((b) => b.label === 'Flyt')!;
    await handleAction(w.core, { actionId: confirm.actionId, value: confirm.value }, ctx);
    const notices = w.core.repos.deliveries.listForProgramme(w.programme.id).filter((d) => d.idempotencyKey.startsWith('moved:'));
    expect(notices.map((d) => d.target)).toContainEqual({ type: 'partnership', id: w.nord.id });
    const text = JSON.stringify(notices.map((d) => d.payload));
    expect(text).toContain('Temamøde 1');
    expect(text).not.toContain('~');
  });
});

describe('a start that would leave the template’s fixed dates behind', () => {
  it('is refused at opret, naming the date and the latest start that keeps them, in Danish and English; nothing is created', async () => {
    const t = testCore('2026-12-01T10:00:00Z');
    const da = replyText(await handleCommand(t.core, 'opret "Kvalitet" 2026-12-07 kl-kvalitet-dagtilbud', ctx));
    expect(da).toBe('Med start mandag 7. december 2026 ville «Kommunalbestyrelsen har tiltrådt partnerskabsaftalen» (tirsdag 16. juni 2026) ligge før forløbet begynder: skabelonens faste datoer og perioder regnes fra startåret. Vælg en start senest onsdag 16. juni 2027. Intet er ændret.');
    const english = replyText(await handleCommand(t.core, 'create "Digital" 2026-12-07 kl-digital-udvikling', en));
    expect(english).toContain('“Kick-off workshop, the staff track” (autumn 2026) would fall before the programme begins');
    expect(t.core.repos.programmes.listInWorkspace('slack', 'T1')).toEqual([]);
    expect(replyText(await handleCommand(t.core, 'opret "Kvalitet" 2027-01-04 kl-kvalitet-dagtilbud', ctx))).toContain('er oprettet');
  });
});
