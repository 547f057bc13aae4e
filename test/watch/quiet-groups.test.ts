import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { evaluationFormSchema, PARTNERSHIP_TYPE } from '../../src/domain/template.ts';
import { EvaluationRepository } from '../../src/evaluations/repository.ts';
import { handleCommand } from '../../src/commands/router.ts';
import { consultant, fourPartnerships, ZONE, type World } from '../evaluations/harness.ts';

/** The watch's notices the consultant got, by header ("Stille i Havet"). */
function notices(world: World): string[] {
  return world.fake.messagesIn(consultant.channelRef!).map((m) => m.message.text).filter((t) => /^(Stille i|Energien falder i) /.test(t));
}

/** The programme on its template with a watch after 5 quiet working days, and optionally a blackout. */
async function watched(blackouts: { from: string; to: string; label?: string }[] = []): Promise<World> {
  const world = await fourPartnerships();
  const { core, programme } = world;
  const template = JSON.parse(core.repos.programmes.templateJson(programme.id)!);
  core.repos.programmes.setTemplateJson(programme.id, JSON.stringify({ ...template, quiet: { workingDays: 5 } }));
  core.repos.programmes.updateSettings(programme.id, { ...programme.settings, blackouts });
  // As if the template had had the watch from the start: the setup's first tick found none and looked no further.
  core.db.prepare(`UPDATE group_watch SET check_at = ''`).run();
  return world;
}

function write(world: World, group: string, localTime: string): void {
  world.clock.set(DateTime.fromISO(localTime, { zone: ZONE }).toJSDate());
  const channelRef = world.core.repos.partnerships.findByName(world.programme.id, group)!.channelRef!;
  expect(world.core.activity.noteHumanMessage({ platform: 'slack', workspaceId: 'T1', channelRef })).toBe(true);
}

/** Ticks at 10:30 local on each day from `from` to `to`. */
async function daily(world: World, from: string, to: string): Promise<void> {
  for (let day = DateTime.fromISO(`${from}T10:30`, { zone: ZONE }); day.toISODate()! <= to; day = day.plus({ days: 1 })) {
    world.clock.set(day.toJSDate());
    // A few seconds of ticks: the outbox paces posts to one conversation (the consultant's) apart.
    for (let i = 0; i < 6; i += 1) {
      await world.core.scheduler.tick();
      world.clock.advance(2_000);
    }
  }
}

