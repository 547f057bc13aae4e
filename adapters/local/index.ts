import type { Core } from '../../src/app.ts';
import { OffsetClock, type Clock } from '../../src/clock.ts';
import type { Logger } from '../../src/logger.ts';
import type { Adapter } from '../types.ts';
import { WORKSPACE_ID } from './directory.ts';
import { LocalPort } from './port.ts';
import { localRoutes } from './routes.ts';
import { LocalStore } from './store.ts';
import { TimeControl } from './time.ts';
import { LocalWorkspace } from './workspace.ts';

export interface LocalAdapterOptions {
  /** The bot's database file; the workspace keeps its own tables (local_*) in it. */
  dbPath: string;
  /** The core's clock. An OffsetClock turns on the page's time control. */
  clock: Clock;
  logger: Logger;
}

/**
 * The local workspace: a chat platform that lives in the bot's own process and database, with a web
 * page on the bot's HTTP server. It goes through the same core, store and outbox as Slack and Teams.
 */
export function createLocalAdapter(options: LocalAdapterOptions): Adapter & { store: LocalStore; port: LocalPort } {
  const logger = options.logger.child({ part: 'local' });
  const store = LocalStore.open(options.dbPath, options.clock);
  const port = new LocalPort(store, logger);
  let handler: ReturnType<typeof localRoutes> | null = null;
  let saveClock: (() => void) | null = null;
  let saver: NodeJS.Timeout | undefined;
  return {
    store,
    port,
    routes: [
      {
        prefix: '/',
        handle: async (req, res) => {
          if (!handler) {
            res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' }).end('Starter …');
            return;
          }
          await handler(req, res);
        },
      },
    ],
    describe: (baseUrl) => `Lokalt arbejdsrum / local workspace: ${baseUrl}/`,
    async attach(core: Core) {
      const workspace = new LocalWorkspace({ core, store, port, platform: port.name, workspaceId: WORKSPACE_ID, logger });
      const time = timeControl(options.clock, core, store);
      handler = localRoutes({ core, store, workspace, time, platform: port.name, workspaceId: WORKSPACE_ID });
      if (time) {
        // The clock runs on between clicks: keep the time it reached, so a restart resumes there and not
        // at the last click. Saved at close (Ctrl+C) and every minute (for a process that is killed).
        saveClock = () => store.setSetting(CLOCK_SETTING, options.clock.now().toISOString());
        saver = setInterval(saveClock, CLOCK_SAVE_MS);
        saver.unref();
      }
    },
    async close() {
      clearInterval(saver);
      saveClock?.();
      saveClock = null;
      store.close();
    },
  };
}

const CLOCK_SETTING = 'clock';
const CLOCK_SAVE_MS = 60_000;

/**
 * Time travel only where nothing else shares the clock: never with Slack or Teams connected. The bot's
 * time survives a restart (it never goes back), so a programme played into March stays in March.
 */
function timeControl(clock: Clock, core: Core, store: LocalStore): TimeControl | null {
  if (!(clock instanceof OffsetClock) || core.platforms.size !== 1) return null;
  const saved = store.setting(CLOCK_SETTING);
  if (saved) clock.jumpTo(new Date(saved));
  return new TimeControl(clock, core, { platform: 'local', workspaceId: WORKSPACE_ID }, (now) => store.setSetting(CLOCK_SETTING, now.toISOString()));
}
