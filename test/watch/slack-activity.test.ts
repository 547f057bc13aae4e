import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGNING_SECRET, startSlackBot, TEAM, waitFor, type SlackBot } from '../support/slack-harness.ts';
import { eventCallback } from '../support/slack-requests.ts';

/** What the watch knows of a group's channel: when a person last wrote there. */
function lastHumanAt(bot: SlackBot, group: string): string | null {
  return bot.core.db.prepare('SELECT w.last_human_at FROM group_watch w JOIN partnerships p ON p.id = w.group_id WHERE p.name = ?').pluck().get(group) as string | null;
}

describe('Slack: people\'s messages in a group\'s channel reach the watch on quiet groups', () => {
  let bot: SlackBot;

  beforeAll(async () => {
    bot = await startSlackBot();
    for (const text of ['opret "Små Partnerskaber 2027" 2027-01-04', 'partnerskab "Havet" "Nordsøen Oceanarium" "Børnehaven Bjørnen" <@U0K1>=kultur <@U0D1A>=dagtilbud']) {
      const sent = await bot.command(text);
      await waitFor(() => bot.answers(sent.responseUrl).length > 0, 5_000, `an answer to "${text}"`);
    }
    await bot.drain();
  });
  afterAll(async () => bot?.close());

  it('counts a person\'s message in the channel, never a bot\'s', async () => {
    const channel = bot.core.db.prepare(`SELECT channel_ref FROM partnerships WHERE name = 'Havet'`).pluck().get() as string;
    const base = { url: bot.eventsUrl, signingSecret: SIGNING_SECRET, teamId: TEAM };
    await eventCallback({ ...base, eventId: 'Ev0WBOT', event: { type: 'message', channel, channel_type: 'channel', user: 'U0TOVBOT', bot_id: 'B0TOVBOT', text: 'Påmindelse', ts: '1.2' } });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(lastHumanAt(bot, 'Havet')).toBeNull();
    await eventCallback({ ...base, eventId: 'Ev0WHUMAN', event: { type: 'message', channel, channel_type: 'channel', user: 'U0K1', text: 'Godmorgen, vi ses på torsdag', ts: '1.3' } });
    await waitFor(() => lastHumanAt(bot, 'Havet') !== null, 5_000, 'the message noted');
    // Noted at the bot's own time, and the group is looked at again on the next tick.
    expect(Date.parse(lastHumanAt(bot, 'Havet')!)).toBeLessThanOrEqual(bot.core.clock.now().getTime());
  });
});
