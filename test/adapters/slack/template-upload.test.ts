import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { CONSULTANT, SIGNING_SECRET, startSlackBot, TEAM, waitFor, type SlackBot } from '../../support/slack-harness.ts';
import { eventCallback } from '../../support/slack-requests.ts';

const example = (changes: Record<string, unknown> = {}) => ({ ...JSON.parse(readFileSync(new URL('../../templates/fixtures/kort-partnerskab.json', import.meta.url), 'utf8')), ...changes });
const PARTNER = 'U0K1';

/** A user shares a file in a conversation; Slack sends the file_share event to the bot over signed HTTP. */
async function share(bot: SlackBot, channel: string, user: string, filename: string, content: string, text = ''): Promise<string> {
  const { file, event } = bot.fake.shareFileAsUser(TEAM, channel, user, { filename, content, text });
  const response = await eventCallback({ url: bot.eventsUrl, signingSecret: SIGNING_SECRET, teamId: TEAM, eventId: `Ev${file.id}`, event });
  expect(response.status).toBe(200);
  return file.id;
}

/** The bot's messages in a conversation (the DM), oldest first. */
const botPosts = (bot: SlackBot, channel: string) => bot.fake.messages(TEAM, channel).filter((m) => m.botId).map((m) => m.text);
const stored = (bot: SlackBot) => bot.core.db.prepare('SELECT template_id AS id, version, added_by AS addedBy FROM templates ORDER BY version').all();

