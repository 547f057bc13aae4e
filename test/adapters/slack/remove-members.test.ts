/** A member who leaves a group (`fjern`) is taken out of its Slack channel with conversations.kick. */
import { afterEach, describe, expect, it } from 'vitest';
import { startSlackBot, TEAM, type SlackBot } from '../../support/slack-harness.ts';

let bot: SlackBot | undefined;
afterEach(async () => {
  await bot?.close();
  bot = undefined;
});

describe('Slack: removeMembers', () => {
  it('kicks the user from the channel; someone already out is fine, so a retry does no harm', async () => {
    bot = await startSlackBot();
    const port = bot.adapter.port;
    const { channelRef } = await port.createChannel({ workspaceId: TEAM, name: 'Ådalen 2027 Åen' });
    await port.inviteMembers({ workspaceId: TEAM, channelRef, userRefs: ['U0K1', 'U0D1A'] });
    expect(bot.fake.members(TEAM, channelRef)).toEqual(expect.arrayContaining(['U0K1', 'U0D1A']));

    await port.removeMembers!({ workspaceId: TEAM, channelRef, userRefs: ['U0K1'] });
    expect(bot.fake.members(TEAM, channelRef)).not.toContain('U0K1');
    expect(bot.fake.members(TEAM, channelRef)).toContain('U0D1A');
    await expect(port.removeMembers!({ workspaceId: TEAM, channelRef, userRefs: ['U0K1'] })).resolves.toBeUndefined();
  });

  it('a channel that is gone is an error the outbox sees', async () => {
    bot = await startSlackBot();
    await expect(bot.adapter.port.removeMembers!({ workspaceId: TEAM, channelRef: 'C0NOPE', userRefs: ['U0K1'] })).rejects.toThrow(/channel_not_found/);
  });
});
