/**
 * Property-based: correctly signed request bodies of every shape (Events API JSON, `payload=` forms,
 * slash-command forms, random JSON, nulls, arrays, huge strings) sent over real HTTP to `tovholder
 * start` (real Bolt, fake Slack Web API) in a child process. Whatever arrives, the process stays up and
 * every answer is 2xx (a valid command: exactly 200) or 4xx, never 5xx (issue #12, "What it must show").
 *
 * Bounded: RUNS batches of BATCH bodies, sent concurrently within a batch (a body Bolt has no listener
 * for is answered 404 after Bolt's 3 s), and fast-check stops starting runs after TIME_LIMIT_MS.
 * A failure prints fast-check's seed and path; `FUZZ_SEED=<seed>` replays it.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeSlack } from '../fakes/slack/index.ts';
import { CONSULTANT, SIGNING_SECRET, TEAM, waitFor } from '../support/slack-harness.ts';
import { slackProcessWorld, startBotProcess, type RunningBot } from '../support/slack-process.ts';
import { slackSignature } from '../support/slack-requests.ts';

const RUNS = 30;
const BATCH = 10;
const TIME_LIMIT_MS = 40_000;
const FORM = 'application/x-www-form-urlencoded';
const JSON_TYPE = 'application/json';

/** One generated request: its body, content type, and whether Slack could have sent it as is. */
interface Sample {
  body: string;
  contentType: string;
  /** A well-formed /tovholder command from a known user: must be acknowledged with 200. */
  valid: boolean;
}

const anyJson = fc.jsonValue({ maxDepth: 3 });
const hugeText = fc.constantFrom(200 * 1024, 1024 * 1024 + 1).map((n) => 'æ'.repeat(n / 2));
const someText = fc.oneof({ weight: 6, arbitrary: fc.string({ unit: 'grapheme', maxLength: 60 }) }, { weight: 1, arbitrary: fc.constantFrom('', 'null', '[]', '{}', 'hjælp', 'opret', 'payload', 'ssl_check') }, { weight: 1, arbitrary: hugeText });
/** Mostly the plausible value, sometimes null or any JSON at all. */
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.oneof({ weight: 8, arbitrary: arb }, { weight: 1, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: anyJson });
const withId = fc.record({ id: fc.oneof(fc.constantFrom(TEAM, CONSULTANT, 'U0K1'), fc.string({ maxLength: 12 })) }, { requiredKeys: [] });

/**
 * Bodies shaped like Slack's, with any field null, missing, of the wrong type or random. (No
 * app_uninstalled or tokens_revoked: correctly signed, they rightly uninstall the workspace, and every
 * later request of it is then refused.)
 */
const slackish = fc.record(
  {
    type: fc.oneof(fc.constantFrom('event_callback', 'block_actions', 'view_submission', 'view_closed', 'shortcut', 'message_action', 'block_suggestion', 'url_verification', 'interactive_message', 'dialog_submission'), fc.string({ maxLength: 10 })),
    team_id: fc.constantFrom(TEAM, 'T0OTHER'),
    event_id: fc.string({ maxLength: 12 }),
    event: maybe(fc.record({ type: fc.oneof(fc.constantFrom('message', 'app_mention', 'app_home_opened', 'member_joined_channel'), fc.string({ maxLength: 8 })), channel: maybe(fc.constantFrom('D0KAREN', 'C0X')), channel_type: fc.constantFrom('im', 'channel'), user: maybe(fc.constant(CONSULTANT)), text: someText, ts: fc.constantFrom('1800000000.000100', 'x'), item: maybe(fc.record({ channel: fc.string({ maxLength: 4 }) })), subteam: maybe(fc.record({ created_by: fc.string({ maxLength: 4 }) })) }, { requiredKeys: ['type'] })),
    authorizations: maybe(fc.array(maybe(fc.record({ team_id: fc.constant(TEAM), enterprise_id: fc.constant(null) })), { maxLength: 2 })),
    user: maybe(withId),
    team: maybe(withId),
    enterprise: maybe(withId),
    channel: maybe(withId),
    view: maybe(fc.record({ callback_id: fc.string({ maxLength: 10 }), private_metadata: someText, state: anyJson }, { requiredKeys: [] })),
    actions: maybe(fc.array(maybe(fc.record({ action_id: fc.string({ maxLength: 10 }), value: someText }, { requiredKeys: [] })), { maxLength: 2 })),
    command: fc.oneof(fc.constant('/tovholder'), fc.string({ maxLength: 8 })),
    name: fc.string({ maxLength: 6 }),
    challenge: fc.string({ maxLength: 6 }),
  },
  { requiredKeys: [] },
);

