import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listen } from '../../adapters/http.ts';
import { opsRoutes } from '../../adapters/ops.ts';
import { createCore, type Core } from '../../src/app.ts';
import { ManualClock } from '../../src/clock.ts';
import { silentLogger } from '../../src/logger.ts';
import { Health, type AuthProbe } from '../../src/ops/health.ts';
import { createMetrics } from '../../src/ops/metrics.ts';
import { FakePlatform } from '../support/fake-platform.ts';

interface Served {
  core: Core;
  clock: ManualClock;
  health: Health;
  url: string;
  get(path: string, headers?: Record<string, string>): Promise<{ status: number; body: string; headers: Headers }>;
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A core on a database file, with the ops routes on a real HTTP server, at a clock the test moves. */
async function serve(options: { probes?: AuthProbe[]; metricsToken?: string } = {}): Promise<Served> {
  const dir = mkdtempSync(join(tmpdir(), 'tovholder-health-'));
  const clock = new ManualClock('2027-01-04T08:00:00Z');
  const logger = silentLogger();
  const core = createCore({ dbPath: join(dir, 'bot.db'), clock, logger, platforms: [new FakePlatform('slack')] });
  const health = new Health({ db: core.db, clock, logger, probes: options.probes ?? [] });
  await health.checkPlatforms();
  const server = await listen(opsRoutes({ health, metrics: createMetrics(core), metricsToken: options.metricsToken }), { port: 0, host: '127.0.0.1', logger });
  cleanups.push(() => {
    core.close();
    rmSync(dir, { recursive: true, force: true });
  });
  cleanups.push(() => new Promise<void>((resolve) => server.server.close(() => resolve())));
  return {
    core,
    clock,
    health,
    url: server.url,
    async get(path, headers = {}) {
      const response = await fetch(`${server.url}${path}`, { headers });
      return { status: response.status, body: await response.text(), headers: response.headers };
    },
  };
}

describe('/healthz and /readyz', () => {
  it('answers liveness with 200 and readiness with each check, once the scheduler has ticked', async () => {
    const bot = await serve();
    expect((await bot.get('/healthz')).status).toBe(200);
    const before = await bot.get('/readyz');
    expect(before.status).toBe(503);
    expect(JSON.parse(before.body).checks.scheduler).toEqual({ ok: false, detail: 'has not ticked yet' });

    await bot.core.scheduler.tick();
    const after = await bot.get('/readyz');
    expect(after.status).toBe(200);
    expect(JSON.parse(after.body)).toMatchObject({ status: 'ready', checks: { database: { ok: true }, scheduler: { ok: true, detail: 'last tick 0 s ago' } } });
  });

  it('turns 503 when the scheduler has stopped ticking for more than two minutes', async () => {
    const bot = await serve();
    bot.core.scheduler.start();
    await bot.core.scheduler.settled();
    await bot.core.scheduler.tick();
    bot.clock.advance(119_000);
    expect((await bot.get('/readyz')).status).toBe(200);

    bot.core.scheduler.stop();
    bot.clock.advance(2_000);
    const stale = await bot.get('/readyz');
    expect(stale.status).toBe(503);
    expect(JSON.parse(stale.body)).toMatchObject({ status: 'not ready', checks: { scheduler: { ok: false, detail: 'last tick 121 s ago' }, database: { ok: true } } });
  });

  it('turns 503 while a platform refuses our credentials, and ready again once it accepts them', async () => {
    let refuse = true;
    const probe: AuthProbe = { platform: 'slack', check: async () => { if (refuse) throw new Error('invalid_auth'); return 'auth.test ok'; } };
    const bot = await serve({ probes: [probe] });
    await bot.core.scheduler.tick();
    const refused = await bot.get('/readyz');
    expect(refused.status).toBe(503);
    expect(JSON.parse(refused.body).checks['platform:slack']).toEqual({ ok: false, detail: 'invalid_auth' });

    refuse = false;
    await bot.health.checkPlatforms();
    expect((await bot.get('/readyz')).status).toBe(200);
  });

  it('refuses anything but GET and HEAD', async () => {
    const bot = await serve();
    const posted = await fetch(`${bot.url}/readyz`, { method: 'POST', body: '{}' });
    expect(posted.status).toBe(405);
    expect(posted.headers.get('allow')).toBe('GET, HEAD');
  });
});
