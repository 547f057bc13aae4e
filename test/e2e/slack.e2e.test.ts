/**
 * The whole bot as child processes against the fake Slack: `tovholder start` driven by signed slash
 * commands sets up a programme with four partnerships; then `tovholder tick --now ... --until ...`
 * processes play the five months through, and every reminder is checked: posted once, at 09:00 local
 * on both sides of the DST change, in the right channel or direct conversation.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '../fakes/slack/conversations-list.ts';
import { startFakeSlack, type FakeSlack } from '../fakes/slack/index.ts';
import { CONSULTANT, SIGNING_SECRET, TEAM, teamWithStaff, waitFor } from '../support/slack-harness.ts';
import { runTickProcess, startBotProcess, type RunningBot, type SlackProcessEnv } from '../support/slack-process.ts';
import { eventCallback, slashCommand } from '../support/slack-requests.ts';

const ZONE = 'Europe/Copenhagen';
const PROGRAMME = 'Små Partnerskaber 2027';
const PARTNERSHIPS = [
  { name: 'Havet', culture: 'Nordsøen Oceanarium', daycare: 'Børnehaven Bjørnen' },
  { name: 'Skoven', culture: 'Vendsyssel Kunstmuseum', daycare: 'Vuggestuen Mælkebøtten' },
  { name: 'Musikken', culture: 'Hjørring Musikskole', daycare: 'Børnehuset Åkanden' },
  { name: 'Fortællingen', culture: 'Hjørring Bibliotek', daycare: 'Naturbørnehaven Æblehaven' },
];
/** The server starts "before" everything, so no reminder falls due while it runs. */
const SERVER_NOW = '2026-10-01T08:00:00Z';
/** Tick processes: hourly passes, two months per process. */
const TICK_RANGES: [string, string][] = [
  ['2026-10-01T09:00:00Z', '2026-11-30T23:00:00Z'],
  ['2026-12-01T00:00:00Z', '2027-01-31T23:00:00Z'],
  ['2027-02-01T00:00:00Z', '2027-03-31T23:00:00Z'],
  ['2027-04-01T00:00:00Z', '2027-05-31T23:00:00Z'],
  ['2027-06-01T00:00:00Z', '2027-07-31T23:00:00Z'],
];

let fake: FakeSlack;
let dir: string;
let env: SlackProcessEnv;
let bot: RunningBot | null = null;

function db(): Database.Database {
  return new Database(env.TOVHOLDER_DB, { readonly: true, fileMustExist: true });
}

function query<T>(sql: string, ...params: unknown[]): T[] {
  const handle = db();
  try {
    return handle.prepare(sql).all(...params) as T[];
  } finally {
    handle.close();
  }
}

/** Every table a command could change, and every Slack call except answers, to prove "no change". */
function snapshot(): string {
  const tables = ['programmes', 'partnerships', 'members', 'activities', 'activity_overrides', 'reminders', 'deliveries', 'inbound_events'];
  const calls = fake.calls.filter((c) => c.method !== '(response_url)' && c.method !== 'users.info').length;
  return JSON.stringify([tables.map((t) => query(`SELECT * FROM ${t} ORDER BY rowid`)), calls]);
}

async function command(text: string, userId = CONSULTANT, channelId = 'D0KAREN'): Promise<string> {
  const responseUrl = fake.newResponseUrl(TEAM);
  const response = await slashCommand({ url: bot!.eventsUrl, signingSecret: SIGNING_SECRET, command: '/tovholder', text, teamId: TEAM, userId, channelId, responseUrl, triggerId: fake.newTriggerId() });
  expect(response.status).toBe(200);
  await waitFor(() => fake.responses(responseUrl).length > 0, 10_000, `an answer to "${text}"`);
  return fake.responses(responseUrl).map((p) => JSON.stringify(p.body)).join('\n');
}

/** Messages carrying a delivery key, over every conversation of the workspace. */
function postsByKey(): Map<string, { channel: string; ts: string }[]> {
  const byKey = new Map<string, { channel: string; ts: string }[]>();
  for (const [channel, messages] of fake.state.team(TEAM).messages) {
    for (const m of messages) {
      if (m.metadata?.event_type !== 'tovholder_delivery') continue;
      const key = String(m.metadata.event_payload.key);
      byKey.set(key, [...(byKey.get(key) ?? []), { channel, ts: m.ts }]);
    }
  }
  return byKey;
}

