import type { Clock } from '../src/clock.ts';
import type { Config } from '../src/config.ts';
import type { Logger } from '../src/logger.ts';
import type { ChatPlatform } from '../src/platform/port.ts';

export interface Platforms {
  ports: ChatPlatform[];
  /** Human-readable lines on what is connected, for the start-up screen. */
  describe: string[];
  close(): Promise<void>;
}

/** Builds the platform adapters the configuration asks for. Adapters register here as they arrive. */
export async function createPlatforms(_config: Config, _deps: { logger: Logger; clock: Clock }): Promise<Platforms> {
  return { ports: [], describe: [], close: async () => {} };
}
