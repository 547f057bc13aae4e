import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('../../..', import.meta.url).pathname;
const ADDRESS = /(http:\/\/127\.0\.0\.1:\d+\/)/;

export interface BotProcess {
  /** The local workspace's address as the start screen printed it, e.g. http://127.0.0.1:41234/ */
  url: string;
  dir: string;
  output(): string;
  stop(): Promise<void>;
}

/** A port nobody listens on right now. */
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

/**
 * `npx tsx bin/tovholder.ts start` as a user runs it: the environment holds only what the test names
 * (plus PATH and HOME, which npx itself needs), so no Slack or Teams setting leaks in from outside.
 */
export async function startBot(env: Record<string, string>, options: { ready?: RegExp; timeoutMs?: number; command?: string[] } = {}): Promise<BotProcess> {
  const ready = options.ready ?? ADDRESS;
  const dir = mkdtempSync(join(tmpdir(), 'tovholder-e2e-'));
  // By default from the sources; `command` runs something else, e.g. the compiled bot (`node <out>/bin/tovholder.js start`).
  const [bin, ...args] = options.command ?? ['npx', 'tsx', 'bin/tovholder.ts', 'start'];
  const child = spawn(bin!, args, {
    cwd: root,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? dir, TOVHOLDER_DB: join(dir, 'tovholder.db'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so stop() ends npx and the node process it started, and nothing else.
    detached: true,
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const stop = () => stopGroup(child).finally(() => rmSync(dir, { recursive: true, force: true }));
  try {
    await waitFor(() => ready.test(output), child, options.timeoutMs ?? 60_000, () => output);
    return { url: ADDRESS.exec(output)?.[1] ?? '', dir, output: () => output, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function waitFor(found: () => boolean, child: ChildProcess, timeoutMs: number, output: () => string): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const check = setInterval(() => {
      if (found()) {
        clearInterval(check);
        resolve();
      } else if (child.exitCode !== null || Date.now() - started > timeoutMs) {
        clearInterval(check);
        reject(new Error(`the bot did not get ready (exit ${child.exitCode}):\n${output()}`));
      }
    }, 100);
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
