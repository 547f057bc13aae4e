/**
 * Socket Mode (SLACK_APP_TOKEN set) against a local fake of Slack's Socket Mode: apps.connections.open
 * with the app-level token, a WebSocket on 127.0.0.1, `hello`, envelopes, acks and `disconnect`.
 * In-process for the protocol, and as `tovholder start` for what the user sees on the start screen.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSlackPlatform, type SlackAdapter } from '../../../adapters/slack/index.ts';
import { createCore, type Core } from '../../../src/app.ts';
import { systemClock } from '../../../src/clock.ts';
import { ConfigError, paceRulesFrom, readConfig } from '../../../src/config.ts';
import { createLogger, silentLogger, type Logger } from '../../../src/logger.ts';
import '../../fakes/slack/conversations-list.ts';
import { startFakeSlack, type FakeSlack } from '../../fakes/slack/index.ts';
import { answerText, CONSULTANT, TEAM, teamWithStaff, waitFor } from '../../support/slack-harness.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

interface SocketBot {
  fake: FakeSlack;
  core: Core;
  adapter: SlackAdapter;
  close(): Promise<void>;
}

/** The adapter in Socket Mode, attached (so connected) to a core, against a fresh fake Slack. */
async function startSocketBot(options: { appToken?: string; beforeAttach?: (fake: FakeSlack) => void; logger?: Logger } = {}): Promise<SocketBot> {
  const fake = await startFakeSlack({ teams: [teamWithStaff()] });
  const dir = mkdtempSync(join(tmpdir(), 'tovholder-socket-'));
  const config = readConfig({
    SLACK_BOT_TOKEN: fake.state.team(TEAM).botToken,
    SLACK_APP_TOKEN: options.appToken ?? fake.socket.appToken,
    SLACK_API_URL: fake.url,
    TOVHOLDER_DB: join(dir, 'db.sqlite'),
  });
  const logger = options.logger ?? silentLogger();
  const adapter = createSlackPlatform(config, { logger, clock: systemClock });
  const core = createCore({ dbPath: config.TOVHOLDER_DB, clock: systemClock, logger, platforms: [adapter.port], workerId: 'test', paceRules: paceRulesFrom(config) });
  const close = async (): Promise<void> => {
    core.scheduler.stop();
    await adapter.close();
    core.close();
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  };
  options.beforeAttach?.(fake);
  try {
    await adapter.attach(core);
  } catch (error) {
    await close();
    throw error;
  }
  core.scheduler.start();
  return { fake, core, adapter, close };
}

/** Sends `/tovholder <text>` over the socket; waits for the ack (Slack allows 3 s) and the answer. */
async function command(bot: SocketBot, text: string): Promise<{ answer: string; ackMs: number }> {
  const responseUrl = bot.fake.newResponseUrl(TEAM);
  const envelopeId = bot.fake.socket.slashCommand({ teamId: TEAM, userId: CONSULTANT, channelId: 'D0KAREN', text, responseUrl, triggerId: bot.fake.newTriggerId() });
  const ack = await bot.fake.socket.waitForAck(envelopeId, 3_000);
  await waitFor(() => bot.fake.responses(responseUrl).length > 0, 5_000, `the answer to "${text}"`);
  return { answer: bot.fake.responses(responseUrl).map((p) => answerText(p.body)).join('\n'), ackMs: ack.afterMs };
}

describe('Slack adapter: Socket Mode against a fake of Slack\'s Socket Mode', () => {
  let bot: SocketBot;
  beforeAll(async () => {
    bot = await startSocketBot();
  });
  afterAll(async () => bot?.close());

  it('connects with the app token: apps.connections.open, a WebSocket, hello; no HTTP route needed', () => {
    const opens = bot.fake.callsTo('apps.connections.open');
    expect(opens).toHaveLength(1);
    expect(opens[0]!.error).toBeUndefined();
    expect(bot.fake.socket.connections).toBe(1);
    expect(bot.adapter.routes).toEqual([]);
    expect(bot.adapter.describe('')).toMatch(/^Slack: +connected in Socket Mode/);
  });

  it('acks a slash_commands envelope within 3 s and answers on its response_url', async () => {
    const { answer, ackMs } = await command(bot, 'hjælp');
    expect(ackMs).toBeLessThan(3_000);
    expect(answer).toContain('/tovholder');
    const created = await command(bot, 'opret "Socket 2027" 2027-01-04');
    expect(created.answer).toContain('Socket 2027');
    expect(bot.core.repos.programmes.findByName('slack', TEAM, 'Socket 2027')).toBeTruthy();
    expect(bot.fake.socket.strays).toEqual([]);
  });

  it('acks an events_api envelope for a direct message and answers in the DM', async () => {
    const im = bot.fake.state.openIm(bot.fake.state.team(TEAM), CONSULTANT).channel.id;
    const before = bot.fake.messages(TEAM, im).length;
    const envelopeId = bot.fake.socket.event(TEAM, { type: 'message', channel: im, channel_type: 'im', user: CONSULTANT, text: 'hjælp', ts: '1800000000.000200' });
    const ack = await bot.fake.socket.waitForAck(envelopeId, 3_000);
    expect(ack.afterMs).toBeLessThan(3_000);
    await waitFor(() => bot.fake.messages(TEAM, im).length > before, 5_000, 'the answer in the DM');
    expect(bot.fake.messages(TEAM, im).at(-1)!.text).toContain('Tovholder – kommandoer');
  });

  it('reconnects when Slack asks it to (disconnect), and keeps answering', async () => {
    bot.fake.socket.disconnect('refresh_requested');
    // @slack/socket-mode waits its client ping timeout (5 s) before reconnecting.
    await waitFor(() => bot.fake.socket.opened === 2 && bot.fake.socket.connections === 1, 15_000, 'a new connection');
    expect(bot.fake.callsTo('apps.connections.open')).toHaveLength(2);
    const { answer } = await command(bot, 'hjælp');
    expect(answer).toContain('/tovholder');
  }, 30_000);
});

