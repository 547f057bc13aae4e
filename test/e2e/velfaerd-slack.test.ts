/**
 * The welfare partnership (built-in template `velfaerdspartnerskab`, seed 002) over its 24 months
 * through Slack: the real adapter (Bolt over HTTP) against the fake Slack on a manual clock. Set up by
 * signed slash commands; people's channel messages arrive as signed message events; owners press
 * Færdig as signed block_actions. The scenario and its checks are in test/e2e/contract/velfaerd.ts;
 * Teams runs the same.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SlackEvaluationWorld } from '../support/slack-evaluations.ts';
import { SIGNING_SECRET, TEAM, waitFor } from '../support/slack-harness.ts';
import { eventCallback } from '../support/slack-requests.ts';
import { checkVelfaerd, playVelfaerd, setUpVelfaerd, VELFAERD, type VelfaerdDriver } from './contract/velfaerd.ts';
import { botMessages, slackShapeDriver } from './drivers/slack.ts';

function slackVelfaerdDriver(world: SlackEvaluationWorld): VelfaerdDriver {
  let events = 0;
  return {
    ...slackShapeDriver(world),
    async personWrites(member, channelRef, text) {
      const posted = world.fake.postAsUser(TEAM, channelRef, member.userRef!, text);
      const noted = () => world.core.db.prepare('SELECT last_human_at FROM group_watch WHERE group_id = ?').pluck().get(member.partnershipId) === world.clock.now().toISOString();
      const response = await eventCallback({
        url: world.bot.eventsUrl,
        signingSecret: SIGNING_SECRET,
        teamId: TEAM,
        eventId: `Ev0VELF${(events += 1)}`,
        event: { type: 'message', channel: channelRef, channel_type: 'channel', user: member.userRef!, text, ts: posted.ts, event_ts: posted.ts },
      });
      await response.arrayBuffer();
      expect(response.status).toBe(200);
      // Bolt acknowledges before the listener runs.
      await waitFor(noted, 10_000, `${member.displayName}'s message noted`);
    },
    async pressDone(owner, messageRef) {
      const message = botMessages(world).find((m) => m.ts === messageRef)!;
      expect(message.channel).toBe(owner.dmRef);
      return world.click({ name: owner.displayName, userId: owner.userRef!, partnership: '' }, message, 'Færdig');
    },
  };
}

describe('Slack runs the welfare partnership end to end', () => {
  let world: SlackEvaluationWorld | null = null;
  afterEach(async () => {
    await world?.bot.close();
    world = null;
  });

  it(`${VELFAERD.seed} ${VELFAERD.templateId}: 24 months of series, actions closed by Færdig, a late status report, one quiet-group notice`, async () => {
    world = await SlackEvaluationWorld.start(VELFAERD.setUpAt);
    const driver = slackVelfaerdDriver(world);
    const run = await setUpVelfaerd(driver);
    expect(world.fake.channels(TEAM)).toHaveLength(1 + run.groups.length);
    const log = await playVelfaerd(driver, run);
    const result = checkVelfaerd(driver, run, log);
    console.log(`Slack ${VELFAERD.seed}: ${JSON.stringify(result)}, ${log.passes} passes`);
  }, 180_000);
});
