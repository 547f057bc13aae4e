import { randomUUID } from 'node:crypto';
import type { Core } from '../../src/app.ts';
import type { Clock } from '../../src/clock.ts';
import type { Config } from '../../src/config.ts';
import type { Logger } from '../../src/logger.ts';
import { logContext, withLogContext } from '../../src/ops/log-context.ts';
import { findByChannel } from '../../src/store/programmes.ts';
import type { Adapter } from '../types.ts';
import type { BoltParts } from './bolt-app.ts';
import { SlackClients } from './clients.ts';
import { slackSettings } from './config.ts';
import { registerEvents } from './inbound/events.ts';
import { registerInteractive, SLASH_COMMAND } from './inbound/interactive.ts';
import { installationStore, SlackInstallations } from './installations.ts';
import { SlackPort } from './port.ts';
import { SeenSignatures } from './replay.ts';

export interface SlackAdapter extends Adapter {
  port: SlackPort;
  /** The installations table; there once the adapter is attached (tests install a second team here). */
  installations(): SlackInstallations;
}

/**
 * Bolt authorizes a request before any listener can ack it, and Slack gives 3 s: a first request that
 * has to check SLACK_BOT_TOKEN with auth.test waits at most this long (the check goes on regardless).
 */
export const SEED_WAIT_BEFORE_ACK_MS = 1_500;

/**
 * The Slack adapter: a ChatPlatform port over the Web API for the outbox, and Bolt (HTTP mode on our
 * server's /slack/events, or Socket Mode) for commands, buttons, modals and message events. With the
 * OAuth variables set, workspaces install it at /slack/install on the same server.
 */
export function createSlackPlatform(config: Config, deps: { logger: Logger; clock: Clock }): SlackAdapter {
  const settings = slackSettings(config);
  const logger = deps.logger.child({ platform: 'slack' });
  const clients = new SlackClients({ slackApiUrl: settings.apiUrl, logger });
  let installations: SlackInstallations | null = null;
  let core: Core | null = null;
  let seen: SeenSignatures | null = null;
  const store = installationStore(() => installations, { waitMs: SEED_WAIT_BEFORE_ACK_MS });
  // Bolt (its App, receivers and their web frameworks) is imported only when the adapter is attached to
  // serve Slack: `tovholder tick` only binds, and needs the Web API client alone.
  let inbound: { bolt: BoltParts; paths: { events: string; install: string } } | null = null;
  const bind = (bound: Core): SlackInstallations => {
    if (core !== bound || !installations) {
      core = bound;
      installations = new SlackInstallations(bound.db, clients, bound.clock, settings.botToken);
      seen?.flush();
      seen = new SeenSignatures(bound.db, (error) => logger.warn({ err: error }, 'could not record Slack request signatures (replays are still refused until a restart)'));
    }
    return installations;
  };
  const port = new SlackPort({
    clients,
    installations: () => installations,
    isChannelInUse: (workspaceId, channelRef) => !!core && !!findByChannel(core.db, 'slack', workspaceId, channelRef),
    clock: deps.clock,
  });
  return {
    port,
    get routes() {
      return inbound?.bolt.routes ?? [];
    },
    describe: (baseUrl) => {
      const paths = inbound?.paths ?? { events: '', install: '' };
      const line =
        settings.mode === 'socket'
          ? `Slack:     connected in Socket Mode (no public address needed), command ${SLASH_COMMAND}`
          : `Slack:     HTTP mode, request URL ${baseUrl}${paths.events} (command ${SLASH_COMMAND})`;
      return settings.oauth ? `${line}\n           add a workspace: ${baseUrl}${paths.install}` : line;
    },
    installations: () => {
      if (!installations) throw new Error('the Slack adapter is not attached yet');
      return installations;
    },
    // For one-shot passes (tick): the outbound port needs the installations, nothing else.
    bind,
    async attach(attached) {
      const { createBoltApp, EVENTS_PATH, INSTALL_PATH } = await import('./bolt-app.ts');
      const bolt = createBoltApp(settings, { store, logger, seen: () => seen });
      inbound = { bolt, paths: { events: EVENTS_PATH, install: INSTALL_PATH } };
      const { app } = bolt;
      const bound = bind(attached);
      await bound.seed().catch((error: unknown) => {
        logger.warn({ err: error }, 'could not check SLACK_BOT_TOKEN with auth.test; will try again on the next Slack request');
      });
      // Socket Mode requests do not come through our HTTP server (adapters/http.ts): each gets its id here.
      app.use(async ({ next }) => (logContext().reqId ? next() : withLogContext({ reqId: randomUUID() }, next)));
      const handlers = { core: attached, clients, logger, installations: bound };
      registerInteractive(app, handlers);
      registerEvents(app, handlers);
      await bolt.start();
    },
    async authCheck() {
      if (!installations) throw new Error('the Slack adapter is not attached yet');
      const list = installations.list();
      for (const installation of list) await clients.get(installation.botToken, 'interactive').auth.test();
      return list.length === 0 ? 'no workspace installed yet' : `auth.test accepted ${list.length} workspace token(s)`;
    },
    async close() {
      await inbound?.bolt.stop();
      // The signatures accepted in this last turn, so the next process refuses their replay too.
      seen?.flush();
    },
  };
}
