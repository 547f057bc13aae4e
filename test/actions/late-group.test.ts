/**
 * A network added to a running welfare partnership (issue 14): the series' earlier occurrences are in
 * its plan, but they were never its meetings. Nobody is asked for their actions or their energy; the
 * first meeting after it joined is asked about as any other.
 */
import { expect, it } from 'vitest';
import { createCore } from '../../src/app.ts';
import { ManualClock } from '../../src/clock.ts';
import { handleCommand } from '../../src/commands/router.ts';
import { silentLogger } from '../../src/logger.ts';
import { consultantCtx as ctx } from '../support/core.ts';
import { FakePlatform } from '../support/fake-platform.ts';

it('asks nobody about a network meeting held before the network joined, and asks about the next one', async () => {
  const clock = new ManualClock('2026-12-01T10:00:00Z');
  const core = createCore({ dbPath: ':memory:', clock, logger: silentLogger(), platforms: [new FakePlatform('slack')] });
  await handleCommand(core, 'opret "Velfærd 2027" 2027-01-04 velfaerdspartnerskab', ctx);
  await core.scheduler.tick();
  // Wednesday 19 May 2027, the day after the networks' meeting of Tuesday 18 May.
  clock.set(new Date('2027-05-19T08:30:00Z'));
  await core.scheduler.tick();
  await handleCommand(core, 'gruppe netværk "Netværk Syd"', ctx);
  await handleCommand(core, 'organisation "Netværk Syd" "Børnehuset Sol" <@UD|Dan>=leder <@UE|Eva>=leder', ctx);
  const programme = core.repos.programmes.listInWorkspace('slack', 'T1')[0]!;
  const syd = core.repos.partnerships.findByName(programme.id, 'Netværk Syd')!;
  const meeting = (n: number) => core.repos.activities.listForProgramme(programme.id).find((a) => a.planKey === `netvaerksmoede@${syd.id}~${n}`)!;
  expect([meeting(2).localDate, meeting(3).localDate]).toEqual(['2027-05-18', '2027-08-17']);
  const asked = (activityId: string) => ({
    actions: core.db.prepare("SELECT COUNT(*) FROM deliveries WHERE idempotency_key = ?").pluck().get(`action-ask:${activityId}`),
    energy: core.db.prepare('SELECT COUNT(*) FROM evaluation_prompts WHERE activity_id = ?').pluck().get(activityId),
  });
  for (let hour = 9; hour <= 15; hour += 1) {
    clock.set(new Date(`2027-05-19T${String(hour).padStart(2, '0')}:00:00Z`));
    await core.scheduler.tick();
  }
  expect(asked(meeting(2).id)).toEqual({ actions: 0, energy: 0 });
  // Nor can an action come from it, named or as the leader's latest meeting (nor from January's kick-off).
  const say = async (line: string) => { const r = await handleCommand(core, line, ctx); return r.type === 'message' ? r.message.text : r.fallback.text; };
  expect(await say('handling <@UD|Dan> "Book lokalet" 2027-06-01 netvaerksmoede~2 "Netværk Syd"')).toBe('Netværksmøde · Netværk Syd (tirsdag 18. maj 2027) var før gruppen kom med i forløbet og har ingen handlinger. Intet er gemt.');
  expect(await say('handling <@UD|Dan> "Book lokalet" 2027-06-01')).toMatch(/^Jeg kan ikke finde et holdt møde for Dans gruppe\./);
  expect(core.db.prepare('SELECT COUNT(*) FROM meeting_actions').pluck().get()).toBe(0);
  // Its first own meeting, 17 August: the leader is asked for its actions and both for their energy.
  for (const at of ['2027-08-17T16:00:00Z', '2027-08-18T07:30:00Z', '2027-08-18T08:00:00Z']) {
    clock.set(new Date(at));
    await core.scheduler.tick();
  }
  expect(asked(meeting(3).id)).toEqual({ actions: 1, energy: 2 });
});
