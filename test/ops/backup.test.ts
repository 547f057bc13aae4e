/**
 * `tovholder backup` and `tovholder restore` as an operator runs them (child processes): a backup taken
 * while a burst of deliveries is being committed is one consistent snapshot holding every delivery
 * committed before it began, and restores to exactly that; a restore refuses a damaged or foreign file
 * and keeps the database it replaces.
 */
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src/app.ts';
import { systemClock } from '../../src/clock.ts';
import { silentLogger } from '../../src/logger.ts';
import { plainMessage } from '../../src/messages/model.ts';
import { runCli } from './cli.ts';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tovholder-backup-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function openCore(dbPath: string): Core {
  return createCore({ dbPath, clock: systemClock, logger: silentLogger(), platforms: [] });
}

/** Commits delivery `i` (enqueued and sent, as the outbox records a send) in its own transaction. */
function commitDelivery(core: Core, i: number): void {
  core.transaction(() => {
    core.repos.deliveries.enqueue(
      { idempotencyKey: `burst:${String(i).padStart(6, '0')}`, platform: 'slack', workspaceId: 'T1', programmeId: null, target: { type: 'channel', channelRef: `C${i % 40}` }, payload: { op: 'post', message: plainMessage(`Påmindelse ${i} `.repeat(20)) } },
      systemClock.now(),
    );
    core.db.prepare("UPDATE deliveries SET status = 'sent', result_ref = ?, finished_at = ? WHERE idempotency_key = ?").run(`ts-${i}`, systemClock.now().toISOString(), `burst:${String(i).padStart(6, '0')}`);
  });
}

function deliveryKeys(file: string): string[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return db.prepare("SELECT idempotency_key FROM deliveries WHERE status = 'sent' AND result_ref IS NOT NULL ORDER BY idempotency_key").pluck().all() as string[];
  } finally {
    db.close();
  }
}

const expectedKeys = (n: number) => Array.from({ length: n }, (_, i) => `burst:${String(i).padStart(6, '0')}`);

