/**
 * `tovholder start` against correctly signed requests that must not be obeyed or must not hurt:
 * bodies Bolt would trip over (issue #12.1), timestamps in the future and replays (#12.3), and bodies
 * over the cap (#12.2). The bot runs as a child process, so an exit would show.
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeSlack } from '../fakes/slack/index.ts';
import { CONSULTANT, SIGNING_SECRET, TEAM, waitFor } from '../support/slack-harness.ts';
import { slackProcessWorld, startBotProcess, type RunningBot, type SlackProcessEnv } from '../support/slack-process.ts';
import { slackSignature, slashCommandBody } from '../support/slack-requests.ts';

const FORM = 'application/x-www-form-urlencoded';
const JSON_TYPE = 'application/json';

let fake: FakeSlack;
let cleanup: () => Promise<void>;
let env: SlackProcessEnv;
let bot: RunningBot;

interface Signed {
  body: string;
  headers: Record<string, string>;
}

/** A request signed once (so it can be sent again byte for byte), at `offsetSeconds` from now. */
function sign(body: string, contentType: string, offsetSeconds = 0): Signed {
  const timestamp = Math.floor(Date.now() / 1000) + offsetSeconds;
  return { body, headers: { 'content-type': contentType, 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': slackSignature(SIGNING_SECRET, timestamp, body) } };
}

async function send(request: Signed): Promise<number> {
  const response = await fetch(bot.eventsUrl, { method: 'POST', headers: request.headers, body: request.body });
  await response.arrayBuffer();
  return response.status;
}

/** A signed `/tovholder <text>` whose answer goes to a fresh response_url. */
function command(text: string, offsetSeconds = 0): { request: Signed; responseUrl: string } {
  const responseUrl = fake.newResponseUrl(TEAM);
  const body = slashCommandBody({ url: '', signingSecret: SIGNING_SECRET, command: '/tovholder', text, teamId: TEAM, userId: CONSULTANT, channelId: 'D0KAREN', responseUrl, triggerId: fake.newTriggerId() });
  return { request: sign(body.toString(), FORM, offsetSeconds), responseUrl };
}

function programmes(): string[] {
  const db = new Database(env.TOVHOLDER_DB, { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT name FROM programmes ORDER BY created_at').pluck().all() as string[];
  } finally {
    db.close();
  }
}

/** The bot still answers a command: it is up and serving. */
async function stillServing(): Promise<void> {
  const { request, responseUrl } = command('hjælp');
  expect(await send(request)).toBe(200);
  await waitFor(() => fake.responses(responseUrl).length > 0, 10_000, 'an answer to hjælp');
  expect(bot.exitCode()).toBeNull();
}

beforeAll(async () => {
  ({ fake, env, cleanup } = await slackProcessWorld('hostile'));
  bot = await startBotProcess(env);
}, 60_000);

afterAll(async () => {
  await bot?.stop();
  await cleanup?.();
});

describe('tovholder start: signed requests that must not take it down', () => {
  it('answers 400 to signed bodies Bolt would trip over, logs one line each, and stays up', async () => {
    const bodies: [string, string][] = [
      ['null', JSON_TYPE],
      ['payload=null', FORM],
      ['[]', JSON_TYPE],
      ['"text"', JSON_TYPE],
      [JSON.stringify({ type: 'event_callback', team_id: TEAM, event_id: 'Ev0NULL', event: null }), JSON_TYPE],
      [`payload=${encodeURIComponent(JSON.stringify({ type: 'block_actions', team: { id: TEAM }, actions: [{ action_id: 'x', value: 'y' }] }))}`, FORM],
      [`payload=${encodeURIComponent(JSON.stringify({ type: 'view_submission', team: { id: TEAM }, user: { id: CONSULTANT }, view: null }))}`, FORM],
    ];
    const statuses = [];
    for (const [body, type] of bodies) statuses.push(await send(sign(body, type)));
    expect(statuses).toEqual(bodies.map(() => 400));
    // The child's log reaches us through a pipe, a moment after the answers.
    const refusals = () => bot.output().match(/Slack request refused/g)?.length ?? 0;
    await waitFor(() => refusals() >= bodies.length, 5_000, 'a log line per refusal');
    expect(refusals()).toBe(bodies.length);
    await stillServing();
  });

  it('refuses timestamps more than five minutes in the future, and executes nothing', async () => {
    const before = programmes();
    const offsets = [10 * 60, 24 * 3600, 365 * 24 * 3600];
    const sent = offsets.map((offset, i) => command(`opret "Fremtid ${i}" 2027-01-04`, offset));
    const statuses = [];
    for (const { request } of sent) statuses.push(await send(request));
    expect(statuses).toEqual([401, 401, 401]);
    // Within the window (Slack allows clocks five minutes apart) it is still obeyed.
    const near = command('opret "Lidt foran" 2027-01-04', 60);
    expect(await send(near.request)).toBe(200);
    await waitFor(() => fake.responses(near.responseUrl).length > 0, 10_000, 'the answer to a command signed a minute ahead');
    expect(programmes()).toEqual([...before, 'Lidt foran']);
    expect(sent.flatMap(({ responseUrl }) => fake.responses(responseUrl))).toEqual([]);
  });

  it('refuses the same signed request sent again, also after a restart', async () => {
    const { request, responseUrl } = command('opret "Gentaget" 2027-01-04');
    expect(await send(request)).toBe(200);
    await waitFor(() => fake.responses(responseUrl).length > 0, 10_000, 'the answer to the first request');
    expect(await send(request)).toBe(401);
    expect(await bot.stop()).toBe(0);
    bot = await startBotProcess(env);
    expect(await send(request)).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(programmes().filter((name) => name === 'Gentaget')).toHaveLength(1);
    expect(fake.responses(responseUrl)).toHaveLength(1);
    await stillServing();
  }, 60_000);

  it('refuses a body over 1 MiB with 413 without reading it, and stays up', async () => {
    const huge = sign(`payload=${'x'.repeat(1024 * 1024 + 10)}`, FORM);
    expect(await send(huge)).toBe(413);
    await stillServing();
  });
});
