/**
 * The welfare partnership (built-in template `velfaerdspartnerskab`, seed 002) over its 24 months
 * through Slack: the real adapter (Bolt over HTTP) against the fake Slack on a manual clock. Set up by
 * signed slash commands; people's channel messages arrive as signed message events; owners press
 * Færdig as signed block_actions. The scenario and its checks are in test/e2e/contract/velfaerd.ts;
 * Teams runs the same.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { FakeSlackMessage } from '../fakes/slack/index.ts';
import { buttonsOf, readable, SlackEvaluationWorld } from '../support/slack-evaluations.ts';
import { CONSULTANT, SIGNING_SECRET, TEAM, waitFor } from '../support/slack-harness.ts';
import { eventCallback } from '../support/slack-requests.ts';
import { checkVelfaerd, playVelfaerd, setUpVelfaerd, VELFAERD, type VelfaerdDriver } from './contract/velfaerd.ts';

/** The fake workspace's people (test/support/slack-harness.ts teamWithStaff), in a fixed order. */
const USERS = Array.from({ length: 60 }, (_, i) => [`U0K${i + 1}`, `U0D${i + 1}A`, `U0D${i + 1}B`]).flat();
const CONSULTANT_DM = 'D0KAREN';

function slackVelfaerdDriver(world: SlackEvaluationWorld): VelfaerdDriver {
  const botMessages = () => [...world.fake.state.team(TEAM).messages.values()].flat().filter((m) => m.user === 'U0TOVBOT');
  const consultant = { name: 'Karen Konsulent', userId: CONSULTANT, partnership: '' };
  let events = 0;
  return {
    core: world.core,
    async tick(at) {
      // Never backwards: a command's follow-up passes may have moved the clock a few seconds on.
      if (at.getTime() > world.clock.now().getTime()) world.clock.set(at);
      await world.core.scheduler.tick();
    },
    now: () => world.clock.now(),
    postCount: () => botMessages().length,
    conversationOf(resultRef) {
      const found = botMessages().filter((m) => m.ts === resultRef);
      return found.length === 1 ? found[0]!.channel : null;
    },
    conversationFor: (channelRef) => channelRef,
    mention: (group, slot) => `<@${USERS[group * 10 + slot]}>`,
    async command(text) {
      const sent = await world.bot.command(text, { userId: CONSULTANT, channelId: CONSULTANT_DM });
      if (sent.status !== 200) throw new Error(`/tovholder ${text}: HTTP ${sent.status}`);
      await waitFor(() => world.bot.answers(sent.responseUrl).length > 0, 10_000, `an answer to "${text}"`);
      await world.settle();
      const bodies = world.fake.responses(sent.responseUrl).map((post) => post.body as { text?: string; blocks?: unknown[] });
      const read = bodies.map(readable);
      const confirm = bodies.flatMap((b) => buttonsOf(b)).find((b) => b.action_id.startsWith('move.confirm'));
      if (confirm) read.push(await world.clickRaw(consultant, { ts: '0', channel: CONSULTANT_DM } as FakeSlackMessage, confirm));
      return read.join('\n');
    },
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
      const message = botMessages().find((m) => m.ts === messageRef)!;
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
