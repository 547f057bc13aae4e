/**
 * One server under test for the process bench, launched cold: the bare Bolt app (bench/slack-ack/
 * bare-app.ts, transpiled to plain JavaScript first so neither side pays for tsx) or `tovholder start`
 * as `npm start` runs it (compiled, from dist/) or, with `tsx`, as it ran before (TypeScript through tsx).
 * Times launch to the first HTTP answer and reads the process's resident memory from /proc.
 */
import { execFileSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { spawnServer } from '../slack-ack/processes.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** dist/ is build output (gitignored, with its own `"type": "module"`); the bench's bare app goes there too. */
const BARE_JS = join(ROOT, 'dist', 'bench', 'bare-app.js');

export type Kind = 'bare' | 'bot' | 'bot-tsx';

export interface Running {
  kind: Kind;
  eventsUrl: string;
  /** From spawn until the first HTTP response (any status) from the server, ms. */
  launchToHttpMs: number;
  /** Date.now() when that response arrived: the first command's answer is timed from here. */
  httpAt: number;
  pid: number;
  output(): string;
  stop(): Promise<void>;
}

/** The bare app as plain JavaScript (type-stripped by the TypeScript compiler, no type check). */
export function transpileBareApp(): string {
  const source = readFileSync(join(ROOT, 'bench', 'slack-ack', 'bare-app.ts'), 'utf8');
  const { outputText } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } });
  mkdirSync(join(ROOT, 'dist', 'bench'), { recursive: true });
  writeFileSync(BARE_JS, outputText);
  return BARE_JS;
}

const COMMANDS: Record<Kind, { args: string[]; ready: RegExp }> = {
  bare: { args: [BARE_JS], ready: /listening on (http:\/\/\S+)/ },
  bot: { args: [join(ROOT, 'dist', 'bin', 'tovholder.js'), 'start'], ready: /request URL (http:\/\/\S+\/slack\/events)/ },
  'bot-tsx': { args: ['--import', 'tsx', join(ROOT, 'bin', 'tovholder.ts'), 'start'], ready: /request URL (http:\/\/\S+\/slack\/events)/ },
};

/**
 * Starts `kind` with `env` only (plus PATH and HOME) and resolves once it has answered HTTP. `entry`
 * runs another compiled bot instead of dist/'s (another build of another commit, for a before/after
 * in the same run).
 */
export async function launch(kind: Kind, env: Record<string, string>, entry?: string): Promise<Running> {
  const { ready } = COMMANDS[kind];
  const args = entry ? [entry, 'start'] : COMMANDS[kind].args;
  const started = performance.now();
  const { child, url: eventsUrl, output } = await spawnServer(kind, args, env, ready, 60_000);
  // Its first HTTP answer: an unsigned GET, which both refuse at once, without any work behind it.
  await fetch(eventsUrl).then((res) => res.arrayBuffer());
  const launchToHttpMs = performance.now() - started;
  return { kind, eventsUrl, launchToHttpMs, httpAt: Date.now(), pid: child.pid!, output, stop: () => stop(child) };
}

/** Resident memory of the whole process (all its threads share one address space), and its thread count. */
export function residentMemory(pid: number): { rssMb: number; threads: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1]);
  const threads = Number(/^Threads:\s+(\d+)/m.exec(status)?.[1]);
  return { rssMb: kb / 1024, threads };
}

/** CPU time the process has used so far, all threads, user + system, in ms (/proc/<pid>/stat). */
export function cpuTimeMs(pid: number): number {
  // Fields after the command's closing parenthesis (which may hold spaces): utime and stime are the 14th and 15th.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}

/** The kernel's clock ticks per second, the unit of /proc/<pid>/stat's times. */
const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