/** A slash-command form with every field possibly missing or odd; `valid` when it is a real command. */
const commandForm = fc
  .record({
    command: fc.oneof({ weight: 4, arbitrary: fc.constant('/tovholder') }, { weight: 1, arbitrary: fc.string({ maxLength: 8 }) }),
    text: someText,
    team_id: fc.oneof({ weight: 4, arbitrary: fc.constant(TEAM) }, { weight: 1, arbitrary: fc.string({ maxLength: 8 }) }),
    user_id: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(CONSULTANT, 'U0K1', 'U0D1A') }, { weight: 1, arbitrary: fc.string({ maxLength: 8 }) }),
    channel_id: fc.constantFrom('D0KAREN', 'C0SOMEWHERE', ''),
    extra: fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 20 }), { maxKeys: 3 }),
    dropped: fc.subarray(['command', 'text', 'team_id', 'user_id', 'channel_id', 'response_url', 'trigger_id']),
  })
  .map((f) => ({ ...f, valid: f.command === '/tovholder' && f.team_id === TEAM && [CONSULTANT, 'U0K1', 'U0D1A'].includes(f.user_id) && f.dropped.length === 0 && f.text.length < 100_000 }));

/** Well-formed envelopes around random insides: they pass the guard and reach Bolt and the listeners. */
const who = { user: { id: CONSULTANT, name: 'karen' }, team: { id: TEAM }, api_app_id: 'A0TOVHOLD', token: 'x' };
const wellFormed = fc.oneof(
  fc.record({ type: fc.constantFrom('message', 'app_mention'), channel: fc.constantFrom('D0KAREN', 'C0X'), channel_type: fc.constantFrom('im', 'channel'), user: fc.constantFrom(CONSULTANT, 'U0K1'), text: someText, ts: fc.constantFrom('1800000000.000100', '1.1'), thread_ts: fc.option(fc.string({ maxLength: 8 }), { nil: undefined }), subtype: fc.option(fc.string({ maxLength: 8 }), { nil: undefined }) }).chain((event) =>
    fc.string({ minLength: 1, maxLength: 10 }).map((id) => ({ type: 'event_callback', team_id: TEAM, event_id: `Ev${id}`, event, authorizations: [{ team_id: TEAM, enterprise_id: null, is_bot: true }] })),
  ),
  fc.record({ action_id: fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('move.confirm#1', 'eval.answer#1', 'tovholder.help')), value: someText, type: fc.constantFrom('button', 'static_select'), block_id: fc.string({ maxLength: 4 }) }, { requiredKeys: ['action_id'] }).chain((action) =>
    fc.record({ container: maybe(fc.record({ type: fc.constant('message'), channel_id: fc.constant('D0KAREN'), is_ephemeral: fc.boolean() }, { requiredKeys: [] })), channel: fc.option(fc.constant({ id: 'D0KAREN' }), { nil: undefined }), response_url: fc.option(fc.webUrl(), { nil: undefined }), trigger_id: fc.string({ maxLength: 10 }) }, { requiredKeys: [] }).map((rest) => ({ type: 'block_actions', ...who, ...rest, actions: [action] })),
  ),
  fc.record({ callback_id: fc.oneof(fc.constant('tovholder:programme'), fc.string({ maxLength: 12 }).map((x) => `tovholder:${x}`)), private_metadata: fc.oneof(someText, anyJson.map((v) => JSON.stringify(v))), state: maybe(fc.record({ values: anyJson })), blocks: maybe(fc.array(anyJson, { maxLength: 3 })), id: fc.string({ maxLength: 6 }) }, { requiredKeys: ['callback_id'] }).map((view) => ({ type: 'view_submission', ...who, view })),
);

let fake: FakeSlack;
let cleanup: () => Promise<void>;
let bot: RunningBot;

function commandBody(f: { command: string; text: string; team_id: string; user_id: string; channel_id: string; extra: Record<string, string>; dropped: string[] }): string {
  const fields: Record<string, string> = { ...f.extra, token: 'x', team_id: f.team_id, user_id: f.user_id, channel_id: f.channel_id, command: f.command, text: f.text, response_url: fake.newResponseUrl(TEAM), trigger_id: fake.newTriggerId(), api_app_id: 'A0TOVHOLD' };
  for (const key of f.dropped) delete fields[key];
  return new URLSearchParams(fields).toString();
}

