/**
 * The log as operations reads it: JSON lines on stdout, every line of an inbound request carrying its
 * request id (the proxy's X-Request-Id when it sends one), and one reminder followed by its delivery
 * key from the tick that queued it to Slack's answer.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '../fakes/slack/conversations-list.ts';
import { startFakeSlack, type FakeSlack } from '../fakes/slack/index.ts';
import { CONSULTANT, SIGNING_SECRET, TEAM, teamWithStaff, waitFor } from '../support/slack-harness.ts';
import { startBotProcess, type RunningBot, type SlackProcessEnv } from '../support/slack-process.ts';
import { slashCommand } from '../support/slack-requests.ts';
import { runCli } from './cli.ts';

type LogLine = Record<string, unknown> & { msg?: string; reqId?: string; delivery?: string };

let fake: FakeSlack;
let dir: string;
let env: SlackProcessEnv;
let bot: RunningBot | null = null;

beforeAll(async () => {
  fake = await startFakeSlack({ teams: [teamWithStaff()] });
  dir = mkdtempSync(join(tmpdir(), 'tovholder-logs-'));
  env = { TOVHOLDER_DB: join(dir, 'tovholder.db'), SLACK_BOT_TOKEN: fake.state.team(TEAM).botToken, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.url, LOG_LEVEL: 'debug' };
  bot = await startBotProcess(env, ['--now', '2026-10-01T08:00:00Z']);
});

afterAll(async () => {
  await bot?.stop();
  await fake?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function jsonLines(output: string): LogLine[] {
  return output.split('\n').filter((line) => line.startsWith('{"level"')).map((line) => JSON.parse(line) as LogLine);
}

async function command(text: string, headers: Record<string, string> = {}): Promise<Response> {
  const responseUrl = fake.newResponseUrl(TEAM);
  const response = await slashCommand({ url: bot!.eventsUrl, signingSecret: SIGNING_SECRET, command: '/tovholder', text, teamId: TEAM, userId: CONSULTANT, channelId: 'D0KAREN', responseUrl, triggerId: fake.newTriggerId(), headers });
  await waitFor(() => fake.responses(responseUrl).length > 0, 10_000, `an answer to "${text}"`);
  return response;
}

describe('logs', () => {
  it('tags every line of a request with its id, taking over the proxy\'s X-Request-Id', async () => {
    const proxied = await command('opret "Logbog 2027" 2027-01-04', { 'x-request-id': 'proxy-7f3a' });
    expect(proxied.headers.get('x-request-id')).toBe('proxy-7f3a');
    const direct = await command('partnerskab "Havet" "Nordsøen Oceanarium" "Børnehaven Bjørnen" <@U0K1>=kultur <@U0D1A>=dagtilbud');
    const generated = direct.headers.get('x-request-id')!;
    expect(generated).toMatch(/^[0-9a-f-]{36}$/);

    const lines = jsonLines(bot!.output());
    expect(lines.filter((l) => l.reqId === 'proxy-7f3a').length).toBeGreaterThan(0);
    expect(lines.filter((l) => l.reqId === generated).length).toBeGreaterThan(0);
    // Bolt's own lines about the request carry it too, and so do the command thread's.
    expect(lines.some((l) => l.reqId === 'proxy-7f3a' && l.part === 'bolt')).toBe(true);
    expect(lines.find((l) => l.msg === 'command handled' && l.reqId === 'proxy-7f3a')).toMatchObject({ part: 'commands', command: 'opret', outcome: 'ok' });
    // An id from outside is only taken over when it is short and plain.
    const odd = await command('plan', { 'x-request-id': 'id with spaces; "quotes" and {json}' });
    expect(odd.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('follows one reminder by its delivery key from the tick that queued it to Slack\'s answer', async () => {
    await waitFor(() => fake.channels(TEAM).length === 2, 30_000, 'the set-up to reach Slack');
    await bot!.stop();
    bot = null;
    // The evening before the kick-off workshop: its reminders are due, and the catch-up sends them.
    const run = await runCli(['tick', '--now', '2027-01-03T17:00:00Z'], { ...env, LOG_LEVEL: 'info', TOVHOLDER_ALLOW_CLOCK_OVERRIDE: '1', TOVHOLDER_LOCAL_WORKSPACE: 'off' });
    expect(run.code).toBe(0);
    // `tick` keeps stdout for its pass lines; the log goes to stderr.
    const lines = jsonLines(run.stderr);
    const queued = lines.filter((l) => l.msg === 'reminder queued');
    expect(queued.length).toBeGreaterThan(0);
    for (const { delivery } of queued) {
      expect(delivery).toMatch(/^reminder:/);
      const delivered = lines.find((l) => l.msg === 'delivered' && l.delivery === delivery);
      expect(delivered).toMatchObject({ platform: 'slack', op: 'post', outcome: 'sent' });
      const posted = fake.calls.find((c) => c.method === 'chat.postMessage' && JSON.stringify(c.params).includes(delivery!));
      expect(posted?.status).toBe(200);
    }
    // Every line the outbox writes names its delivery.
    const outbox = lines.filter((l) => l.part === 'outbox');
    expect(outbox.length).toBeGreaterThan(0);
    expect(outbox.filter((l) => !l.delivery)).toEqual([]);
  });
});
