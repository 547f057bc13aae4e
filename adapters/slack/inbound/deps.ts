import type { Core } from '../../../src/app.ts';
import type { Logger } from '../../../src/logger.ts';
import type { SlackClients } from '../clients.ts';
import type { SlackInstallations } from '../installations.ts';

/** What the inbound listeners need; the core is there once the adapter is attached. */
export interface InboundDeps {
  core: Core;
  clients: SlackClients;
  logger: Logger;
  /** The adapter's installations table (the same object its port and Bolt's authorize use). */
  installations: SlackInstallations;
}
