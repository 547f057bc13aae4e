import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { forPeople } from '../../bin/screen.ts';

const root = new URL('../..', import.meta.url).pathname;

/** `tovholder start` with only the local workspace, stopped with SIGINT (Ctrl+C) once it is up. */
async function startAndInterrupt(env: Record<string, string>): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'tovholder-stop-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'bin/tovholder.ts', 'start'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, TOVHOLDER_DB: join(dir, 'db.sqlite'), PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let interrupted = false;
  const exited = new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve(`${code ?? signal}`)));
  child.stdout.on('data', (c: Buffer) => {
    output += c.toString();
    // The start screen is written in one piece, after the signal handlers are set up.
    if (!interrupted && /Stop with Ctrl\+C/.test(output)) interrupted = child.kill('SIGINT');
  });
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  try {
    expect(await exited, output.slice(-400)).toBe('0'); // exit code 0: stopped by its own handler, not killed
    return output;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('stopping with Ctrl+C', () => {
  it('tells a person in a sentence, without a JSON log line', async () => {
    const output = await startAndInterrupt({ LOG_FORMAT: 'text' });
    expect(output).toContain('Tovholder er stoppet. / Tovholder has stopped.');
    expect(output).not.toMatch(/^\{"level"/m);
  }, 60_000);

  it('keeps JSON lines for a log collector (stdout not a terminal, or LOG_FORMAT=json)', async () => {
    const output = await startAndInterrupt({});
    expect(output).toMatch(/^\{"level":30,.*"signal":"SIGINT".*"msg":"stopping"\}$/m);
    expect(output).not.toContain('Tovholder er stoppet');
    expect(forPeople({ LOG_FORMAT: 'auto' }, { isTTY: true })).toBe(true);
    expect(forPeople({ LOG_FORMAT: 'json' }, { isTTY: true })).toBe(false);
    expect(forPeople({ LOG_FORMAT: 'auto' }, {})).toBe(false);
  }, 60_000);
});
