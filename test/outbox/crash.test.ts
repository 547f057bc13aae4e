import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore } from '../../src/app.ts';
import { systemClock } from '../../src/clock.ts';
import { silentLogger } from '../../src/logger.ts';
import { plainMessage } from '../../src/messages/model.ts';
import { startRecorder, type Recorder, type RecordedPost } from '../support/http-recorder.ts';
import { tempDir } from './harness.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CHILD = fileURLToPath(new URL('../support/crash-child.ts', import.meta.url));
const LEASE_MS = 1_000;

let cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function startChild(env: Record<string, string>): { proc: ChildProcess; exited: Promise<Exit> } {
  const proc = spawn(process.execPath, ['--import', 'tsx', CHILD], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  proc.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  proc.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<Exit>((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr })));
  cleanups.push(() => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
  });
  return { proc, exited };
}

/** N posts due now, spread over 40 channels, in a fresh database file. */
function seed(n: number): { dbPath: string; keys: string[] } {
  const { dir, cleanup } = tempDir('tovholder-crash-');
  cleanups.push(cleanup);
  const dbPath = join(dir, 'tovholder.db');
  const core = createCore({ dbPath, clock: systemClock, logger: silentLogger(), platforms: [] });
  const keys = Array.from({ length: n }, (_, i) => `burst:${i}`);
  core.transaction(() => {
    keys.forEach((key, i) =>
      core.repos.deliveries.enqueue(
        {
          idempotencyKey: key,
          platform: 'recorder',
          workspaceId: 'T1',
          programmeId: null,
          target: { type: 'channel', channelRef: `C${i % 40}` },
          payload: { op: 'post', message: plainMessage(`Påmindelse ${i}`) },
        },
        systemClock.now(),
      ),
    );
  });
  core.close();
  return { dbPath, keys };
}

async function recorder(onPost: (post: RecordedPost) => void): Promise<Recorder> {
  const rec = await startRecorder({
    // 20-50 ms per post, deterministic, so a kill always lands while posts are in flight.
    delayMs: () => 20 + ((rec?.posts.length ?? 0) * 7_919) % 31,
    onPost,
    // Now and then the message is stored but the connection drops: an unknown outcome without a crash.
    resetAfterStore: (post) => post.seq % 53 === 0,
  });
  cleanups.push(() => rec.close());
  return rec;
}

function finalState(dbPath: string): { status: string; key: string; resultRef: string | null; uncertain: number }[] {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db
      .prepare('SELECT status, idempotency_key AS key, result_ref AS resultRef, uncertain FROM deliveries ORDER BY id')
      .all() as { status: string; key: string; resultRef: string | null; uncertain: number }[];
  } finally {
    db.close();
  }
}

function expectEachKeyPostedOnce(rec: Recorder, keys: string[]): void {
  const counts = rec.countsByKey();
  expect([...counts.entries()].filter(([, n]) => n !== 1)).toEqual([]);
  expect([...counts.keys()].sort()).toEqual([...keys].sort());
}

function expectAllSentWithTheirMessage(rec: Recorder, dbPath: string): void {
  const refByKey = new Map(rec.posts.map((p) => [p.idempotencyKey, p.messageRef]));
  const rows = finalState(dbPath);
  expect(rows.filter((r) => r.status !== 'sent')).toEqual([]);
  expect(rows.filter((r) => r.resultRef !== refByKey.get(r.key))).toEqual([]);
}

describe('a dispatcher process killed with SIGKILL mid-burst', () => {
  it('sends every due delivery exactly once over three kills and restarts', async () => {
    const { dbPath, keys } = seed(300);
    const killAt = new Set([40, 130, 220]);
    const killedPosts: RecordedPost[] = [];
    let current: ChildProcess | null = null;
    const rec = await recorder((post) => {
      if (!killAt.has(post.seq) || !current) return;
      // The message is stored; its sender dies before it hears so.
      killedPosts.push(post);
      current.kill('SIGKILL');
    });

    const exits: Exit[] = [];
    for (let run = 0; run < 8; run++) {
      const child = startChild({ TOVHOLDER_DB: dbPath, RECORDER_URL: rec.url, LEASE_MS: String(LEASE_MS), WORKER_ID: `run-${run}` });
      current = child.proc;
      const exit = await child.exited;
      exits.push(exit);
      if (exit.signal !== 'SIGKILL') break;
      // Killed mid-burst: some but not all posts made.
      expect(rec.posts.length).toBeLessThan(keys.length);
    }

    expect(exits.map((e) => e.signal ?? e.code)).toEqual(['SIGKILL', 'SIGKILL', 'SIGKILL', 0]);
    expect(exits.at(-1)!.stderr).toBe('');
    expectEachKeyPostedOnce(rec, keys);
    expectAllSentWithTheirMessage(rec, dbPath);
    // Each post in flight at a kill was found through findSent after the restart, not posted again.
    expect(killedPosts).toHaveLength(3);
    const found = new Set(rec.findSentCalls.filter((c) => c.found).map((c) => c.idempotencyKey));
    for (const post of killedPosts) expect(found.has(post.idempotencyKey)).toBe(true);
    const uncertain = finalState(dbPath).filter((r) => r.uncertain === 1).map((r) => r.key);
    expect(uncertain).toEqual(expect.arrayContaining(killedPosts.map((p) => p.idempotencyKey)));
  });

  it('two processes share one database; one is killed, the other takes over its leased work', async () => {
    const { dbPath, keys } = seed(300);
    const children = new Map<string, ChildProcess>();
    let killed: RecordedPost | null = null;
    const rec = await recorder((post) => {
      if (killed || post.seq < 100 || post.worker !== 'A') return;
      killed = post;
      children.get('A')!.kill('SIGKILL');
    });

    const a = startChild({ TOVHOLDER_DB: dbPath, RECORDER_URL: rec.url, LEASE_MS: String(LEASE_MS), WORKER_ID: 'A' });
    const b = startChild({ TOVHOLDER_DB: dbPath, RECORDER_URL: rec.url, LEASE_MS: String(LEASE_MS), WORKER_ID: 'B' });
    children.set('A', a.proc).set('B', b.proc);
    const [exitA, exitB] = await Promise.all([a.exited, b.exited]);

    expect(exitA.signal).toBe('SIGKILL');
    expect([exitB.code, exitB.stderr]).toEqual([0, '']);
    expectEachKeyPostedOnce(rec, keys);
    expectAllSentWithTheirMessage(rec, dbPath);
    const byWorker = new Set(rec.posts.map((p) => p.worker));
    expect([...byWorker].sort()).toEqual(['A', 'B']);
    expect(rec.findSentCalls.some((c) => c.found && c.idempotencyKey === killed!.idempotencyKey)).toBe(true);
  });
});
