import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GENERAL_CHANNEL } from '../../adapters/local/directory.ts';

const root = new URL('../..', import.meta.url).pathname;
const example = readFileSync(new URL('../templates/fixtures/kort-partnerskab.json', import.meta.url), 'utf8');

describe('tovholder start with TOVHOLDER_TEMPLATES_DIR', () => {
  it('logs one warn line for the invalid file and offers the valid one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tovholder-templates-start-'));
    const templates = join(dir, 'templates');
    mkdirSync(templates);
    writeFileSync(join(templates, 'kort.json'), example);
    writeFileSync(join(templates, 'forkert.json'), example.replace('"from": "besoeg"', '"from": "besog"').replace('"kort-partnerskab"', '"forkert"'));
    const child = spawn(process.execPath, ['--import', 'tsx', 'bin/tovholder.ts', 'start'], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, TOVHOLDER_DB: join(dir, 'db.sqlite'), PORT: '0', TOVHOLDER_TEMPLATES_DIR: templates },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const exited = new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve(`${code ?? signal}`)));
    const up = new Promise<string>((resolve) => {
      const read = (c: Buffer) => {
        output += c.toString();
        const url = /Stop with Ctrl\+C/.test(output) && /(http:\/\/127\.0\.0\.1:\d+)\//.exec(output);
        if (url) resolve(url[1]!);
      };
      child.stdout.on('data', read);
      child.stderr.on('data', read);
    });
    try {
      const url = await Promise.race([up, exited.then((code) => Promise.reject(new Error(`exited ${code}: ${output.slice(-400)}`)))]);
      const response = await fetch(`${url}/api/send`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ as: 'U-mette', channel: GENERAL_CHANNEL, text: '/tovholder skabeloner' }),
      });
      expect(response.status).toBe(200);
      const state = await (await fetch(`${url}/api/state?as=U-mette&channel=${encodeURIComponent(GENERAL_CHANNEL)}`)).text();
      expect(state).toContain('Kort partnerskab');
      expect(state).toContain('2 måneder, 3 trin');
      expect(state).not.toContain('`forkert`');
      child.kill('SIGINT');
      expect(await exited, output.slice(-400)).toBe('0');
      const warnings = output.split('\n').filter((line) => line.startsWith('{"level":40'));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain('skabelon «forkert.json», trin «opsamling», felt «placement.from»: ukendt trin «besog»');
      expect(output).not.toMatch(/\n\s+at /);
    } finally {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
