/**
 * `tovholder start`'s last line of defence (bin/last-resort.ts), in a child process as in production:
 * a rejected promise nobody awaited is logged and the process keeps running; an exception thrown up to
 * the event loop is logged in one line and ends the process with code 1.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Runs `body` after installing the handlers with a real logger; returns exit code and output. */
function run(body: string): Promise<{ code: number | null; stdout: string }> {
  const script = `
    import { installLastResort } from './bin/last-resort.ts';
    import { createLogger } from './src/logger.ts';
    installLastResort(createLogger({ level: 'info' }));
    ${body}
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout })));
}

describe('the last resort of tovholder start', () => {
  it('logs a rejection nobody handled and keeps running', async () => {
    const { code, stdout } = await run(`
      void Promise.reject(new TypeError("Cannot read properties of null (reading 'ssl_check')"));
      setTimeout(() => { process.stdout.write('still serving\\n'); process.exit(0); }, 200);
    `);
    expect(code).toBe(0);
    expect(stdout).toMatch(/"level":50.*"msg":"unhandled rejection; the bot keeps running"/);
    expect(stdout).toContain('still serving');
  });

  it('logs an uncaught exception in one line and exits with code 1', async () => {
    const { code, stdout } = await run(`
      setTimeout(() => { throw new Error('state unknown'); }, 10);
      setTimeout(() => process.stdout.write('still serving\\n'), 500);
    `);
    expect(code).toBe(1);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/"level":60.*"msg":"uncaught exception; stopping/);
  });
});
