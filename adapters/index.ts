import type { Server } from 'node:http';
import type { Core } from '../src/app.ts';
import type { Clock } from '../src/clock.ts';
import { hasLocalWorkspace, hasSlack, hasTeams, type Config } from '../src/config.ts';
import type { Logger } from '../src/logger.ts';
import type { ChatPlatform } from '../src/platform/port.ts';
import { createMetrics } from '../src/ops/metrics.ts';
import { Health } from '../src/ops/health.ts';
import { listen } from './http.ts';
import { opsRoutes } from './ops.ts';
import type { Adapter } from './types.ts';

export interface Platforms {
  ports: ChatPlatform[];
  /** Attaches the adapters to the core and serves their routes; returns the base URL and what is connected. */
  listen(core: Core): Promise<{ url: string; describe: string[] }>;
  /** Gives adapters the core's database without serving HTTP: for one-shot passes such as `tick`. */
  bind(core: Core): void;
  close(): Promise<void>;
}

/**
 * Builds the platform adapters the configuration asks for. Adapters register here as they arrive.
 * Each is imported only when configured: Bolt and the Bot Framework SDK take tens of megabytes and
 * a second or more to load. (The outbox thread of `tovholder start` builds none: it calls the main thread's.)
 */
export async function createPlatforms(config: Config, deps: { logger: Logger; clock: Clock }): Promise<Platforms> {
  const adapters: Adapter[] = [];
  if (hasLocalWorkspace(config)) {
    const { createLocalAdapter } = await import('./local/index.ts');
    adapters.push(createLocalAdapter({ dbPath: config.TOVHOLDER_DB, clock: deps.clock, logger: deps.logger }));
  }
  if (hasSlack(config)) adapters.push((await import('./slack/index.ts')).createSlackPlatform(config, deps));
  if (hasTeams(config)) adapters.push((await import('./teams/index.ts')).createTeamsPlatform(config, deps));
  let server: Server | null = null;
  let health: Health | null = null;
  return {
    ports: adapters.map((a) => a.port),
    async listen(core) {
      for (const adapter of adapters) await adapter.attach(core);
      health = startHealth(core, adapters, deps.logger);
      // Socket Mode alone needs no HTTP server for Slack, but /healthz, /readyz and /metrics do.
      const routes = [...adapters.flatMap((a) => a.routes), ...opsRoutes({ health, metrics: createMetrics(core), metricsToken: config.TOVHOLDER_METRICS_TOKEN })];
      const started = await listen(routes, { port: config.PORT, host: config.HOST, logger: deps.logger });
      server = started.server;
      for (const adapter of adapters) adapter.listening?.();
      return { url: started.url, describe: adapters.map((a) => a.describe(started.url)) };
    },
    bind(core) {
      for (const adapter of adapters) adapter.bind?.(core);
    },
    async close() {
      health?.stop();
      await Promise.all(adapters.map((a) => a.close()));
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    },
  };
}

/** Readiness with each adapter's credential check; the first round of checks starts now. */
function startHealth(core: Core, adapters: Adapter[], logger: Logger): Health {
  const probes = adapters.flatMap((a) => (a.authCheck ? [{ platform: a.port.name, check: () => a.authCheck!() }] : []));
  const health = new Health({ db: core.db, clock: core.clock, logger: logger.child({ part: 'health' }), probes });
  void health.start();
  return health;
}
