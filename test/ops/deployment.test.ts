/**
 * The container image and the systemd unit, checked against the code they run: no container runtime
 * runs here, so the Dockerfile's stages are read and held against package.json and the server's routes.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { HEALTH_PATH, METRICS_PATH, opsRoutes, READY_PATH } from '../../adapters/ops.ts';
import { envSchema } from '../../src/config.ts';
import type { Health } from '../../src/ops/health.ts';
import type { Registry } from 'prom-client';

const ROOT = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, ROOT), 'utf8');
const pkg = JSON.parse(read('package.json')) as { engines: { node: string }; scripts: { start: string } };

interface Stage {
  from: string;
  name: string;
  instructions: { keyword: string; args: string }[];
}

/** The Dockerfile's stages: its instructions with continuation lines joined and comments dropped. */
function dockerStages(text: string): Stage[] {
  const lines = text.replace(/\\\n/g, ' ').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  const stages: Stage[] = [];
  for (const line of lines) {
    const [, keyword = '', args = ''] = /^(\S+)\s+(.*)$/.exec(line) ?? [];
    if (keyword.toUpperCase() === 'FROM') {
      const [, from = '', name = ''] = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args) ?? [];
      stages.push({ from, name, instructions: [] });
    } else stages.at(-1)?.instructions.push({ keyword: keyword.toUpperCase(), args });
  }
  return stages;
}

const args = (stage: Stage, keyword: string) => stage.instructions.filter((i) => i.keyword === keyword).map((i) => i.args);

/** `npm start` as the command a container runs without npm: `tsx x` is `node --import tsx x`. */
function startCommand(script: string): string[] {
  const [bin, ...rest] = script.split(/\s+/);
  if (bin === 'tsx') return ['node', '--import', 'tsx', ...rest];
  if (bin === 'node') return ['node', ...rest];
  throw new Error(`the Dockerfile test does not know how to run "${script}" without npm: teach it, and the Dockerfile`);
}

