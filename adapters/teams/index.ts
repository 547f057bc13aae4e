/**
 * The Microsoft Teams adapter: botbuilder's CloudAdapter for inbound activities (Bot Framework JWT
 * authentication), plain REST for everything outbound (see rest.ts), Microsoft Graph for channels.
 * The SDK stays behind this folder, so moving to its successor (Microsoft 365 Agents SDK) stays here.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CloudAdapter } from 'botbuilder';
import type { Core } from '../../src/app.ts';
import type { Clock } from '../../src/clock.ts';
import type { Config } from '../../src/config.ts';
import type { Logger } from '../../src/logger.ts';
import type { Adapter } from '../types.ts';
import { CONNECTOR_SCOPE } from './connector.ts';
import { onTurn } from './inbound.ts';
import { logRefusal } from './refusal.ts';
import { quietSdk } from './sdk-console.ts';
import { toBotRequest, toBotResponse } from './node-http.ts';
import { TeamsPlatform } from './port.ts';
import { TeamsRuntime } from './runtime.ts';
import { teamsSettings, type TeamsSettings } from './settings.ts';
import { ClientCredentialsTokens, tokenUrlOf } from './tokens.ts';

export const MESSAGES_PATH = '/api/messages';
/** How long after the server answers the Bot Framework SDK starts loading (unless a Teams activity comes first). */
const SDK_AFTER_LISTEN_MS = 1_000;

export interface TeamsAdapter extends Adapter {
  port: TeamsPlatform;
  /** Gives the adapter the core's database without serving HTTP (for one-shot passes like `tick`). */
  bind(core: Core): void;
}

export function createTeamsPlatform(config: Config, deps: { logger: Logger; clock: Clock }, overrides: Partial<TeamsSettings> = {}): TeamsAdapter {
  const settings = teamsSettings(config, overrides);
  const logger = deps.logger.child({ part: 'teams' });
  const tokens = new ClientCredentialsTokens(settings.appId, settings.certificate ?? settings.appPassword);
  const runtime = new TeamsRuntime(settings, tokens, logger);
  // The Bot Framework SDK (≈ 35 MB and 0.8-1.7 s to load) checks the inbound activities' tokens: it is
  // imported when the adapter is attached to serve them, never where only outbound clients are bound
  // (`tovholder tick`), which sends by REST with the same tokens. Start-up does not wait for it (issue
  // #16: it was most of launch → HTTP with Teams): the import starts SDK_AFTER_LISTEN_MS after the
  // server answers, or at the first Teams activity if that comes sooner, which waits for it (`handle`).
  // Loading it blocks this thread for its 0.8-1.7 s, as it did before the server answered: requests
  // meanwhile wait, none is refused (the port is open). The delay lets the first answers (a health
  // check, Slack's retries after a restart) through before that.
  let cloud: Promise<CloudAdapter> | null = null;
  const loadSdk = (): Promise<CloudAdapter> => {
    if (cloud) return cloud;
    cloud = serveInbound();
    cloud.catch((error: unknown) => logger.error({ err: error }, 'the Bot Framework SDK could not be loaded: Teams activities are answered 503'));
    return cloud;
  };
  const serveInbound = async (): Promise<CloudAdapter> => {
    const [{ CloudAdapter }, { ClientSecretCredentialsFactory, createBotFrameworkAuthentication }] = await Promise.all([import('botbuilder'), import('./auth.ts')]);
    const adapter = new CloudAdapter(createBotFrameworkAuthentication(settings, new ClientSecretCredentialsFactory(settings.appId, tokens)));
    adapter.onTurnError = async (context, error) => {
      // Logged here and answered 500 by the adapter; the core already turned user mistakes into replies.
      logger.error({ err: error, activity: context.activity?.type, conversation: context.activity?.conversation?.id }, 'Teams turn failed');
      throw error;
    };
    return adapter;
  };
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST' }).end();
      return;
    }
    if (!runtime.isBound) {
      res.writeHead(503).end();
      return;
    }
    const request = await toBotRequest(req);
    if (!request.body) {
      res.writeHead(400).end('Expected a JSON activity');
      return;
    }
    const sdk = await loadSdk().catch(() => null);
    if (!sdk) {
      // Logged once where the import failed; the Bot Connector retries what it gets a 503 for.
      res.writeHead(503).end();
      return;
    }
    const { output } = await quietSdk(logger, () => sdk.process(request, toBotResponse(res), (context) => onTurn(runtime, context)));
    if (res.statusCode === 401) logRefusal(logger, req, request.body, output);
  };
  return {
    port: new TeamsPlatform(runtime),
    // Every activity from the Bot Connector carries a bearer token: without one, the body is not read.
    routes: [{ prefix: MESSAGES_PATH, handle, auth: 'bearer' }],
    describe: (baseUrl) => `Microsoft Teams: messaging endpoint ${baseUrl}${MESSAGES_PATH} (${settings.appType}, app ${settings.appId})`,
    bind: (core) => runtime.bind(core),
    attach: async (core) => runtime.bind(core),
    listening: () => void setTimeout(() => void loadSdk().catch(() => {}), SDK_AFTER_LISTEN_MS).unref(),
    // A token for the Bot Connector: what every outbound message needs (cached until near its expiry).
    authCheck: async () => {
      await tokens.token(tokenUrlOf(settings.connectorAuthority), CONNECTOR_SCOPE);
      return 'Bot Connector token issued';
    },
    close: async () => {},
  };
}