describe('Slack adapter: a refused app token', () => {
  let bot: SocketBot | null = null;
  afterEach(async () => {
    await bot?.close();
    bot = null;
  });

  it('an unknown app token (invalid_auth) stops the start with a ConfigError naming SLACK_APP_TOKEN', async () => {
    const started = startSocketBot({ appToken: 'xapp-1-A0TOVHOLD-1-revoked' });
    await expect(started).rejects.toBeInstanceOf(ConfigError);
    await expect(started).rejects.toThrow(/Slack refused SLACK_APP_TOKEN \(apps\.connections\.open: invalid_auth\)/);
  });

  it('a token of the wrong type (not_allowed_token_type) stops it too, instead of retrying for ever', async () => {
    let fake: FakeSlack | undefined;
    const started = startSocketBot({
      beforeAttach: (f) => {
        fake = f;
        f.failNext('apps.connections.open', { error: 'not_allowed_token_type' });
      },
    });
    await expect(started).rejects.toThrow(/SLACK_APP_TOKEN \(apps\.connections\.open: not_allowed_token_type\).*App-Level Tokens/s);
    expect(fake!.callsTo('apps.connections.open')).toHaveLength(1);
  });
});

/** `tovholder start` as a child process; resolves when `ready` shows up or the process exits. */
function startCli(env: Record<string, string>, ready: RegExp): Promise<{ output: string; exitCode: number | null; stop(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'tovholder-socket-cli-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'bin/tovholder.ts', 'start'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? dir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', TOVHOLDER_DB: join(dir, 'db.sqlite'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`tovholder start: nothing within 45 s:\n${output}`));
    }, 45_000);
    const done = (exitCode: number | null): void => {
      clearTimeout(timer);
      resolve({ output, exitCode, stop });
    };
    child.stdout!.on('data', () => ready.test(output) && done(null));
    child.once('exit', (code) => done(code));
  });
}

describe('tovholder start in Socket Mode', () => {
  let fake: FakeSlack;
  beforeAll(async () => {
    fake = await startFakeSlack({ teams: [teamWithStaff()] });
  });
  afterAll(async () => fake?.close());

  it('says on the start screen that Slack is connected in Socket Mode', async () => {
    const env = { SLACK_BOT_TOKEN: fake.state.team(TEAM).botToken, SLACK_APP_TOKEN: fake.socket.appToken, SLACK_API_URL: fake.url };
    const run = await startCli(env, /Stop with Ctrl\+C|Slack: .*Socket Mode/);
    try {
      expect(run.exitCode).toBeNull();
      expect(run.output).toMatch(/Slack: +connected in Socket Mode/);
      expect(run.output).not.toContain('No chat platform is connected yet');
      await waitFor(() => fake.socket.connections === 1, 5_000, 'the socket');
    } finally {
      await run.stop();
    }
  }, 60_000);

  it('a refused app token ends the start with what to fix, exit code 2 and no stack trace', async () => {
    const env = { SLACK_BOT_TOKEN: fake.state.team(TEAM).botToken, SLACK_APP_TOKEN: 'xapp-1-A0TOVHOLD-1-wrong', SLACK_API_URL: fake.url };
    const run = await startCli(env, /(?!)/);
    await run.stop();
    expect(run.exitCode).toBe(2);
    expect(run.output).toContain('Slack refused SLACK_APP_TOKEN (apps.connections.open: invalid_auth)');
    expect(run.output).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  }, 60_000);
});

describe('Slack adapter: Socket Mode request ids', () => {
  it('gives every envelope its own request id on the log lines written while handling it', async () => {
    const lines: Record<string, unknown>[] = [];
    const destination = { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) };
    const bot = await startSocketBot({ logger: createLogger({ level: 'debug', destination }) });
    try {
      await command(bot, 'hjælp');
      await command(bot, 'plan');
    } finally {
      await bot.close();
    }
    const handled = lines.filter((l) => l.msg === 'command handled');
    expect(handled.map((l) => l.command)).toEqual(['hjælp', 'plan']);
    const ids = handled.map((l) => l.reqId);
    expect(ids[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(ids[1]).toMatch(/^[0-9a-f-]{36}$/);
    expect(ids[0]).not.toBe(ids[1]);
  });
});
