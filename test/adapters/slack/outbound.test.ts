import { afterEach, describe, expect, it } from 'vitest';
import { CONSULTANT, startSlackBot, TEAM, teamWithStaff, waitFor, type SlackBot } from '../../support/slack-harness.ts';

const OTHER = 'T0OTHER';
let bot: SlackBot | undefined;
afterEach(async () => {
  await bot?.close();
  bot = undefined;
});

async function answer(b: SlackBot, text: string, who?: Parameters<SlackBot['command']>[1]): Promise<string> {
  const sent = await b.command(text, who);
  await waitFor(() => b.answers(sent.responseUrl).length > 0, 5_000, `an answer to "${text}"`);
  return b.answers(sent.responseUrl).join('\n');
}

/** Messages in a conversation that carry a delivery key, by key. */
function keyCounts(b: SlackBot, teamId: string, channel: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of b.fake.messages(teamId, channel)) {
    const key = m.metadata?.event_type === 'tovholder_delivery' ? String(m.metadata.event_payload.key) : null;
    if (key) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

describe('Slack adapter: channels', () => {
  it('reuses its own channel after a create whose answer was lost, and steps around a name someone else took', async () => {
    bot = await startSlackBot();
    bot.fake.createChannel(TEAM, { name: 'optaget-2027', creator: 'U0ANNE' });
    bot.fake.failNext('conversations.create', { acceptThenFail: true, status: 500 });
    await answer(bot, 'opret "Genbrug 2027" 2027-01-04');
    await bot.drain();
    await answer(bot, 'opret "Optaget 2027" 2027-01-04');
    await bot.drain();

    const reused = bot.fake.channels(TEAM).filter((c) => c.name.startsWith('genbrug-2027'));
    expect(reused.map((c) => c.name)).toEqual(['genbrug-2027']);
    expect(bot.core.repos.programmes.findByName('slack', TEAM, 'Genbrug 2027')!.channelRef).toBe(reused[0]!.id);
    // The purpose names the programme: that is what lets a later attempt recognise the channel as its own.
    expect(reused[0]!.purpose.value).toMatch(/^Fælles kanal for Genbrug 2027 · .*Partnerskaber mellem/);
    expect(reused[0]!.members).toContain(CONSULTANT);
    expect(bot.fake.callsTo('conversations.list').length).toBeGreaterThan(0);

    const stepped = bot.core.repos.programmes.findByName('slack', TEAM, 'Optaget 2027')!;
    expect(bot.fake.channels(TEAM).find((c) => c.id === stepped.channelRef)!.name).toBe('optaget-2027-2');
    expect(bot.fake.channelByName(TEAM, 'optaget-2027')!.members).not.toContain(CONSULTANT);
  });

  it('invites the valid members and reports the ones it could not invite', async () => {
    bot = await startSlackBot();
    await answer(bot, 'opret "Invitation 2027" 2027-01-04');
    await answer(bot, 'partnerskab "Havet" "Oceanariet" "Bjørnen" <@U0K1>=kultur <@U0GHOST>=dagtilbud <@U0D1B>=dagtilbud');
    await bot.drain();
    const programme = bot.core.repos.programmes.findByName('slack', TEAM, 'Invitation 2027')!;
    const havet = bot.core.repos.partnerships.listForProgramme(programme.id)[0]!;
    expect(bot.fake.members(TEAM, havet.channelRef!)).toEqual(expect.arrayContaining(['U0K1', 'U0D1B', CONSULTANT]));
    const failed = bot.core.repos.deliveries.listForProgramme(programme.id, 'failed');
    expect(failed.map((d) => d.lastError).join('\n')).toContain('U0GHOST (user_not_found)');
    // The consultant sees it in status.
    expect(await answer(bot, 'status')).toMatch(/fejlede: [1-9]/);
  });
});

describe('Slack adapter: posts', () => {
  it('every post carries its delivery key; a post whose answer was lost is found, not sent twice', async () => {
    bot = await startSlackBot();
    bot.fake.failNext('chat.postMessage', { acceptThenFail: true, status: 500 });
    await answer(bot, 'opret "Metadata 2027" 2027-01-04');
    await bot.drain();
    const programme = bot.core.repos.programmes.findByName('slack', TEAM, 'Metadata 2027')!;
    const posts = bot.core.repos.deliveries.listForProgramme(programme.id).filter((d) => d.payload.op === 'post');
    expect(posts.length).toBeGreaterThan(0);
    expect(posts.every((d) => d.status === 'sent')).toBe(true);
    const uncertain = posts.filter((d) => d.uncertain);
    expect(uncertain).toHaveLength(1);
    const channels = new Set(posts.map((d) => d.resultRef && bot!.fake.calls.find((c) => c.method === 'chat.postMessage' && (c.params.metadata as { event_payload?: { key?: string } })?.event_payload?.key === d.idempotencyKey)?.params.channel as string));
    const counts = new Map<string, number>();
    for (const channel of channels) for (const [key, n] of keyCounts(bot, TEAM, channel!)) counts.set(key, (counts.get(key) ?? 0) + n);
    for (const d of posts) expect(counts.get(d.idempotencyKey)).toBe(1);
    expect(bot.fake.callsTo('conversations.history').length).toBeGreaterThan(0);
  });
});

describe('Slack adapter: workspaces', () => {
  it('keeps two workspaces apart: own token, own channels, own programmes', async () => {
    bot = await startSlackBot();
    bot.fake.addTeam(teamWithStaff(OTHER, 'xoxb-fake-T0OTHER', 'U0OTHERBOT'));
    await bot.adapter.installations().install('xoxb-fake-T0OTHER');
    await answer(bot, 'opret "Kommune A 2027" 2027-01-04');
    await bot.drain();

    expect(await answer(bot, 'forløb', { teamId: OTHER })).toMatch(/Der er (ingen|intet) forløb/);
    expect(await answer(bot, 'plan', { teamId: OTHER })).toMatch(/Der er (ingen|intet) forløb/);
    await answer(bot, 'opret "Kommune B 2027" 2027-01-04', { teamId: OTHER });
    await bot.drain();

    expect(bot.fake.channels(TEAM).map((c) => c.name)).toEqual(['kommune-a-2027']);
    expect(bot.fake.channels(OTHER).map((c) => c.name)).toEqual(['kommune-b-2027']);
    expect(bot.fake.callsTo('conversations.create', OTHER)).toHaveLength(1);
    expect(await answer(bot, 'forløb')).not.toContain('Kommune B');
    expect(await answer(bot, 'forløb', { teamId: OTHER })).not.toContain('Kommune A');
  });

  it('a workspace it is not installed in is refused and changes nothing', async () => {
    bot = await startSlackBot();
    const before = bot.core.db.prepare('SELECT COUNT(*) FROM programmes').pluck().get();
    const sent = await bot.command('opret "Fremmed" 2027-01-04', { teamId: 'T0NOBODY' });
    // Bolt's authorize (our installations table) has no token for it: 401, no listener runs.
    expect(sent.status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(bot.answers(sent.responseUrl)).toEqual([]);
    expect(bot.core.db.prepare('SELECT COUNT(*) FROM programmes').pluck().get()).toBe(before);
  });

  it('starts while auth.test fails and works once Slack answers again', async () => {
    bot = await startSlackBot({ beforeAttach: (fake) => fake.failNext('auth.test', { status: 503 }) });
    expect(bot.core.db.prepare('SELECT COUNT(*) FROM slack_installations').pluck().get()).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    expect(await answer(bot, 'hjælp')).toContain('Tovholder – kommandoer');
    expect(bot.adapter.installations().get(TEAM)?.botUserId).toBe('U0TOVBOT');
  });
});
