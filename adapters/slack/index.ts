import type { AuthorizeResult, AuthorizeSourceData } from '@slack/bolt';
import type { Core } from '../../src/app.ts';
import type { Clock } from '../../src/clock.ts';
import type { Config } from '../../src/config.ts';
import type { Logger } from '../../src/logger.ts';
import { findByChannel } from '../../src/store/programmes.ts';
import type { Adapter } from '../types.ts';
import { createBoltApp, EVENTS_PATH } from './bolt-app.ts';
import { SlackClients } from './clients.ts';
import { slackSettings } from './config.ts';
import { LocaleCache } from './inbound/context.ts';
import { registerEvents } from './inbound/events.ts';
import { registerInteractive, SLASH_COMMAND } from './inbound/interactive.ts';
import { SlackInstallations } from './installations.ts';
import { SlackPort } from './port.ts';

export interface SlackAdapter extends Adapter {
  port: SlackPort;
  /** The installations table; there once the adapter is attached (tests install a second team here). */
  installations(): SlackInstallations;
}

/**
 * The Slack adapter: a ChatPlatform port over the Web API for the outbox, and Bolt (HTTP mode on our
 * server's /slack/events, or Socket Mode) for commands, buttons, modals and message events.
 */
export function createSlackPlatform(config: Config, deps: { logger: Logger; clock: Clock }): SlackAdapter {
  const settings = slackSettings(config);
  const logger = deps.logger.child({ platform: 'slack' });
  const clients = new SlackClients({ slackApiUrl: settings.apiUrl, logger });
  let installations: SlackInstallations | null = null;
  let core: Core | null = null;
  const authorize = async (source: AuthorizeSourceData<boolean>): Promise<AuthorizeResult> => {
    if (!installations || !source.teamId) throw new Error('Slack request before the adapter was attached, or without a team');
    const found = await installations.require(source.teamId);
    return { botToken: found.botToken, botUserId: found.botUserId, teamId: found.teamId, ...(found.botId ? { botId: found.botId } : {}) };
  };
  const { app, handle } = createBoltApp(settings, authorize, logger);
  const bind = (bound: Core): SlackInstallations => {
    if (core !== bound || !installations) {
      core = bound;
      installations = new SlackInstallations(bound.db, clients, bound.clock, settings.botToken);
    }
    return installations;
  };
  const port = new SlackPort({
    clients,
    installations: () => installations,
    isChannelInUse: (workspaceId, channelRef) => !!core && !!findByChannel(core.db, 'slack', workspaceId, channelRef),
  });
  return {
    port,
    routes: handle ? [{ prefix: EVENTS_PATH, handle }] : [],
    describe: (baseUrl) =>
      settings.mode === 'socket'
        ? `Slack:     Socket Mode, command ${SLASH_COMMAND}`
        : `Slack:     HTTP mode, request URL ${baseUrl}${EVENTS_PATH} (command ${SLASH_COMMAND})`,
    installations: () => {
      if (!installations) throw new Error('the Slack adapter is not attached yet');
      return installations;
    },
    // For one-shot passes (tick): the outbound port needs the installations, nothing else.
    bind,
    async attach(attached) {
      const bound = bind(attached);
      await bound.seed().catch((error: unknown) => {
        logger.warn({ err: error }, 'could not check SLACK_BOT_TOKEN with auth.test; will try again on the next Slack request');
      });
      const inbound = { core: attached, clients, locales: new LocaleCache(logger), logger };
      registerInteractive(app, inbound);
      registerEvents(app, inbound);
      if (settings.mode === 'socket') await app.start();
    },
    async close() {
      if (settings.mode === 'socket') await app.stop().catch(() => undefined);
    },
  };
}
