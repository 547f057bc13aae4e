/** `tovholder start` and `tovholder tick` as child processes, with only the environment a test names. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

const root = new URL('../../..', import.meta.url).pathname;
const ENDPOINT = /messaging endpoint (http:\/\/\S+\/api\/messages)/;

export interface TeamsBotProcess {
  endpoint: string;
  output(): string;
  /** What the process wrote to stderr alone. */
  stderr(): string;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function spawnCli(args: string[], env: Record<string, string>): ChildProcess {
  return spawn('npx', ['tsx', 'bin/tovholder.ts', ...args], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: stop() ends npx and the node process it started, and nothing else.
    detached: true,
  });
}

/** `start`, optionally with its clock starting at `now` (so the test does not depend on today's date). */
export async function startTeamsBot(env: Record<string, string>, options: { now?: Date; timeoutMs?: number } = {}): Promise<TeamsBotProcess> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const args = options.now ? ['start', '--now', options.now.toISOString()] : ['start'];
  const child = spawnCli(args, options.now ? { ...env, TOVHOLDER_ALLOW_CLOCK_OVERRIDE: '1' } : env);
  let output = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    stderr += chunk.toString();
  });
  const stop = () => stopGroup(child);
  const started = Date.now();
  while (!ENDPOINT.test(output)) {
    if (child.exitCode !== null || Date.now() - started > timeoutMs) {
      await stop();
      throw new Error(`the bot did not start (exit ${child.exitCode}):\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { endpoint: ENDPOINT.exec(output)![1]!, output: () => output, stderr: () => stderr, stop };
}

/** One `tick --now` pass; resolves with the JSON line it printed. */
export function runTickProcess(env: Record<string, string>, now: Date): Promise<Record<string, unknown>> {
  const child = spawnCli(['tick', '--now', now.toISOString()], { ...env, TOVHOLDER_ALLOW_CLOCK_OVERRIDE: '1' });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => {
      const line = output.split('\n').find((l) => l.startsWith('{"now"'));
      if (code === 0 && line) resolve(JSON.parse(line) as Record<string, unknown>);
      else reject(new Error(`tick exited with ${code}:\n${output}`));
    });
  });
}

async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }, 5_000);
  await exited;
  clearTimeout(timer);
}