describe('Slack: a consultant adds a template by sharing a file with the bot (real Bolt, fake Slack Web API)', () => {
  let bot: SlackBot;
  let karenDm: string;

  beforeAll(async () => {
    bot = await startSlackBot();
    const sent = await bot.command('opret "Små Partnerskaber 2027" 2027-01-04');
    await waitFor(() => bot.answers(sent.responseUrl).length > 0, 5_000, 'the programme');
    const added = await bot.command(`partnerskab "Havet" "Nordsøen Oceanarium" "Børnehaven Bjørnen" <@${PARTNER}>=kultur`);
    await waitFor(() => bot.answers(added.responseUrl).length > 0, 5_000, 'the partnership');
    await bot.drain();
    karenDm = bot.fake.state.openIm(bot.fake.state.team(TEAM), CONSULTANT).channel.id;
  });
  afterAll(async () => bot?.close());

  it('a JSON file in the direct message: files.info, the download with the bot token, the answer in the DM', async () => {
    const fileId = await share(bot, karenDm, CONSULTANT, 'kort.json', JSON.stringify(example()));
    await waitFor(() => botPosts(bot, karenDm).some((t) => t.includes('er tilføjet')), 10_000, 'the answer in the DM');
    expect(botPosts(bot, karenDm).at(-1)).toMatch(/^Skabelonen «Kort partnerskab» version 1 er tilføjet\. Brug den med `\/tovholder opret "Navn" \d{4}-\d{2}-\d{2} kort-partnerskab`\.$/);
    expect(bot.fake.callsTo('files.info').map((c) => c.params.file)).toEqual([fileId]);
    expect(bot.fake.callsTo('(download)').map((c) => [c.params.file_id, c.status])).toEqual([[fileId, 200]]);
    expect(stored(bot)).toEqual([{ id: 'kort-partnerskab', version: 1, addedBy: CONSULTANT }]);
    const listed = await bot.command('skabeloner');
    await waitFor(() => bot.answers(listed.responseUrl).length > 0);
    expect(bot.answers(listed.responseUrl)[0]).toContain('*Kort partnerskab* (`kort-partnerskab`)');
  });

  it('a broken YAML file: every problem by step and field, in Danish, and nothing stored', async () => {
    const raw = example({ version: 2 });
    raw.steps[2].placement = { from: 'besog', workingDays: 5 };
    await share(bot, karenDm, CONSULTANT, 'kort.yaml', stringify(raw));
    await waitFor(() => botPosts(bot, karenDm).some((t) => t.includes('ikke tilføjet')), 10_000, 'the refusal in the DM');
    const answer = botPosts(bot, karenDm).at(-1)!;
    expect(answer).toContain('Skabelonen «kort.yaml» er ikke tilføjet, for den har 1 fejl.');
    expect(answer).toContain('trin «opsamling», felt «placement.from»: ukendt trin «besog»');
    expect(stored(bot)).toHaveLength(1);
  });

  it('a partner who is no consultant is refused, and the file is never downloaded', async () => {
    const partnerDm = bot.fake.state.openIm(bot.fake.state.team(TEAM), PARTNER).channel.id;
    const downloads = bot.fake.callsTo('(download)').length;
    await share(bot, partnerDm, PARTNER, 'min.json', JSON.stringify(example({ id: 'min-skabelon' })));
    await waitFor(() => botPosts(bot, partnerDm).some((t) => t.startsWith('Kun konsulenter kan tilføje skabeloner')), 10_000, 'the refusal');
    // It names the consultants to ask (as Slack's slash command named Karen when she created the programme).
    expect(botPosts(bot, partnerDm).at(-1)).toContain('konsulenterne for forløbene i arbejdsområdet (u0karen)');
    expect(bot.fake.callsTo('(download)')).toHaveLength(downloads);
    expect(stored(bot)).toHaveLength(1);
  });

  it('in a channel: a file posted with "skabelon" is taken (answered privately), other files are left alone', async () => {
    const channel = bot.fake.createChannel(TEAM, { name: 'konsulenter', members: [CONSULTANT, 'U0TOVBOT'] }).id;
    const infos = bot.fake.callsTo('files.info').length;
    await share(bot, channel, CONSULTANT, 'referat.json', '{}', 'her er referatet');
    await share(bot, channel, CONSULTANT, 'kort-v2.json', JSON.stringify(example({ version: 2 })), 'skabelon');
    await waitFor(() => bot.fake.ephemerals(TEAM, channel).some((e) => e.text.includes('version 2 er tilføjet')), 10_000, 'the private answer');
    expect(bot.fake.ephemerals(TEAM, channel).map((e) => e.user)).toEqual([CONSULTANT]);
    expect(bot.fake.callsTo('files.info')).toHaveLength(infos + 1);
    expect(stored(bot)).toEqual([{ id: 'kort-partnerskab', version: 1, addedBy: CONSULTANT }, { id: 'kort-partnerskab', version: 2, addedBy: CONSULTANT }]);
  });

  it('a redelivered file_share event is handled once', async () => {
    const { file, event } = bot.fake.shareFileAsUser(TEAM, karenDm, CONSULTANT, { filename: 'kort-v3.json', content: JSON.stringify(example({ version: 3 })) });
    const delivery = { url: bot.eventsUrl, signingSecret: SIGNING_SECRET, teamId: TEAM, eventId: `Ev${file.id}`, event };
    expect((await eventCallback(delivery)).status).toBe(200);
    expect((await eventCallback({ ...delivery, retryNum: 1, timestamp: Math.floor(Date.now() / 1000) + 1 })).status).toBe(200);
    await waitFor(() => botPosts(bot, karenDm).some((t) => t.includes('version 3 er tilføjet')), 10_000, 'the answer');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(bot.fake.callsTo('files.info').filter((c) => c.params.file === file.id)).toHaveLength(1);
    expect(botPosts(bot, karenDm).filter((t) => t.includes('version 3 er tilføjet'))).toHaveLength(1);
  });

  it('the fake serves a private file only with the bot token of its workspace', async () => {
    const { file, event } = bot.fake.shareFileAsUser(TEAM, karenDm, CONSULTANT, { filename: 'x.json', content: '{}' });
    const url = (event.files as { url_private_download: string }[])[0]!.url_private_download;
    expect((await fetch(url, { redirect: 'manual' })).status).toBe(302);
    expect((await fetch(url, { redirect: 'manual', headers: { authorization: 'Bearer xoxb-someone-else' } })).status).toBe(302);
    const ok = await fetch(url, { headers: { authorization: `Bearer ${bot.fake.state.team(TEAM).botToken}` } });
    expect([ok.status, await ok.text()]).toEqual([200, '{}']);
    expect(bot.fake.file(file.id)?.userId).toBe(CONSULTANT);
  });
});
