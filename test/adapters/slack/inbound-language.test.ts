/**
 * The language the Slack adapter answers in: Danish by default, English on request (`sprog en`).
 * Slack's own locale is en-US unless the user changed it, also for Danish users, so it must not count.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METHODS, type MethodHandler } from '../../fakes/slack/methods/index.ts';
import { CONSULTANT, SIGNING_SECRET, startSlackBot, TEAM, waitFor, type SlackBot } from '../../support/slack-harness.ts';
import { eventCallback, sendSigned, viewSubmissionPayload } from '../../support/slack-requests.ts';

/**
 * The fake's users.info has no locale; real Slack answers `include_locale` with the user's setting,
 * which is en-US for everyone who never changed it. This file's fake answers just that.
 */
const methods = METHODS as Record<string, MethodHandler>;
const usersInfo = methods['users.info']!;

async function answer(bot: SlackBot, text: string): Promise<string> {
  const sent = await bot.command(text);
  expect(sent.status).toBe(200);
  await waitFor(() => bot.answers(sent.responseUrl).length > 0, 5_000, `an answer to "${text}"`);
  return bot.answers(sent.responseUrl).join('\n');
}

describe('Slack adapter: the language of the answers', () => {
  let bot: SlackBot;

  beforeAll(async () => {
    methods['users.info'] = (ctx) => {
      const result = usersInfo(ctx);
      const user = (result as { user?: Record<string, unknown> }).user;
      return user ? { ...result, user: { ...user, locale: 'en-US' } } : result;
    };
    bot = await startSlackBot();
  });
  afterAll(async () => {
    methods['users.info'] = usersInfo;
    await bot?.close();
  });

  it('answers a user whose Slack locale is en-US in Danish, and in English after `sprog en`', async () => {
    expect(await answer(bot, 'stauts')).toContain('Jeg kender ikke kommandoen «stauts».');
    // In a direct message too (the event path never had the Slack locale, and must not get it).
    const im = bot.fake.state.openIm(bot.fake.state.team(TEAM), CONSULTANT).channel.id;
    const dm = { url: bot.eventsUrl, signingSecret: SIGNING_SECRET, teamId: TEAM, event: { type: 'message', channel: im, channel_type: 'im', user: CONSULTANT, text: 'stauts', ts: '1800000000.000100' } };
    await eventCallback({ ...dm, eventId: 'Ev0LANG1' });
    await waitFor(() => bot.fake.messages(TEAM, im).some((m) => m.text.includes('stauts')), 5_000, 'the answer in the DM');
    expect(bot.fake.messages(TEAM, im).at(-1)!.text).toContain('Jeg kender ikke kommandoen «stauts».');
    // The Slack locale is not even asked for.
    expect(bot.fake.callsTo('users.info')).toEqual([]);

    expect(await answer(bot, 'sprog en')).toContain('I will now write to you in English.');
    expect(await answer(bot, 'stauts')).toContain('I do not know the command “stauts”.');
    await eventCallback({ ...dm, eventId: 'Ev0LANG2', event: { ...dm.event, text: 'stauts igen', ts: '1800000000.000200' } });
    await waitFor(() => bot.fake.messages(TEAM, im).some((m) => m.text.includes('I do not know the command “stauts”')), 5_000, 'the English answer in the DM');

    expect(await answer(bot, 'sprog da')).toContain('Jeg skriver nu til dig på dansk.');
    expect(await answer(bot, 'stauts')).toContain('Jeg kender ikke kommandoen «stauts».');
  });

  it('shows a modal refusal in the language the user chose', async () => {
    await answer(bot, 'language english');
    const sent = await bot.command('opret');
    await waitFor(() => bot.fake.callsTo('views.open').some((c) => c.params.trigger_id === sent.triggerId), 5_000, 'views.open');
    const view = bot.fake.views(TEAM).at(-1)!.view as { callback_id: string; private_metadata: string; blocks: unknown[]; close: { text: string } };
    expect(view.close.text).toBe('Cancel');
    const options = { url: bot.eventsUrl, signingSecret: SIGNING_SECRET, teamId: TEAM, userId: CONSULTANT, callbackId: view.callback_id, privateMetadata: view.private_metadata };
    const payload = viewSubmissionPayload({ ...options, values: { name: { value: 'Spring' }, start: { value: { type: 'datepicker', selected_date: '2027-02-31' } } } });
    (payload.view as Record<string, unknown>).blocks = view.blocks;
    const response = await sendSigned(options, new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), 'application/x-www-form-urlencoded');
    expect(await response.json()).toEqual({
      response_action: 'errors',
      errors: { start: '“2027-02-31” is not a valid date. Write the date as YYYY-MM-DD, e.g. 2027-01-04.' },
    });
  });
});