beforeAll(async () => {
  fake = await startFakeSlack({ teams: [teamWithStaff()], postBurst: 10 });
  dir = mkdtempSync(join(tmpdir(), 'tovholder-slack-e2e-'));
  const team = fake.state.team(TEAM);
  env = { TOVHOLDER_DB: join(dir, 'tovholder.db'), SLACK_BOT_TOKEN: team.botToken, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.url };
  bot = await startBotProcess(env, ['--now', SERVER_NOW]);
});

afterAll(async () => {
  await bot?.stop();
  await fake?.close();
  if (dir && !process.env.KEEP_E2E) rmSync(dir, { recursive: true, force: true });
  if (process.env.KEEP_E2E) console.log('kept', dir, JSON.stringify(fake.calls.filter((c) => c.status === 429).map((c) => [c.method, c.params.channel, c.at])));
});

describe('Slack end to end (child processes, signed requests, fake Slack)', () => {
  it('sets up a programme with four partnerships: five channels, members, topics and welcomes', async () => {
    expect(bot!.output()).toContain('Slack:     HTTP mode');
    expect(await command(`opret "${PROGRAMME}" 2027-01-04`)).toContain('er oprettet med start mandag den 4. januar 2027');
    for (const [i, p] of PARTNERSHIPS.entries()) {
      const n = i + 1;
      const answer = await command(`partnerskab "${p.name}" "${p.culture}" "${p.daycare}" <@U0K${n}>=kultur <@U0D${n}A>=dagtilbud <@U0D${n}B>=dagtilbud`);
      expect(answer).toContain(`Partnerskabet *${p.name}* er tilføjet med 3 medlem(mer)`);
    }
    await waitFor(() => query<{ n: number }>("SELECT COUNT(*) AS n FROM deliveries WHERE status != 'sent'")[0]!.n === 0 && fake.channels(TEAM).length === 5, 60_000, 'the set-up to reach Slack');

    const channels = fake.channels(TEAM);
    const shared = fake.channelByName(TEAM, 'smaa-partnerskaber-2027')!;
    expect(channels.map((c) => c.name).sort()).toEqual(['smaa-partnerskaber-2027', 'smaa-partnerskaber-2027-fortaellingen', 'smaa-partnerskaber-2027-havet', 'smaa-partnerskaber-2027-musikken', 'smaa-partnerskaber-2027-skoven']);
    const everyone = [CONSULTANT, ...PARTNERSHIPS.flatMap((_, i) => [`U0K${i + 1}`, `U0D${i + 1}A`, `U0D${i + 1}B`])];
    expect(shared.members.filter((m) => m !== 'U0TOVBOT').sort()).toEqual(everyone.sort());
    expect(shared.topic.value).toBe('Små Partnerskaber');
    const sharedWelcome = JSON.stringify(fake.messages(TEAM, shared.id)[0]!.blocks);
    expect(sharedWelcome).toContain(`Velkommen til ${PROGRAMME}`);
    expect(sharedWelcome).toMatch(/Opstartsworkshop/);
    for (const [i, p] of PARTNERSHIPS.entries()) {
      const channel = channels.find((c) => c.name === `smaa-partnerskaber-2027-${p.name.toLowerCase().replace('æ', 'ae')}`)!;
      expect(channel.members.filter((m) => m !== 'U0TOVBOT').sort()).toEqual([CONSULTANT, `U0K${i + 1}`, `U0D${i + 1}A`, `U0D${i + 1}B`].sort());
      expect(channel.topic.value).toBe(`${p.culture} + ${p.daycare}`);
      const welcome = JSON.stringify(fake.messages(TEAM, channel.id).map((m) => m.blocks));
      expect(welcome).toContain(`Velkommen til partnerskabet ${p.name}`);
      expect(welcome).toContain(`<@U0K${i + 1}>: Formidlingsmedarbejder, kulturinstitution`);
      expect(welcome).toContain(`<@U0D${i + 1}A>: Pædagogisk medarbejder, daginstitution`);
      expect(welcome).toMatch(/Forventet tid pr\. rolle.*ca\. \d+(,\d)? timer/);
      expect(welcome).toMatch(/Jeres forløb.*Nysgerrighed.*Midtvejsworkshop.*Afslutningsworkshop/);
    }
  });

  it('rejects forged, stale and replayed requests and refuses bad commands in Danish, changing nothing', async () => {
    const before = snapshot();
    const base = { url: bot!.eventsUrl, signingSecret: SIGNING_SECRET, command: '/tovholder', teamId: TEAM, userId: CONSULTANT, channelId: 'D0KAREN', triggerId: fake.newTriggerId() };
    expect((await slashCommand({ ...base, text: 'opret "Falsk" 2027-02-01', responseUrl: fake.newResponseUrl(), forgeSignature: true })).status).toBe(401);
    expect((await slashCommand({ ...base, text: 'opret "Gammel" 2027-02-01', responseUrl: fake.newResponseUrl(), stale: true })).status).toBe(401);
    expect(await command('stauts')).toContain('Jeg kender ikke kommandoen «stauts»');
    expect(await command('opret "Forår" 2027-02-31')).toContain('«2027-02-31» er ikke en gyldig dato');
    expect(await command('medlem "Bjerget" <@U0D1A>=dagtilbud')).toContain('Jeg kan ikke finde partnerskabet «Bjerget»');
    expect(await command('workshop midtvejs 2027-03-08 09:00 Kulturhuset', 'U0D1A')).toContain('Kun forløbets konsulent kan ændre');
    expect(snapshot()).toBe(before);

    // An event delivered three times (a retry and a byte-for-byte replay) is handled once.
    const im = fake.state.openIm(fake.state.team(TEAM), 'U0K1').channel.id;
    const delivery = { url: bot!.eventsUrl, signingSecret: SIGNING_SECRET, teamId: TEAM, eventId: 'Ev0E2EREPLAY', event: { type: 'message', channel: im, channel_type: 'im', user: 'U0K1', text: 'plan mine', ts: '1790000000.000200' } };
    for (const retryNum of [undefined, 1, undefined]) expect((await eventCallback({ ...delivery, ...(retryNum ? { retryNum } : {}) })).status).toBe(200);
    await waitFor(() => query<{ n: number }>("SELECT COUNT(*) AS n FROM deliveries WHERE idempotency_key LIKE 'slack:reply:%' AND status = 'sent'")[0]!.n === 1, 10_000, 'the DM answer');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(query("SELECT * FROM inbound_events WHERE event_key = 'slack:Ev0E2EREPLAY'")).toHaveLength(1);
    expect(fake.messages(TEAM, im).filter((m) => m.text.includes('Dine næste aktiviteter'))).toHaveLength(1);
  });

  it('plays the programme through with tick processes: each reminder once, at 09:00 local, in the right place', async () => {
    expect(await bot!.stop()).toBe(0);
    bot = null;
    const dueRange = query<{ first: string; last: string }>("SELECT MIN(due_at) AS first, MAX(due_at) AS last FROM reminders WHERE status = 'pending'")[0]!;
    expect(dueRange.first > SERVER_NOW).toBe(true);
    expect(dueRange.last < TICK_RANGES.at(-1)![1]).toBe(true);
    const tickEnv = { ...env, TOVHOLDER_PACE_RULES: JSON.stringify([{ platform: 'slack', op: 'post', scope: 'target', windows: [{ count: 10, perMs: 1_000 }] }]) };
    const passes = [];
    for (const [from, until] of TICK_RANGES) passes.push(...(await runTickProcess(tickEnv, ['--now', from, '--until', until, '--step', 'PT1H'])));
    expect(passes.length).toBeGreaterThan(0);

    const reminders = query<{ id: string; due_at: string; status: string; audience: string; step_key: string; partnership_id: string | null; paired_partnership_id: string | null }>(
      `SELECT r.id, r.due_at, r.status, a.audience, a.step_key, a.partnership_id, a.paired_partnership_id
       FROM reminders r JOIN activities a ON a.id = r.activity_id WHERE r.status != 'cancelled' ORDER BY r.due_at`,
    );
    expect(reminders.filter((r) => r.status !== 'queued').map((r) => `${r.step_key} ${r.status}`)).toEqual([]);
    const programme = query<{ id: string; channel_ref: string }>('SELECT id, channel_ref FROM programmes')[0]!;
    const partnerships = new Map(query<{ id: string; channel_ref: string }>('SELECT id, channel_ref FROM partnerships').map((p) => [p.id, p.channel_ref]));
    const members = query<{ id: string; role: string; partnership_id: string | null; user_ref: string }>('SELECT id, role, partnership_id, user_ref FROM members');
    const deliveries = new Map(query<{ idempotency_key: string; status: string; finished_at: string }>("SELECT idempotency_key, status, finished_at FROM deliveries WHERE idempotency_key LIKE 'reminder:%'").map((d) => [d.idempotency_key, d]));
    const posted = postsByKey();
    const dm = (userRef: string): string => fake.imWith(TEAM, userRef)!.id;

    const expectedTargets = (r: (typeof reminders)[number]): [string, string][] => {
      switch (r.audience) {
        case 'all':
          return [[`programme:${programme.id}`, programme.channel_ref]];
        case 'consultant':
          return members.filter((m) => m.role === 'consultant').map((m) => [`member:${m.id}`, dm(m.user_ref)]);
        case 'cultural_institution':
          return members.filter((m) => m.role === 'culture_staff' && m.partnership_id === r.partnership_id).map((m) => [`member:${m.id}`, dm(m.user_ref)]);
        default:
          return [r.partnership_id, r.paired_partnership_id].filter((id): id is string => !!id).map((id) => [`partnership:${id}`, partnerships.get(id)!]);
      }
    };
    let beforeDst = 0;
    let afterDst = 0;
    const audiences = new Set<string>();
    for (const r of reminders) {
      const local = DateTime.fromISO(r.due_at, { zone: ZONE });
      expect(local.toFormat('HH:mm'), `${r.step_key} due ${r.due_at}`).toBe('09:00');
      if (r.due_at < '2027-03-28') {
        expect(r.due_at).toMatch(/T08:00:00\.000Z$/);
        beforeDst += 1;
      } else {
        expect(r.due_at).toMatch(/T07:00:00\.000Z$/);
        afterDst += 1;
      }
      const targets = expectedTargets(r);
      expect(targets.length, `${r.step_key} has recipients`).toBeGreaterThan(0);
      if (r.step_key === 'afproevning-2' || r.step_key === 'dialog-andet-partnerskab') expect(targets).toHaveLength(2);
      for (const [recipient, channel] of targets) {
        const key = `reminder:${r.id}:${recipient}`;
        const delivery = deliveries.get(key);
        expect(delivery?.status, key).toBe('sent');
        // Posted at its due instant, not at the next hourly pass: a 429 from the fake (whose limits run
        // on real time) may hold a post back by its Retry-After, seconds.
        const late = Date.parse(delivery!.finished_at) - Date.parse(r.due_at);
        expect(late, `${key} posted ${late} ms after ${r.due_at}`).toBeGreaterThanOrEqual(0);
        expect(late, `${key} posted ${late} ms after ${r.due_at}`).toBeLessThan(60_000);
        expect(posted.get(key), key).toEqual([{ channel, ts: expect.any(String) }]);
      }
      audiences.add(r.audience);
    }
    expect(beforeDst).toBeGreaterThan(0);
    expect(afterDst).toBeGreaterThan(0);
    expect([...audiences].sort()).toEqual(['all', 'consultant', 'cultural_institution', 'with_children', 'without_children']);
    // Nothing posted twice, nothing failed, nothing left.
    for (const [key, posts] of posted) expect(posts, key).toHaveLength(1);
    expect(query("SELECT idempotency_key, last_error FROM deliveries WHERE status != 'sent'")).toEqual([]);
    const throttled = fake.calls.filter((c) => c.status === 429);
    const counts = new Map<string, number>();
    for (const c of throttled) counts.set(c.method, (counts.get(c.method) ?? 0) + 1);
    const byMethod = [...counts].map(([method, n]) => `${method} ${n}`);
    console.log(`${reminders.length} reminders (${beforeDst} before and ${afterDst} after the DST change) in ${passes.length} busy passes of ${TICK_RANGES.length} tick processes; ${posted.size} keyed posts in Slack; ${throttled.length} answers 429 from the fake (${byMethod.join(', ') || 'none'}), each waited out`);
    if (process.env.DEBUG_429) console.log(JSON.stringify(throttled.map((c) => [c.method, c.at, c.params.channel])));
  }, 240_000);
});