describe('tovholder backup and restore', () => {
  it('backs up while a burst of deliveries is committed: every delivery committed before it, none half', async () => {
    const dir = tempDir();
    const dbPath = join(dir, 'tovholder.db');
    const core = openCore(dbPath);
    // Keep the commits in the -wal file, where a plain file copy would miss them.
    core.db.pragma('wal_autocheckpoint = 0');
    let committed = 0;
    for (; committed < 2_000; committed += 1) commitDelivery(core, committed);
    const committedBeforeBackup = committed;
    const backupFile = join(dir, 'backup.db');
    let finished = false;
    const backup = runCli(['backup', backupFile], { TOVHOLDER_DB: dbPath }).finally(() => (finished = true));
    // The burst goes on while the backup process starts, copies and verifies.
    while (!finished) {
      for (let i = 0; i < 20; i += 1) commitDelivery(core, committed++);
      await new Promise((resolve) => setImmediate(resolve));
    }
    const result = await backup;
    core.close();
    expect(committed).toBeGreaterThan(committedBeforeBackup);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Backup written to ${backupFile} and verified (PRAGMA integrity_check: ok).`);
    expect(existsSync(`${backupFile}-wal`)).toBe(false);

    // One snapshot: the first n deliveries for some n between what was committed before and after.
    const inBackup = deliveryKeys(backupFile);
    expect(inBackup.length).toBeGreaterThanOrEqual(committedBeforeBackup);
    expect(inBackup.length).toBeLessThanOrEqual(committed);
    expect(inBackup).toEqual(expectedKeys(inBackup.length));

    const restored = await runCli(['restore', backupFile], { TOVHOLDER_DB: dbPath });
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    const kept = /kept as (\S+)\.\n/.exec(restored.stdout)![1]!;
    expect(kept).toMatch(/tovholder\.db\.before-restore-\d{8}T\d{6}Z$/);
    expect(deliveryKeys(dbPath)).toEqual(inBackup);
    // The replaced database, with its -wal, still holds the whole burst.
    expect(deliveryKeys(kept)).toEqual(expectedKeys(committed));
  }, 60_000);

  it('refuses a damaged file, a file that is not Tovholder\'s, and an existing backup file, changing nothing', async () => {
    const dir = tempDir();
    const dbPath = join(dir, 'tovholder.db');
    const core = openCore(dbPath);
    for (let i = 0; i < 10; i += 1) commitDelivery(core, i);
    core.close();
    const garbage = join(dir, 'garbage.db');
    writeFileSync(garbage, 'this is not a database '.repeat(500));
    const foreign = join(dir, 'foreign.db');
    new Database(foreign).exec('CREATE TABLE notes (text TEXT)');

    const damaged = await runCli(['restore', garbage], { TOVHOLDER_DB: dbPath });
    expect(damaged.code).toBe(1);
    expect(damaged.stderr).toContain('is not a readable database: file is not a database');
    const notOurs = await runCli(['restore', foreign], { TOVHOLDER_DB: dbPath });
    expect(notOurs.code).toBe(1);
    expect(notOurs.stderr).toContain("is an SQLite database, but not Tovholder's");
    const overwrite = await runCli(['backup', garbage], { TOVHOLDER_DB: dbPath });
    expect(overwrite.code).toBe(1);
    expect(overwrite.stderr).toContain('exists already');
    for (const run of [damaged, notOurs, overwrite]) expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(deliveryKeys(dbPath)).toEqual(expectedKeys(10));
    expect(readdirSync(dir).filter((name) => name.includes('before-restore'))).toEqual([]);
  }, 60_000);

  it('refuses to restore while a bot runs on the database, and goes ahead once it is gone, even after kill -9', async () => {
    const dir = tempDir();
    const dbPath = join(dir, 'tovholder.db');
    const backupFile = join(dir, 'backup.db');
    const core = openCore(dbPath);
    commitDelivery(core, 0);
    // Still to be sent at the backup's moment; by the time of a restore it may have gone out.
    core.repos.deliveries.enqueue({ idempotencyKey: 'pending:1', platform: 'slack', workspaceId: 'T1', programmeId: null, target: { type: 'channel', channelRef: 'C1' }, payload: { op: 'post', message: plainMessage('Påmindelse') } }, systemClock.now());
    core.close();
    expect((await runCli(['backup', backupFile], { TOVHOLDER_DB: dbPath })).code).toBe(0);

    const bot = await startLocalBot(dbPath);
    const refused = await runCli(['restore', backupFile], { TOVHOLDER_DB: dbPath });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^A Tovholder is running on .*tovholder\.db \(.+:\d+, seen \d+ s ago\)\. Stop it first/);
    expect(readdirSync(dir).filter((name) => name.includes('before-restore'))).toEqual([]);

    bot.kill('SIGKILL');
    await new Promise((resolve) => bot.once('exit', resolve));
    const restored = await runCli(['restore', backupFile], { TOVHOLDER_DB: dbPath });
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    expect(deliveryKeys(dbPath)).toEqual(expectedKeys(1));
    // So the outbox checks with the platform before sending it (as after a crash); the sent one is as it was.
    const after = new Database(dbPath, { readonly: true });
    expect(after.prepare('SELECT idempotency_key, status, uncertain FROM deliveries ORDER BY id').all()).toEqual([
      { idempotency_key: 'burst:000000', status: 'sent', uncertain: 0 },
      { idempotency_key: 'pending:1', status: 'pending', uncertain: 1 },
    ]);
    after.close();
  }, 60_000);
});

/** `tovholder start` with only the local workspace, on a free port; resolves once it serves. */
async function startLocalBot(dbPath: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bin/tovholder.ts', 'start'], {
    cwd: fileURLToPath(new URL('../../', import.meta.url)),
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TOVHOLDER_DB: dbPath, PORT: '0', LOG_LEVEL: 'warn', TOVHOLDER_LOCAL_WORKSPACE: 'on' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  cleanups.push(() => child.exitCode === null && child.signalCode === null && child.kill('SIGKILL'));
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start screen within 30 s:\n${output}`)), 30_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (/http:\/\/127\.0\.0\.1:\d+\//.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`tovholder start exited with ${code}:\n${output}`)));
  });
  return child;
}