/** Every kind of body, as the request Slack's signing would cover. */
const sample: fc.Arbitrary<() => Sample> = fc.oneof(
  anyJson.map((v) => () => ({ body: JSON.stringify(v), contentType: JSON_TYPE, valid: false })),
  slackish.map((v) => () => ({ body: JSON.stringify(v), contentType: JSON_TYPE, valid: false })),
  wellFormed.map((v) => () => (v.type === 'event_callback' ? { body: JSON.stringify(v), contentType: JSON_TYPE, valid: false } : { body: `payload=${encodeURIComponent(JSON.stringify(v))}`, contentType: FORM, valid: false })),
  fc.oneof(slackish, anyJson).map((v) => () => ({ body: `payload=${encodeURIComponent(JSON.stringify(v))}`, contentType: FORM, valid: false })),
  someText.map((t) => () => ({ body: `payload=${encodeURIComponent(t)}`, contentType: FORM, valid: false })),
  commandForm.map((f) => () => ({ body: commandBody(f), contentType: FORM, valid: f.valid })),
  fc.dictionary(fc.string({ maxLength: 8 }), someText, { maxKeys: 4 }).map((d) => () => ({ body: new URLSearchParams(d).toString(), contentType: FORM, valid: false })),
  fc.tuple(someText, fc.constantFrom('text/plain', 'application/json; charset=utf-8', '', 'multipart/form-data')).map(([t, type]) => () => ({ body: t, contentType: type, valid: false })),
);

async function sendSigned(s: Sample): Promise<number> {
  const timestamp = Math.floor(Date.now() / 1000);
  const response = await fetch(bot.eventsUrl, {
    method: 'POST',
    headers: { 'content-type': s.contentType, 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': slackSignature(SIGNING_SECRET, timestamp, s.body) },
    body: s.body,
  });
  await response.arrayBuffer();
  return response.status;
}

beforeAll(async () => {
  const world = await slackProcessWorld('fuzz');
  ({ fake, cleanup } = world);
  bot = await startBotProcess(world.env);
}, 60_000);

afterAll(async () => {
  await bot?.stop();
  await cleanup?.();
});

describe('tovholder start under fuzzed, correctly signed Slack requests', () => {
  it('stays up and answers every one 2xx (valid) or 4xx, never 5xx', async () => {
    const seen = new Map<number, number>();
    let sent = 0;
    const property = fc.asyncProperty(fc.array(sample, { minLength: BATCH, maxLength: BATCH }), async (batch) => {
      const samples = batch.map((make) => make());
      const statuses = await Promise.all(samples.map(sendSigned));
      sent += samples.length;
      for (const status of statuses) seen.set(status, (seen.get(status) ?? 0) + 1);
      expect(bot.exitCode(), bot.output()).toBeNull();
      samples.forEach((s, i) => {
        const status = statuses[i]!;
        if (s.valid) expect(status, s.body.slice(0, 300)).toBe(200);
        else expect(status >= 200 && status < 500, `${status} for ${s.contentType} ${s.body.slice(0, 300)}`).toBe(true);
      });
    });
    const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
    await fc.assert(property, { numRuns: RUNS, interruptAfterTimeLimit: TIME_LIMIT_MS, ...(seed === undefined ? {} : { seed }) });
    // DEBUG_FUZZ=1 lists why each refused body was refused (the bot's log lines).
    if (process.env.DEBUG_FUZZ) console.log([...bot.output().matchAll(/"reason":"([^"]*)"/g)].map((m) => m[1]).sort().join('\n'));
    console.log(`fuzz: ${sent} signed bodies, answers ${[...seen].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`).join(', ')}`);
    expect(sent).toBeGreaterThanOrEqual(100);
    // Still serving: a real command is answered.
    const responseUrl = fake.newResponseUrl(TEAM);
    const body = new URLSearchParams({ command: '/tovholder', text: 'hjælp', team_id: TEAM, user_id: CONSULTANT, channel_id: 'D0KAREN', response_url: responseUrl, trigger_id: fake.newTriggerId() }).toString();
    expect(await sendSigned({ body, contentType: FORM, valid: true })).toBe(200);
    await waitFor(() => fake.responses(responseUrl).length > 0, 10_000, 'an answer to hjælp after the fuzzing');
    expect(bot.exitCode()).toBeNull();
  }, 90_000);
});
