/**
 * The bot as a child process (`tovholder start` / `tovholder tick`), configured for Slack against a
 * fake Slack Web API, for the end-to-end tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFakeSlack, type FakeSlack } from '../fakes/slack/index.ts';
import { SIGNING_SECRET, TEAM, teamWithStaff } from './slack-harness.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface SlackProcessEnv {
  TOVHOLDER_DB: string;
  SLACK_BOT_TOKEN: string;
  SLACK_SIGNING_SECRET: string;
  SLACK_API_URL: string;
  [key: string]: string;
}

/** Run the bot as this user and group (a test running as root needs an unprivileged bot to make a file read-only). */
export interface RunAs {
  uid: number;
  gid: number;
}

/** A fake Slack with the test workspace, and the environment for a bot process on a fresh database beside it. */
export async function slackProcessWorld(name: string, extraEnv: Record<string, string> = {}): Promise<{ fake: FakeSlack; env: SlackProcessEnv; cleanup(): Promise<void> }> {
  const fake = await startFakeSlack({ teams: [teamWithStaff()] });
  const dir = mkdtempSync(join(tmpdir(), `tovholder-${name}-`));
  const env = { TOVHOLDER_DB: join(dir, 'db.sqlite'), SLACK_BOT_TOKEN: fake.state.team(TEAM).botToken, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.url, ...extraEnv };
  return {
    fake,
    env,
    async cleanup() {
      await fake.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** How to run the command line: from the TypeScript sources through tsx, or compiled (`['dist/bin/tovholder.js']`). */
const FROM_SOURCES = ['--import', 'tsx', 'bin/tovholder.ts'];

function spawnCli(args: string[], env: SlackProcessEnv, runAs?: RunAs, cli = FROM_SOURCES): ChildProcess {
  return spawn(process.execPath, [...cli, ...args], {
    cwd: ROOT,
    ...runAs,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', TOVHOLDER_LOCAL_WORKSPACE: 'off', TOVHOLDER_ALLOW_CLOCK_OVERRIDE: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export interface RunningBot {
  /** The Slack request URL the start screen shows. */
  eventsUrl: string;
  output(): string;
  /** The exit code once the process has ended; null while it runs. */
  exitCode(): number | null;
  stop(): Promise<number | null>;
  /** SIGKILL: no shutdown, no last writes, as a crash or an OOM kill. Resolves once it is gone. */
  kill(): Promise<void>;
}

/** Starts `tovholder start` and waits for the start screen to name the Slack request URL. */
export async function startBotProcess(env: SlackProcessEnv, args: string[] = [], runAs?: RunAs, cli?: string[]): Promise<RunningBot> {
  const child = spawnCli(['start', ...args], env, runAs, cli);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const eventsUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start screen within 30 s:\n${output}`)), 30_000);
    const check = (): void => {
      const match = /request URL (http:\/\/\S+\/slack\/events)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => reject(new Error(`tovholder start exited with ${code}:\n${output}`)));
  });
  return {
    eventsUrl,
    output: () => output,
    exitCode: () => child.exitCode ?? (child.signalCode ? -1 : null),
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        child.once('exit', (code) => resolve(code));
        child.kill('SIGTERM');
      }),
    kill: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  };
}

/** What a finished `tovholder tick` printed, and how long it took in real time. */
export interface TickRun {
  code: number | null;
  stdout: string;
  stderr: string;
  realMs: number;
}

/** Runs `tovholder tick ...args` to the end, whatever its exit code. */
export function runTickRaw(env: SlackProcessEnv, args: string[]): Promise<TickRun> {
  const started = performance.now();
  const child = spawnCli(['tick', ...args], env);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr, realMs: performance.now() - started })));
}

/** Runs `tovholder tick ...args` to the end; returns its JSON lines (all of stdout). Fails on a non-zero exit. */
export async function runTickProcess(env: SlackProcessEnv, args: string[]): Promise<Record<string, unknown>[]> {
  const run = await runTickRaw(env, args);
  if (run.code !== 0) throw new Error(`tovholder tick ${args.join(' ')} exited with ${run.code}:\n${run.stderr}\n${run.stdout}`);
  return run.stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
