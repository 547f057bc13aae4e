/**
 * Teams end to end: `tovholder start` as a child process behind the fake Teams services (auth on),
 * set up by typed commands; one `tovholder tick --now` child process; then the whole five-month
 * timeline on the same database with the real Teams adapter in-process on a manual clock, checked by
 * the shared contract (every reminder once, at 09:00 local across the DST change, in its conversation).
 */
import Database from 'better-sqlite3';
import { DateTime } from 'luxon';
import { afterAll, describe, expect, it } from 'vitest';
import { baseConversationId } from '../../adapters/teams/refs.ts';
import { sentKeyId } from '../../adapters/teams/sent.ts';
import { botAddedToTeam, type FakeTeam, type FakeTeams, type FakeUser } from '../fakes/teams/index.ts';
import { APP_PASSWORD, startFake, teamsEnv, teamsWorld, tempDbPath, type TeamsWorld } from '../adapters/teams/harness.ts';
import { mentionInChannel } from '../adapters/teams/mentions.ts';
import { freePort, runTickProcess, startTeamsBot, type TeamsBotProcess } from '../adapters/teams/process.ts';
import { checkReminders, CONSULTANT, MEMBER_NAMES, PARTNERSHIPS, playTimeline, PROGRAMME, ZONE, type ContractDriver } from './contract/scenario.ts';

const SET_UP_AT = new Date('2026-11-16T08:00:00Z');

