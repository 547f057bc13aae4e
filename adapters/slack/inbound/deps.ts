import type { Core } from '../../../src/app.ts';
import type { Logger } from '../../../src/logger.ts';
import type { SlackClients } from '../clients.ts';
import type { LocaleCache } from './context.ts';

/** What the inbound listeners need; the core is there once the adapter is attached. */
export interface InboundDeps {
  core: Core;
  clients: SlackClients;
  locales: LocaleCache;
  logger: Logger;
}
