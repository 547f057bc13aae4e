import { describe, expect, it } from 'vitest';
import { handleCommand } from '../../src/commands/router.ts';
import { templateSchema } from '../../src/domain/template.ts';
import { evaluationService } from '../../src/evaluations/context.ts';
import { consultant, ctxOf, fourPartnerships, local, promptOf, tickUntil, type World } from '../evaluations/harness.ts';

/** The programme with a status report each partnership's culture staff owe, asked 4 Feb 2027 at 12:00, due 3 working days later. */
async function withReports(owner: object = { role: 'culture_staff' }): Promise<World> {
  const world = await fourPartnerships();
  const { core, programme } = world;
  const json = JSON.parse(core.repos.programmes.templateJson(programme.id)!);
  json.steps.push({
    key: 'statusrapport', kind: 'deadline', title: { da: 'Statusrapport', en: 'Status report' },
    audience: { to: 'each', groupType: 'partnership', roles: ['culture_staff'], direct: true },
    placement: { on: '02-04' }, startTime: '12:00',
    report: { owner, questions: [{ key: 'status', type: 'text', text: { da: 'Hvordan går det i partnerskabet?' } }], dueWorkingDays: 3 },
  });
  const template = templateSchema.parse(json);
  core.repos.programmes.setTemplateJson(programme.id, JSON.stringify(template));
  core.transaction(() => core.programmes.replan(programme, template));
  return world;
}

async function statusText(world: World, ctx = consultant): Promise<string> {
  const reply = await handleCommand(world.core, 'status', ctx);
  if (reply.type !== 'message') throw new Error(JSON.stringify(reply));
  return reply.message.blocks.map((b) => ('text' in b ? b.text : '')).join('\n');
}

describe('status reports', () => {
  it('asks the owner by direct message, lists the reports per period in status, and shows the consultant who is late', async () => {
    const world = await withReports();
    await tickUntil(world, local('2027-02-04T13:00').toJSDate());
    const [anna, bo, cille] = world.people;
    // Asked of the owners (the culture staff), not of the others.
    expect(world.fake.messagesIn(`D-${anna!.userRef}`).map((m) => m.message.text)).toContain('Statusrapport: Statusrapport · Havet: Hvordan går det i partnerskabet?');
    expect(world.fake.messagesIn(`D-${bo!.userRef}`).some((m) => m.message.text.includes('Statusrapport'))).toBe(false);
    evaluationService(world.core).record({ prompt: promptOf(world, anna!, 'statusrapport'), questionKey: 'status', value: 'Vi er godt i gang', comment: null, via: 'direct' }, 'da');
    const before = await statusText(world);
    expect(before).toContain('*Statusrapporter*');
    expect(before).toContain('• Statusrapport · Havet, torsdag den 4. februar 2027: Anna – sendt torsdag den 4. februar 2027');
    expect(before).toContain(`• Statusrapport · Herregården, torsdag den 4. februar 2027: ${cille!.name} – venter, frist tirsdag den 9. februar 2027`);
    expect(before).not.toContain('Forsinket');
    // Past the deadline: the three without a report are late, and the consultant is told who.
    await tickUntil(world, local('2027-02-09T11:00').toJSDate());
    const after = await statusText(world);
    expect(after).toContain('Forsinket: Cille, Eva, Gitte');
    expect(after).toContain('Cille – *forsinket* (frist tirsdag den 9. februar 2027)');
    expect(after).toContain('Anna – sendt');
    // The one reminder falls on the deadline, to those who have not sent theirs.
    const reminded = (p: typeof anna) => world.fake.messagesIn(`D-${p!.userRef}`).some((m) => JSON.stringify(m.message.blocks).includes('Fristen for din statusrapport'));
    expect([reminded(anna), reminded(cille)]).toEqual([false, true]);
  });

  it('shows a partner only their own reports: who is late is the consultant\'s to see', async () => {
    const world = await withReports();
    await tickUntil(world, local('2027-02-09T11:00').toJSDate());
    const cille = world.people[2];
    const own = await statusText(world, ctxOf(cille!));
    expect(own).toContain('Cille – *forsinket* (frist tirsdag den 9. februar 2027)');
    expect(own).not.toContain('Eva');
    expect(own).not.toContain('Anna');
    expect(own).toContain('Forsinket: Cille');
    expect(own).not.toContain('Forsinket: Cille, Eva');
    // Someone who owes no report sees no report section at all.
    expect(await statusText(world, ctxOf(world.people[1]!))).not.toContain('Statusrapporter');
    expect(await statusText(world)).toContain('Forsinket: Anna, Cille, Eva, Gitte');
  });

  it('asks only the named member when the owner is a member', async () => {
    const world = await withReports({ member: '@Cille' });
    await tickUntil(world, local('2027-02-04T13:00').toJSDate());
    const asked = world.people.filter((p) => world.fake.messagesIn(`D-${p.userRef}`).some((m) => m.message.text.includes('Statusrapport')));
    expect(asked.map((p) => p.name)).toEqual(['Cille']);
  });
});

describe('a report in a template', () => {
  it('is refused on a step that also has an evaluation, by step and field', async () => {
    const world = await fourPartnerships();
    const json = JSON.parse(world.core.repos.programmes.templateJson(world.programme.id)!);
    const evaluated = json.steps.findIndex((s: { evaluation?: unknown }) => s.evaluation);
    json.steps[evaluated].report = { owner: { role: 'culture_staff' }, questions: [{ key: 'status', type: 'text', text: { da: 'Status?' } }] };
    const result = templateSchema.safeParse(json);
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.path.join('.'))).toEqual([`steps.${evaluated}.report`]);
  });
});
