/**
 * The shared end-to-end contract (test/e2e/contract/scenario.ts) run through Slack: the real adapter
 * (Bolt over HTTP) against the fake Slack, set up by signed slash commands, then the whole five-month
 * timeline played by a manual clock. The Teams test runs the same scenario and checks, so both
 * adapters are held to one definition of "every reminder once, at 09:00 local, in its conversation".
 * (test/e2e/slack.e2e.test.ts plays the same programme with child processes and the CLI tick.)
 */
import { DateTime } from 'luxon';
import { afterAll, describe, expect, it } from 'vitest';
import { CONSULTANT, TEAM } from '../support/slack-harness.ts';
import { SlackEvaluationWorld } from '../support/slack-evaluations.ts';
import { checkReminders, PARTNERSHIPS, playTimeline, PROGRAMME, ZONE, type ContractDriver } from './contract/scenario.ts';

/** Seven weeks before the programme starts: no reminder is due while it is set up. */
const SET_UP_AT = '2026-11-16T08:00:00Z';

/** The contract's view of Slack: messages the bot posted, found by their `ts` (the delivery's result). */
function slackDriver(world: SlackEvaluationWorld): ContractDriver {
  const botMessages = () => [...world.fake.state.team(TEAM).messages.values()].flat().filter((m) => m.user === 'U0TOVBOT');
  return {
    core: world.core,
    async tick(at) {
      world.clock.set(at);
      await world.core.scheduler.tick();
    },
    postCount: () => botMessages().length,
    conversationOf(resultRef) {
      const found = botMessages().filter((m) => m.ts === resultRef);
      return found.length === 1 ? found[0]!.channel : null;
    },
    // A Slack channel ref, and a member's direct conversation ref, is the conversation's id.
    conversationFor: (channelRef) => channelRef,
  };
}

describe('Slack runs the shared end-to-end contract', () => {
  let world: SlackEvaluationWorld | null = null;
  afterAll(async () => {
    await world?.bot.close();
  });

  it('sets up by slash commands, then every reminder goes out once, at 09:00 local, in the right conversation', async () => {
    world = await SlackEvaluationWorld.start(SET_UP_AT);
    expect(await world.command(`opret "${PROGRAMME.name}" ${PROGRAMME.start}`, CONSULTANT, 'D0KAREN')).toContain('er oprettet');
    for (const [i, p] of PARTNERSHIPS.entries()) {
      const n = i + 1;
      const answer = await world.command(`partnerskab "${p.name}" "${p.culture}" "${p.daycare}" <@U0K${n}>=kultur <@U0D${n}A>=dagtilbud <@U0D${n}B>=dagtilbud`, CONSULTANT, 'D0KAREN');
      expect(answer).toContain(`Partnerskabet *${p.name}* er tilføjet med 3 medlemmer`);
    }
    await world.settle();
    expect(world.fake.channels(TEAM)).toHaveLength(1 + PARTNERSHIPS.length);

    const programme = world.core.repos.programmes.listInWorkspace('slack', TEAM)[0]!;
    const first = world.core.db.prepare(`SELECT MIN(due_at) FROM reminders WHERE status = 'pending'`).pluck().get() as string;
    const lastStart = world.core.db.prepare('SELECT MAX(local_date) FROM activities WHERE programme_id = ?').pluck().get(programme.id) as string;
    const from = DateTime.fromISO(first, { zone: ZONE }).toISODate()!;
    await playTimeline(slackDriver(world), from, lastStart);

    const result = checkReminders(slackDriver(world), programme.id);
    expect(result.reminders).toBeGreaterThan(50);
    expect(result.afterDst).toBeGreaterThan(0);
    expect(result.deliveries).toBeGreaterThanOrEqual(result.reminders);
    console.log(`Slack contract: ${result.reminders} reminders, ${result.deliveries} deliveries (${result.afterDst} after the DST change)`);
  }, 300_000);
});
