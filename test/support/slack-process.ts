/**
 * The bot as a child process (`tovholder start` / `tovholder tick`), configured for Slack against a
 * fake Slack Web API, for the end-to-end tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

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
  stop(): Promise<number | null>;
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
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        child.once('exit', (code) => resolve(code));
        child.kill('SIGTERM');
      }),
  };
}

/** Runs `tovholder tick ...args` to the end; returns its JSON lines. Fails on a non-zero exit. */
export function runTickProcess(env: SlackProcessEnv, args: string[]): Promise<Record<string, unknown>[]> {
  const child = spawnCli(['tick', ...args], env);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`tovholder tick ${args.join(' ')} exited with ${code}:\n${stderr}\n${stdout}`));
      const lines = stdout.split('\n').filter((l) => l.startsWith('{"now"'));
      resolve(lines.map((l) => JSON.parse(l) as Record<string, unknown>));
    });
  });
}