async function waitUntil(what: string, done: () => boolean, timeoutMs = 45_000): Promise<void> {
  const started = Date.now();
  while (!done()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function outboxIdle(dbPath: string): boolean {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    const open = db.prepare(`SELECT COUNT(*) FROM deliveries WHERE status IN ('pending', 'sending')`).pluck().get() as number;
    const all = db.prepare('SELECT COUNT(*) FROM deliveries').pluck().get() as number;
    return all > 0 && open === 0;
  } finally {
    db.close();
  }
}

/** The contract driver over the fake: what the platform holds, by Teams conversation. */
function teamsDriver(w: TeamsWorld): ContractDriver {
  return {
    core: w.core,
    async tick(at) {
      w.clock.set(at);
      await w.core.scheduler.tick();
    },
    postCount: () => w.fake.storedMessages().length,
    conversationOf(resultRef) {
      const bar = resultRef.lastIndexOf('|');
      const [conversationId, activityId] = bar > 0 ? [resultRef.slice(0, bar), resultRef.slice(bar + 1)] : [resultRef, resultRef.split(';messageid=')[1]];
      const found = w.fake.storedMessages(conversationId).filter((m) => m.id === activityId);
      return found.length === 1 ? baseConversationId(conversationId) : null;
    },
    conversationFor: (channelRef) => baseConversationId(channelRef),
  };
}

describe('Teams end to end (child processes, then the whole timeline)', () => {
  let fake: FakeTeams;
  let bot: TeamsBotProcess | null = null;
  let world: TeamsWorld | null = null;
  afterAll(async () => {
    await bot?.stop();
    await world?.close();
    await fake?.close();
  });

  it('sets up by typed commands, then every reminder goes out once, at 09:00 local, in the right conversation', async () => {
    fake = await startFake();
    const karin = fake.addUser({ name: CONSULTANT });
    const people = new Map<string, FakeUser>(MEMBER_NAMES.map((name) => [name, fake.addUser({ name })]));
    const team: FakeTeam = fake.addTeam({ name: 'Børnekultur i Hjørring', members: [karin, ...people.values()] });
    const dbPath = tempDbPath();
    const env = { ...teamsEnv(fake, APP_PASSWORD, dbPath), PORT: String(await freePort()) };

    // 1. `tovholder start` (its clock starting seven weeks before the programme, before any reminder):
    // install, create the programme and four partnerships by @mention commands.
    bot = await startTeamsBot(env, { now: SET_UP_AT });
    const send = async (activity: Record<string, unknown>) => expect((await fake.sendActivity(bot!.endpoint, activity)).status).toBe(200);
    await send(botAddedToTeam(fake, { team, by: karin }));
    await send(mentionInChannel(fake, { user: karin, team, text: ` opret "${PROGRAMME.name}" ${PROGRAMME.start}` }));
    for (const p of PARTNERSHIPS) {
      const members = p.members.map((m) => `{${m.name}}=${m.role}`).join(' ');
      await send(mentionInChannel(fake, { user: karin, team, text: ` partnerskab "${p.name}" "${p.culture}" "${p.daycare}" ${members}`, people: [...people.values()] }));
    }
    await waitUntil('the set-up deliveries', () => outboxIdle(dbPath));
    await bot.stop();
    bot = null;
    expect(team.channels.map((c) => c.displayName)).toEqual(['General', PROGRAMME.name, ...PARTNERSHIPS.map((p) => `${PROGRAMME.name} ${p.name}`)]);
    for (const name of MEMBER_NAMES) expect(JSON.stringify(fake.messages(fake.personalConversation(people.get(name)!).id))).toContain(`Velkommen til ${PROGRAMME.name}`);

    // 2. One `tovholder tick --now` at the first reminder's time.
    const db = new Database(dbPath, { readonly: true });
    const first = new Date(db.prepare(`SELECT MIN(due_at) FROM reminders WHERE status = 'pending'`).pluck().get() as string);
    db.close();
    expect(DateTime.fromJSDate(first, { zone: ZONE }).toFormat('HH:mm')).toBe('09:00');
    expect(first.getTime()).toBeGreaterThan(SET_UP_AT.getTime() + 60 * 60_000);
    const postsBefore = fake.storedMessages().length;
    const ticked = await runTickProcess(env, first);
    expect(ticked).toMatchObject({ now: first.toISOString(), queued: expect.any(Number) });
    expect(ticked.queued as number).toBeGreaterThan(0);
    expect(fake.storedMessages().length).toBeGreaterThan(postsBefore);

    // 3. The rest of the timeline, in-process on the same database, with the real adapter.
    world = await teamsWorld({ fake, dbPath, now: first.toISOString() });
    const driver = teamsDriver(world);
    const programme = world.core.repos.programmes.listInWorkspace('teams', fake.tenantId)[0]!;
    const lastStart = world.core.db.prepare('SELECT MAX(local_date) FROM activities WHERE programme_id = ?').pluck().get(programme.id) as string;
    const from = DateTime.fromJSDate(first, { zone: ZONE }).plus({ days: 1 }).toISODate()!;
    await playTimeline(driver, from, lastStart);
    const result = checkReminders(driver, programme.id);
    expect(result.reminders).toBeGreaterThan(50);
    expect(result.afterDst).toBeGreaterThan(0);
    expect(result.deliveries).toBeGreaterThanOrEqual(result.reminders);
  }, 300_000);
});

/**
 * The same contract with Teams failing as it does in production: 10% of the Connector's writes answered
 * 429 and 5% stored, then answered 502 (seeded, so a failure reproduces). Every reminder, welcome and
 * evaluation message (and every other post) is on the platform exactly once.
 */
describe('Teams contract under injected 429s and stored-then-502s', () => {
  let world: TeamsWorld | null = null;
  afterAll(async () => world?.close());

  it('every reminder, welcome and evaluation message arrives exactly once', async () => {
    const fake = await startFake();
    // The tenant lets the bot read its 1:1 chats back (Chat.Read.WhereInstalled): see the README.
    fake.setChatRead(true);
    const faults = fake.injectFaults({ seed: 15, rateLimited: 0.1, storedThen502: 0.05 })!;
    world = await teamsWorld({ fake, now: SET_UP_AT.toISOString() });
    const w = world;
    const karin = fake.addUser({ name: CONSULTANT });
    const people = new Map<string, FakeUser>(MEMBER_NAMES.map((name) => [name, fake.addUser({ name })]));
    const team = fake.addTeam({ name: 'Børnekultur i Hjørring', members: [karin, ...people.values()] });
    expect(await w.send(botAddedToTeam(fake, { team, by: karin }))).toBe(200);
    expect(await w.send(mentionInChannel(fake, { user: karin, team, text: ` opret "${PROGRAMME.name}" ${PROGRAMME.start}` }))).toBe(200);
    for (const p of PARTNERSHIPS) {
      const members = p.members.map((m) => `{${m.name}}=${m.role}`).join(' ');
      expect(await w.send(mentionInChannel(fake, { user: karin, team, text: ` partnerskab "${p.name}" "${p.culture}" "${p.daycare}" ${members}`, people: [...people.values()] }))).toBe(200);
    }
    await w.drain();
    const programme = w.core.repos.programmes.listInWorkspace('teams', fake.tenantId)[0]!;
    const first = new Date(w.core.db.prepare(`SELECT MIN(due_at) FROM reminders WHERE status = 'pending'`).pluck().get() as string);
    const lastStart = w.core.db.prepare('SELECT MAX(local_date) FROM activities WHERE programme_id = ?').pluck().get(programme.id) as string;
    const driver = teamsDriver(w);
    await playTimeline(driver, DateTime.fromJSDate(first, { zone: ZONE }).toISODate()!, lastStart, { perPass: false });
    // Evaluation rounds close a few days after the last activity.
    await playTimeline(driver, DateTime.fromISO(lastStart, { zone: ZONE }).plus({ days: 1 }).toISODate()!, DateTime.fromISO(lastStart, { zone: ZONE }).plus({ days: 21 }).toISODate()!, { perPass: false });

    expect(faults.injected.rateLimited).toBeGreaterThan(20);
    expect(faults.injected.storedThen502).toBeGreaterThan(10);
    const result = checkReminders(driver, programme.id);
    expect(result.reminders).toBeGreaterThan(50);
    const posts = w.core.db.prepare(`SELECT idempotency_key AS key, status, result_ref AS ref FROM deliveries WHERE op = 'post'`).all() as { key: string; status: string; ref: string }[];
    expect(posts.filter((d) => d.status !== 'sent')).toEqual([]);
    const kinds = (prefix: RegExp) => posts.filter((d) => prefix.test(d.key)).length;
    expect(kinds(/^reminder:/)).toBeGreaterThan(50);
    expect(kinds(/^welcome|:welcome/)).toBeGreaterThanOrEqual(MEMBER_NAMES.length);
    expect(kinds(/^eval:/)).toBeGreaterThan(MEMBER_NAMES.length);
    expect(duplicates(fake, posts)).toEqual([]);
  }, 600_000);
});

/**
 * Posts on the platform more often than the outbox sent them. A card is known by the key it carries; a
 * plain text by its words in its conversation (two deliveries may say the same thing there).
 */
function duplicates(fake: FakeTeams, posts: { key: string; ref: string }[]): string[] {
  const stored = fake.storedMessages();
  const signature = (m: { conversationId: string; activity: Record<string, unknown> }): string => {
    const json = JSON.stringify(m.activity);
    const key = /tovholder-sent-[0-9a-f]{24}/.exec(json)?.[0];
    return key ?? `${baseConversationId(m.conversationId)}|${String(m.activity.text)}`;
  };
  const expected = new Map<string, string[]>();
  for (const post of posts) {
    const bar = post.ref.lastIndexOf('|');
    const [conversationId, activityId] = bar > 0 ? [post.ref.slice(0, bar), post.ref.slice(bar + 1)] : [post.ref, post.ref.split(';messageid=')[1]];
    const message = stored.find((m) => m.conversationId === conversationId && m.id === activityId);
    const sig = message ? signature(message) : `missing ${post.key}`;
    if (message && sig.startsWith('tovholder-sent-')) expect(sig).toBe(sentKeyId(post.key));
    expected.set(sig, [...(expected.get(sig) ?? []), post.key]);
  }
  const found = new Map<string, number>();
  for (const m of stored) found.set(signature(m), (found.get(signature(m)) ?? 0) + 1);
  return [...expected].filter(([sig, keys]) => found.get(sig) !== keys.length).map(([sig, keys]) => `${keys.join(',')}: ${found.get(sig) ?? 0} on the platform`);
}