describe('quiet groups', () => {
  it('tells the consultant once when a group\'s channel has been quiet for the template\'s working days, naming the group and its last activity', async () => {
    const world = await watched();
    for (const group of ['Herregården', 'Kornet', 'Teatret']) write(world, group, '2027-01-25T12:00');
    write(world, 'Havet', '2027-01-11T12:00');
    await daily(world, '2027-01-11', '2027-01-15');
    expect(notices(world).filter((t) => t.includes('Havet'))).toEqual([]);
    // Monday 11 January + 5 working days: Monday 18 January.
    await daily(world, '2027-01-18', '2027-01-22');
    const havet = world.fake.messagesIn(consultant.channelRef!).filter((m) => m.message.text.startsWith('Stille i Havet'));
    expect(havet).toHaveLength(1);
    expect(havet[0]!.message.text).toContain('i 5 arbejdsdage – sidst mandag den 11. januar 2027');
    expect(JSON.stringify(havet[0]!.message.blocks)).toMatch(/Seneste aktivitet: .+, /);
    // Not again while nothing changes...
    await daily(world, '2027-01-23', '2027-01-29');
    expect(notices(world).filter((t) => t.includes('Havet'))).toHaveLength(1);
    // ...but a new message starts a new quiet spell, which is told once more when it runs out.
    write(world, 'Havet', '2027-02-01T09:00');
    await daily(world, '2027-02-01', '2027-02-12');
    expect(notices(world).filter((t) => t.includes('Havet'))).toHaveLength(2);
  });

  it('sends no quiet-group notice while the programme is in a holiday blackout, and one after it', async () => {
    const world = await watched([{ from: '2027-01-18', to: '2027-01-29', label: 'Vinterferie' }]);
    write(world, 'Havet', '2027-01-11T12:00');
    // The bot was down until the middle of the blackout; it runs every day through it.
    await daily(world, '2027-01-20', '2027-01-31');
    expect(notices(world)).toEqual([]);
    // The first working day after the blackout: every quiet group once, Havet among them.
    await daily(world, '2027-02-01', '2027-02-01');
    expect(notices(world).filter((t) => t.startsWith('Stille i Havet'))).toHaveLength(1);
    expect(notices(world)).toHaveLength(4);
    await daily(world, '2027-02-02', '2027-02-05');
    expect(notices(world)).toHaveLength(4);
  });

  it('tells the consultant once when a group\'s energy has fallen at two meetings in a row', async () => {
    const world = await watched();
    const { core, programme } = world;
    const havet = core.repos.partnerships.findByName(programme.id, 'Havet')!;
    const people = core.repos.members.listForPartnership(havet.id);
    const store = new EvaluationRepository(core.db);
    const form = evaluationFormSchema.parse({ questions: [{ key: 'energi', type: 'energy', text: { da: 'Energi?' } }] });
    // Three network meetings, evaluated and closed, each a little more draining: 4,5 → 3,5 → 2,5.
    const meetings = [['m1', '2027-01-12', ['5', '4']], ['m2', '2027-01-19', ['4', '3']], ['m3', '2027-01-26', ['3', '2']]] as const;
    for (const [id, date, values] of meetings) {
      world.clock.set(DateTime.fromISO(`${date}T15:00`, { zone: ZONE }).toJSDate());
      // Everyone keeps writing in the channel: only the energy can be the concern.
      for (const group of ['Havet', 'Herregården', 'Kornet', 'Teatret']) write(world, group, `${date}T15:00`);
      core.db.prepare(`INSERT INTO evaluation_rounds (activity_id, programme_id, partnership_id, step_key, due_at) VALUES (?, ?, ?, 'netvaerk', ?)`)
        .run(id, programme.id, havet.id, world.clock.now().toISOString());
      store.open(id, form, world.clock.now(), new Date(world.clock.now().getTime() + 3_600_000));
      people.forEach((member, i) => {
        store.insertPrompt({ id: `${id}-${i}`, activityId: id, memberId: member.id, partnershipId: havet.id, locale: 'da', askedAt: world.clock.now().toISOString(), nudgeAt: world.clock.now().toISOString() });
        store.saveAnswer({ promptId: `${id}-${i}`, questionKey: 'energi', value: values[i]!, comment: null, via: 'button', answeredAt: world.clock.now().toISOString() });
      });
      store.close(id, world.clock.now());
      await daily(world, date, date);
    }
    await daily(world, '2027-01-27', '2027-01-29');
    const told = notices(world);
    expect(told).toEqual(['Energien falder i Havet: Energien i Havet (Små Partnerskaber 2027) er faldet to møder i træk: 4,5 → 3,5 → 2,5.']);
  });

  it('tells no one of groups gone quiet after the programme\'s last activity: the programme has ended', async () => {
    const world = await watched();
    const { core, programme } = world;
    const last = core.repos.activities.listForProgramme(programme.id).filter((a) => a.audience !== 'consultant').map((a) => a.endsAt).sort().at(-1)!;
    const lastDay = DateTime.fromISO(last, { zone: ZONE }).toISODate()!;
    // Everyone writes on the last day; two weeks later, one group writes again (a thank-you).
    for (const group of ['Havet', 'Herregården', 'Kornet', 'Teatret']) write(world, group, `${lastDay}T12:00`);
    const later = DateTime.fromISO(lastDay).plus({ weeks: 2 }).toISODate()!;
    await daily(world, lastDay, later);
    write(world, 'Havet', `${later}T12:00`);
    await daily(world, later, DateTime.fromISO(lastDay).plus({ weeks: 8 }).toISODate()!);
    expect(notices(world)).toEqual([]);
  });

  it('counts a group added later from when it was added, not from the programme\'s start', async () => {
    const world = await watched();
    for (const group of ['Havet', 'Herregården', 'Kornet', 'Teatret']) write(world, group, '2027-03-01T12:00');
    // Monday 1 March: a fifth partnership joins, months after the start.
    const added = await handleCommand(world.core, 'partnerskab "Fyret" "Fyrmuseet" "Børnehuset Lyset" <@UF1|Frida>=kultur <@UF2|Finn>=dagtilbud', consultant);
    expect(world.core.repos.partnerships.findByName(world.programme.id, 'Fyret'), JSON.stringify(added)).toBeDefined();
    await daily(world, '2027-03-01', '2027-03-05');
    expect(notices(world)).toEqual([]);
    // Five working days after it was added (and after the others last wrote): each is told once.
    await daily(world, '2027-03-08', '2027-03-08');
    expect(notices(world).filter((t) => t.startsWith('Stille i Fyret'))).toEqual(['Stille i Fyret: Ingen har skrevet i kanalen for Fyret (Små Partnerskaber 2027) endnu, 5 arbejdsdage efter start.']);
  });

  it('does not call a group quiet whose type has no channel (kept in direct messages)', async () => {
    const world = await watched();
    const { core, programme } = world;
    const template = JSON.parse(core.repos.programmes.templateJson(programme.id)!);
    core.repos.programmes.setTemplateJson(programme.id, JSON.stringify({ ...template, groupTypes: [{ ...PARTNERSHIP_TYPE, channel: false }] }));
    await daily(world, '2027-01-11', '2027-02-05');
    expect(notices(world)).toEqual([]);
  });

  it('does not watch programmes whose template has no quiet settings, and ignores channels of no group', async () => {
    const world = await fourPartnerships();
    expect(world.core.activity.noteHumanMessage({ platform: 'slack', workspaceId: 'T1', channelRef: 'C-elsewhere' })).toBe(false);
    await daily(world, '2027-01-11', '2027-02-26');
    expect(notices(world)).toEqual([]);
  });
});
