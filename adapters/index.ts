import type { Server } from 'node:http';
import type { Core } from '../src/app.ts';
import type { Clock } from '../src/clock.ts';
import { hasLocalWorkspace, hasSlack, hasTeams, type Config } from '../src/config.ts';
import type { Logger } from '../src/logger.ts';
import type { ChatPlatform } from '../src/platform/port.ts';
import { listen } from './http.ts';
import { createLocalAdapter } from './local/index.ts';
import { createSlackPlatform } from './slack/index.ts';
import { createTeamsPlatform } from './teams/index.ts';
import type { Adapter } from './types.ts';

export interface Platforms {
  ports: ChatPlatform[];
  /** Attaches the adapters to the core and serves their routes; returns the base URL and what is connected. */
  listen(core: Core): Promise<{ url: string; describe: string[] }>;
  /** Gives adapters the core's database without serving HTTP: for one-shot passes such as `tick`. */
  bind(core: Core): void;
  close(): Promise<void>;
}

/** Builds the platform adapters the configuration asks for. Adapters register here as they arrive. */
export async function createPlatforms(config: Config, deps: { logger: Logger; clock: Clock }): Promise<Platforms> {
  const adapters: Adapter[] = [];
  if (hasLocalWorkspace(config)) adapters.push(createLocalAdapter({ dbPath: config.TOVHOLDER_DB, clock: deps.clock, logger: deps.logger }));
  if (hasSlack(config)) adapters.push(createSlackPlatform(config, deps));
  if (hasTeams(config)) adapters.push(createTeamsPlatform(config, deps));
  void deps;
  let server: Server | null = null;
  return {
    ports: adapters.map((a) => a.port),
    async listen(core) {
      for (const adapter of adapters) await adapter.attach(core);
      const routes = adapters.flatMap((a) => a.routes);
      // Socket Mode alone needs no HTTP server, but is connected all the same.
      if (routes.length === 0) return { url: '', describe: adapters.map((a) => a.describe('')) };
      const started = await listen(routes, { port: config.PORT, host: config.HOST, logger: deps.logger });
      server = started.server;
      return { url: started.url, describe: adapters.map((a) => a.describe(started.url)) };
    },
    bind(core) {
      for (const adapter of adapters) adapter.bind?.(core);
    },
    async close() {
      await Promise.all(adapters.map((a) => a.close()));
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    },
  };
}