describe('Dockerfile', () => {
  const stages = dockerStages(read('Dockerfile'));
  const build = stages[0]!;
  const runtime = stages.at(-1)!;

  it('builds on the Node major version package.json asks for, in two stages of one Debian release', () => {
    const major = /(\d+)/.exec(pkg.engines.node)![1];
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of stages) expect(stage.from).toMatch(new RegExp(`^node:${major}(\\.\\d+)*-bookworm-slim$`));
    expect(args(build, 'RUN').join(' ')).toMatch(/apt-get install .*python3.*make.*g\+\+/);
  });

  it('installs with npm ci from the lock file, compiles, keeps only the runtime dependencies, and copies them to a slim non-root stage', () => {
    expect(args(build, 'COPY')).toContain('package.json package-lock.json ./');
    expect(args(build, 'RUN').some((r) => /\bnpm ci\b/.test(r))).toBe(true);
    expect(args(build, 'RUN').some((r) => /\bnpm run build\b.*\bnpm prune --omit=dev\b/.test(r))).toBe(true);
    expect(args(runtime, 'RUN').join(' ')).not.toMatch(/npm (ci|install)|apt-get/);
    expect(args(runtime, 'COPY')).toContain(`--from=${build.name} /app/node_modules ./node_modules`);
    const user = args(runtime, 'USER');
    expect(user).toHaveLength(1);
    expect(user[0]).not.toMatch(/^(root|0)$/);
  });

  it('compiles every folder the bot loads code from, runs the compiled dist/, and keeps the database on a volume', () => {
    // Sources from the build context (not --from=build): all but the last word of each COPY.
    const sources = (stage: Stage) => args(stage, 'COPY').filter((a) => !a.startsWith('--from')).flatMap((a) => a.split(/\s+/).slice(0, -1));
    for (const needed of ['tsconfig.json', 'scripts/build.mjs', 'bin', 'src', 'adapters']) expect(sources(build)).toContain(needed);
    expect(sources(runtime)).toContain('package.json');
    expect(args(runtime, 'COPY')).toContain(`--from=${build.name} /app/dist ./dist`);
    for (const path of [...sources(build), ...sources(runtime)]) expect(existsSync(new URL(path, ROOT))).toBe(true);
    const db = /TOVHOLDER_DB=(\S+)/.exec(args(runtime, 'ENV').join(' '))![1]!;
    expect(args(runtime, 'VOLUME').join(' ')).toContain(`"${dirname(db)}"`);
  });

  it('starts what `npm start` starts', () => {
    const cmd = JSON.parse(args(runtime, 'CMD')[0]!) as string[];
    expect(cmd).toEqual(startCommand(pkg.scripts.start));
  });

  it('has a HEALTHCHECK on a path the server serves as readiness', () => {
    const check = args(runtime, 'HEALTHCHECK')[0]!;
    const path = /\/[a-z]+(?=')/.exec(check.slice(check.indexOf('CMD')))?.[0];
    expect(path).toBe(READY_PATH);
    const served = opsRoutes({ health: {} as Health, metrics: {} as Registry }).map((r) => r.prefix);
    expect(served).toEqual([HEALTH_PATH, READY_PATH, METRICS_PATH]);
    // node -e runs the check: the slim image has no curl or wget.
    expect(check).toMatch(/CMD \["node", "-e", "fetch\(/);
  });

  it('leaves local databases, secrets and node_modules out of the build context', () => {
    const ignored = read('.dockerignore').split('\n').map((l) => l.trim());
    for (const entry of ['node_modules', 'data', '*.db', '*.db-wal', '.env', '.git']) expect(ignored).toContain(entry);
  });
});

describe('compose.yaml', () => {
  const compose = parseYaml(read('compose.yaml')) as { services: Record<string, { environment: Record<string, string>; env_file: string; ports: string[]; volumes: string[] }> };
  const service = compose.services.tovholder!;

  it('sets only variables Tovholder reads, keeps the database on a volume and the port on loopback', () => {
    for (const name of Object.keys(service.environment)) expect(Object.keys(envSchema.shape)).toContain(name);
    expect(service.volumes.some((v) => v.endsWith(`:${dirname(service.environment.TOVHOLDER_DB!)}`))).toBe(true);
    expect(service.ports.every((p) => p.startsWith('127.0.0.1:'))).toBe(true);
    expect(service.env_file).toBe('tovholder.env');
  });
});

describe('docs/tovholder.service', () => {
  const text = read('docs/tovholder.service');
  const settings = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const match = /^([A-Za-z]+)=(.*)$/.exec(line.trim());
    if (match) settings.set(match[1]!, [...(settings.get(match[1]!) ?? []), match[2]!]);
  }
  const one = (key: string) => settings.get(key)?.at(-1);
  const environment = new Map((settings.get('Environment') ?? []).map((e) => e.split('=', 2) as [string, string]));

  it('restarts on failure, runs as its own user with its database in its StateDirectory, secrets from a file', () => {
    expect(one('Restart')).toBe('on-failure');
    expect(one('User') ?? one('DynamicUser')).toMatch(/^(tovholder|yes|true)$/);
    expect(one('StateDirectory')).toBe('tovholder');
    expect(environment.get('TOVHOLDER_DB')).toBe('/var/lib/tovholder/tovholder.db');
    expect(one('EnvironmentFile')).toMatch(/^\/etc\/tovholder\//);
    for (const name of environment.keys()) if (name !== 'NODE_ENV') expect(Object.keys(envSchema.shape)).toContain(name);
    expect(one('ExecStart')).toBe(`/usr/bin/${startCommand(pkg.scripts.start).join(' ')}`);
  });

  it('is hardened: read-only system, no home, no new privileges, private /tmp, no capabilities', () => {
    expect(one('ProtectSystem')).toBe('strict');
    expect(one('ProtectHome')).toBe('true');
    expect(one('NoNewPrivileges')).toBe('true');
    expect(one('PrivateTmp')).toBe('true');
    expect(one('CapabilityBoundingSet')).toBe('');
    // V8 compiles JavaScript to machine code at run time: this option would kill node.
    expect(settings.has('MemoryDenyWriteExecute')).toBe(false);
  });

  it('passes systemd-analyze verify (with ExecStart pointing at this machine\'s node)', () => {
    const analyze = spawnSync('systemd-analyze', ['--version']);
    if (analyze.error) return; // not installed: the checks above are all there is
    const dir = mkdtempSync(join(tmpdir(), 'tovholder-unit-'));
    try {
      const unit = join(dir, 'tovholder.service');
      writeFileSync(unit, text.replace('ExecStart=/usr/bin/node', `ExecStart=${process.execPath}`));
      expect(execFileSync('systemd-analyze', ['verify', unit], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
