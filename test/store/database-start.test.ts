/**
 * `tovholder start` on a database it cannot use (issue #12.12): each case gives one sentence that
 * names TOVHOLDER_DB and what is wrong, on stderr, and exit code 1: no stack trace, no hang, and a
 * damaged file is found at start (PRAGMA quick_check), not by users. The real bin runs as a child
 * process; as root (who may write anything) it runs as `nobody`, so file permissions mean what they
 * mean for a service user.
 */
import { spawn } from 'node:child_process';
import { chmodSync, closeSync, mkdirSync, mkdtempSync, openSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/db.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const NOBODY = 65534;
const asServiceUser = process.getuid?.() === 0 ? { uid: NOBODY, gid: NOBODY } : {};

let dir: string;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `tovholder start` on `dbPath`, as the service user. */
function spawnStart(dbPath: string) {
  return spawn(process.execPath, ['--import', 'tsx', 'bin/tovholder.ts', 'start'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: dir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', TOVHOLDER_DB: dbPath },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...asServiceUser,
  });
}

/** Runs `tovholder start` on `dbPath`; a start that neither exits nor fails within 20 s is killed. */
function start(dbPath: string): Promise<Run> {
  const child = spawnStart(dbPath);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    // 'close', not 'exit': by then everything the child wrote has been read.
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** A folder anyone may write in (the bot may run as `nobody`). */
function folder(name: string, mode = 0o777): string {
  const path = join(dir, name);
  mkdirSync(path);
  chmodSync(path, mode);
  return path;
}

/** A real Tovholder database with some megabytes of rows, checkpointed into the main file. */
function database(path: string, rows = 0): string {
  const db = openDatabase(path);
  const insert = db.prepare('INSERT INTO inbound_events (event_key, received_at) VALUES (?, ?)');
  db.transaction(() => {
    for (let i = 0; i < rows; i += 1) insert.run(`slack:Ev${i}:${'x'.repeat(200)}`, '2027-01-04T08:00:00.000Z');
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  chmodSync(path, 0o666);
  return path;
}

/** The one-sentence refusal: exit 1, one line on stderr naming TOVHOLDER_DB and saying `what`. */
function expectRefusal(run: Run, what: RegExp): void {
  expect(run.code, run.stderr + run.stdout).toBe(1);
  const lines = run.stderr.trim().split('\n');
  expect(lines, run.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^TOVHOLDER_DB \(/);
  expect(lines[0]).toMatch(what);
  expect(run.stderr).not.toMatch(/\n\s+at /);
  expect(run.stdout).toBe('');
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tovholder-dbstart-'));
  chmodSync(dir, 0o755);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('tovholder start on a database it cannot use', () => {
  it('a read-only file', async () => {
    const path = database(join(folder('readonly'), 'db.sqlite'));
    chmodSync(path, 0o444);
    expectRefusal(await start(path), /is read-only/);
  });

  it('a folder it may not write in', async () => {
    const locked = folder('locked', 0o555);
    expectRefusal(await start(join(locked, 'db.sqlite')), new RegExp(`the folder ${locked} is not writable`));
  });

  it('a path below a file', async () => {
    const file = join(folder('below'), 'notes.txt');
    writeFileSync(file, 'not a folder');
    expectRefusal(await start(join(file, 'data', 'db.sqlite')), new RegExp(`${file} is a file, not a folder`));
  });

  it('a file that is not a database', async () => {
    const path = join(folder('garbage'), 'db.sqlite');
    writeFileSync(path, Buffer.alloc(64 * 1024, 0x5a));
    chmodSync(path, 0o666);
    expectRefusal(await start(path), /is not an SQLite database/);
  });

  it('a database whose last pages are damaged', async () => {
    const path = database(join(folder('tail'), 'db.sqlite'), 20_000);
    const size = statSync(path).size;
    const fd = openSync(path, 'r+');
    writeSync(fd, Buffer.alloc(128 * 1024, 0xa5), 0, 128 * 1024, size - 128 * 1024);
    closeSync(fd);
    expectRefusal(await start(path), /is damaged \(SQLite's quick_check: .+\): restore it from a backup/);
  });

  it('a path under /proc, without hanging', async () => {
    expectRefusal(await start('/proc/1/tovholder/db.sqlite'), /the folder \/proc\/1\/tovholder does not exist and could not be created/);
    // As root SQLite cannot create it there; as a service user /proc is not writable to begin with.
    expectRefusal(await start('/proc/tovholder.db'), /cannot be opened or created in \/proc|the folder \/proc is not writable/);
  });

  it('a good database starts (the check itself refuses nothing)', async () => {
    const path = database(join(folder('good'), 'db.sqlite'), 100);
    const child = spawnStart(path);
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    await new Promise<void>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`exited with ${code}`)));
      child.stdout.on('data', () => stdout.includes('Tovholder kører') && resolve());
    });
    child.kill('SIGTERM');
    expect(stdout).toContain(path);
  });
});
