/**
 * The three child processes of the ack bench: the fake Slack, the bot (`tovholder start`) and the
 * bare Bolt baseline. Bot and baseline are launched the same way: `node --import tsx <entry>`, same
 * Node, same minimal environment as test/support/slack-process.ts gives `tovholder start`, and each
 * prints its request URL when it accepts requests. Neither gets a head start.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FakeReply, FakeRequest } from './protocol.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A server under test: where to POST, its pid (for CPU time), and how to stop it. */
export interface Target {
  name: 'bot' | 'bare';
  eventsUrl: string;
  pid: number;
  /** Everything it wrote to stdout (the bot logs there, at LOG_LEVEL=warn). */
  output(): string;
  stop(): Promise<void>;
}

export interface ServerEnv {
  TOVHOLDER_DB: string;
  SLACK_BOT_TOKEN: string;
  SLACK_SIGNING_SECRET: string;
  SLACK_API_URL: string;
}

type Ask<T extends FakeReply['type']> = Extract<FakeReply, { type: T }>;
/** A request without its id (distributes over the union, which a plain Omit would collapse). */
type Unnumbered = FakeRequest extends infer R ? (R extends FakeRequest ? Omit<R, 'id'> : never) : never;

/** A response_url's first answer: text (cut short) and arrival (Date.now()); null while none came. */
export type Answer = Ask<'answers'>['answers'][number];

export interface FakeHost {
  url: string;
  botToken: string;
  mint(n: number): Promise<{ responseUrls: string[]; triggerIds: string[] }>;
  answers(urls: string[]): Promise<Answer[]>;
  summary(): Promise<Ask<'summary'>['byMethod']>;
  close(): Promise<void>;
}

export async function startFakeHost(): Promise<FakeHost> {
  const child = fork(fileURLToPath(new URL('./fake-host.ts', import.meta.url)), [], { cwd: ROOT, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const waiting = new Map<number, (reply: FakeReply) => void>();
  let seq = 0;
  const ready = new Promise<Ask<'ready'>>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`fake Slack exited with ${code}`)));
    waiting.set(0, (reply) => resolve(reply as Ask<'ready'>));
  });
  child.on('message', (reply: FakeReply) => {
    waiting.get(reply.id)?.(reply);
    waiting.delete(reply.id);
  });
  const ask = <T extends FakeReply['type']>(request: Unnumbered): Promise<Ask<T>> =>
    new Promise((resolve) => {
      seq += 1;
      waiting.set(seq, (reply) => resolve(reply as Ask<T>));
      child.send({ ...request, id: seq });
    });
  const { url, botToken } = await ready;
  return {
    url,
    botToken,
    mint: (n) => ask<'minted'>({ type: 'mint', n }),
    answers: async (urls) => (await ask<'answers'>({ type: 'answers', urls })).answers,
    summary: async () => (await ask<'summary'>({ type: 'summary' })).byMethod,
    close: () => stopChild(child, () => child.send({ type: 'close', id: -1 })),
  };
}

/** `tovholder start` in HTTP mode against the fake, on a free port. */
export function startBot(env: ServerEnv, profileDir?: string): Promise<Target> {
  const extra = { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', TOVHOLDER_LOCAL_WORKSPACE: 'off', ...env };
  return launch('bot', ['bin/tovholder.ts', 'start'], extra, /request URL (http:\/\/\S+\/slack\/events)/, profileDir);
}

/** The bare Bolt app (bare-app.ts). It needs no database; the rest of its environment is the bot's. */
export function startBare(env: ServerEnv, profileDir?: string): Promise<Target> {
  const { SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, SLACK_API_URL } = env;
  return launch('bare', [fileURLToPath(new URL('./bare-app.ts', import.meta.url))], { SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, SLACK_API_URL }, /listening on (http:\/\/\S+)/, profileDir);
}

async function launch(name: Target['name'], args: string[], extra: Record<string, string>, ready: RegExp, profileDir: string | undefined): Promise<Target> {
  // V8 CPU profiles of every thread (the bot's command and checkpoint threads too), written to
  // profileDir/<name>/ as CPU.<date>.<time>.<pid>.<thread>.<n>.cpuprofile when the server exits (on SIGTERM).
  const profiler = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${join(profileDir, name)}`, '--cpu-prof-interval=200'] : [];
  const { child, url: eventsUrl, output } = await spawnServer(name, [...profiler, '--import', 'tsx', ...args], extra, ready, 30_000);
  return { name, eventsUrl, pid: child.pid!, output, stop: () => stopChild(child, () => child.kill('SIGTERM')) };
}

function stopChild(child: ChildProcess, ask: () => void): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    ask();
  });
}

/**
 * Spawns a server with `env` only (plus PATH and HOME) and resolves once its stdout matches `ready`,
 * whose first group is the address it serves. Its stderr is shown, labelled: warnings and errors of a
 * server under test are worth seeing (and should not happen).
 */
export async function spawnServer(
  label: string,
  argv: string[],
  env: Record<string, string>,
  ready: RegExp,
  timeoutMs: number,
): Promise<{ child: ChildProcess; url: string; output(): string }> {
  const child = spawn(process.execPath, argv, { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => process.stderr.write(`[${label}] ${chunk.toString()}`));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${label} did not start within ${timeoutMs / 1000} s:\n${output}`)), timeoutMs);
    child.stdout!.on('data', () => {
      const match = ready.exec(output);
      if (!match) return;
      clearTimeout(timer);
      resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`${label} exited with ${code}:\n${output}`)));
  });
  return { child, url, output: () => output };
}
