/**
 * A cancelled occurrence of an evaluated network meeting is no energy meeting: nobody is asked about
 * it, so no answers can give the watch a point for a meeting that was never held.
 */
import { expect, it } from 'vitest';
import { handleCommand } from '../../src/commands/router.ts';
import { templateSchema } from '../../src/domain/template.ts';
import { energyTrend } from '../../src/evaluations/energy.ts';
import { EvaluationRepository } from '../../src/evaluations/repository.ts';
import { indexAnswers } from '../../src/evaluations/results.ts';
import { consultant, fourPartnerships, local, tickUntil } from '../evaluations/harness.ts';

it('a cancelled occurrence asks no one about its energy and gives no point to the trend', async () => {
  const world = await fourPartnerships();
  const { core, programme } = world;
  const json = JSON.parse(core.repos.programmes.templateJson(programme.id)!);
  // Each partnership meets on the first Tuesday of each month at 14:00, and is asked for its energy after.
  json.steps.push({
    key: 'maanedsmoede', kind: 'meeting', title: { da: 'Månedsmøde', en: 'Monthly meeting' },
    audience: { to: 'each', groupType: 'partnership' }, durationMinutes: 60, startTime: '14:00',
    placement: { from: 'start', weeks: 0 }, repeat: { every: 'month', on: { weekday: 'tuesday', nth: 1 } },
    evaluation: { roles: ['culture_staff', 'daycare_staff'], questions: [{ key: 'energi', type: 'energy', text: { da: 'Kom du fra mødet fyldt af eller drænet for energi?' } }] },
  });
  json.quiet = { workingDays: 20 };
  const template = templateSchema.parse(json);
  core.repos.programmes.setTemplateJson(programme.id, JSON.stringify(template));
  core.transaction(() => core.programmes.replan(programme, template));
  const reply = await handleCommand(core, 'aflys maanedsmoede Havet 2027-03-02', consultant);
  expect(reply.type === 'message' ? reply.message.text : '').toMatch(/^1 gang er aflyst/);

  await tickUntil(world, local('2027-04-07T12:00').toJSDate());
  const store = new EvaluationRepository(core.db);
  const havet = core.repos.partnerships.findByName(programme.id, 'Havet')!;
  const meetings = core.repos.activities.listForProgramme(programme.id).filter((a) => a.stepKey === 'maanedsmoede' && a.partnershipId === havet.id);
  const asked = new Set(store.promptsForProgramme(programme.id).map((p) => p.activityId));
  // February and April were asked about; the cancelled March meeting was not.
  expect(meetings.filter((m) => m.localDate <= '2027-04-06').map((m) => [m.localDate, asked.has(m.id)])).toEqual([
    ['2027-02-02', true],
    ['2027-03-02', false],
    ['2027-04-06', true],
  ]);
  // Whatever is answered, the trend has points for held meetings only.
  const rounds = store.askedRounds(programme.id);
  const data = { rounds, prompts: store.promptsForProgramme(programme.id), answers: indexAnswers(store.answersForProgramme(programme.id)) };
  const cancelled = meetings.find((m) => m.localDate === '2027-03-02')!;
  expect(rounds.some((r) => r.activityId === cancelled.id)).toBe(false);
  expect(energyTrend(data, havet.id).some((p) => p.activityId === cancelled.id)).toBe(false);
});
