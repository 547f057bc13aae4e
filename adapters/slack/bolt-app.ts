import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Authorize, HTTPReceiverOptions, InstallationStore, Logger as BoltLogger } from '@slack/bolt';
// The modules themselves, not '@slack/bolt': its index also loads the Express and AWS Lambda receivers
// and the rest of Bolt, which the bot never uses (about 60 ms of a cold start, BENCHMARKS.md).
import appModule from '@slack/bolt/dist/App.js';
import httpReceiverModule from '@slack/bolt/dist/receivers/HTTPReceiver.js';
import socketModeReceiverModule from '@slack/bolt/dist/receivers/SocketModeReceiver.js';
import { ConfigError } from '../../src/config.ts';
import type { Logger } from '../../src/logger.ts';
import type { Route } from '../types.ts';
import { INTERACTIVE_TIMEOUT_MS } from './clients.ts';
import type { SlackOAuthSettings, SlackSettings } from './config.ts';
import { slackErrorCode } from './errors.ts';
import { boltLogger } from './logger.ts';
import type { SeenSignatures } from './replay.ts';
import { guardSlackRequest } from './request-guard.ts';

const App = exportedClass(appModule);
type App = InstanceType<typeof App>;
const HTTPReceiver = exportedClass(httpReceiverModule);
type HTTPReceiver = InstanceType<typeof HTTPReceiver>;
const SocketModeReceiver = exportedClass(socketModeReceiverModule);
type SocketModeReceiver = InstanceType<typeof SocketModeReceiver>;

/**
 * The class a CommonJS module exports as `exports.default`. Node hands an ESM default import the module
 * object (the class is its `default`); Vite (the tests) hands over the class itself.
 */
function exportedClass<T>(loaded: { default: T }): T {
  const inner: unknown = loaded.default;
  return (typeof inner === 'function' ? inner : loaded) as T;
}

/** Slack's request URL for commands, interactivity and events, on the bot's own HTTP server. */
export const EVENTS_PATH = '/slack/events';
/** OAuth: where a workspace admin starts installing Tovholder (redirects to Slack's consent page). */
export const INSTALL_PATH = '/slack/install';
/** OAuth: where Slack sends the admin back with a code; the app's Redirect URL in the manifest. */
export const REDIRECT_PATH = '/slack/oauth_redirect';

/**
 * The bot scopes the install flow asks for: the same list as oauth_config.scopes.bot in
 * manifests/slack/*.yaml (test/adapters/slack/install.test.ts checks that they agree).
 */
export const BOT_SCOPES = [
  'commands',
  'chat:write',
  'channels:manage',
  'channels:read',
  'channels:history',
  'groups:write',
  'groups:read',
  'groups:history',
  'im:write',
  'im:history',
  'users:read',
  'users:read.email',
  'files:read',
  'files:write',
];

export interface BoltParts {
  app: App;
  /** What Bolt serves on our HTTP server: the request URL (HTTP mode) and the OAuth pages (when configured). */
  routes: Route[];
  /** Socket Mode: opens the connection; a refused app token is a ConfigError naming SLACK_APP_TOKEN. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The Bolt App in HTTP mode (an HTTPReceiver we never start: its requestListener is mounted on our
 * server) or Socket Mode. Authorization reads our installations table (through `store`), so Bolt never
 * calls auth.test at construction and an unreachable API at start-up does not break later requests.
 *
 * With OAuth settings, Bolt's installer serves INSTALL_PATH and REDIRECT_PATH on our server and stores
 * each workspace it installs in the same table; in HTTP mode Bolt's installer also does the authorizing
 * (from the store), in Socket Mode `authorize` does (the same store, as the Socket Mode receiver would
 * otherwise start an HTTP server of its own for the install pages).
 */
export function createBoltApp(settings: SlackSettings, deps: { store: InstallationStore; logger: Logger; seen: () => SeenSignatures | null }): BoltParts {
  const log = boltLogger(deps.logger.child({ part: 'bolt' }));
  const slackApiUrl = settings.apiUrl ? { slackApiUrl: settings.apiUrl } : {};
  const clientOptions = {
    ...slackApiUrl,
    // Bolt's own per-team clients are not used for sending, but must not queue or retry either.
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
    timeout: INTERACTIVE_TIMEOUT_MS,
  };
  const authorize = authorizeFrom(deps.store);
  const common = { logger: log, clientOptions, convoStore: false as const, ignoreSelf: true };
  const oauth = settings.oauth ? installerOptions(settings.oauth, deps.store, settings.apiUrl, log) : null;

  if (settings.mode === 'socket') {
    // Bolt's default for Socket Mode retries a refused token (not_allowed_token_type) for ever; the first
    // connection therefore does not reconnect on its own, and every later one does.
    const receiver = new SocketModeReceiver({
      appToken: settings.appToken!,
      logger: log,
      autoReconnectEnabled: false,
      // No retryConfig: the Socket Mode client's own (many retries) keeps a reconnect from giving up.
      installerOptions: { clientOptions: { ...slackApiUrl } },
    });
    const app = new App({ ...common, socketMode: true, receiver, authorize });
    const install = oauth ? new HTTPReceiver({ signingSecret: '', signatureVerification: false, endpoints: [], logger: log, ...oauth }) : null;
    return {
      app,
      routes: install ? installRoutes(install) : [],
      start: () => startSocketMode(app, receiver, log),
      stop: async () => {
        reconnecting(receiver, false);
        await app.stop().catch(() => undefined);
      },
    };
  }
  // Every POST reaches the receiver through guardSlackRequest, which has checked the signature (and
  // more): Bolt's own check would compute the same HMAC a second time on the thread that acks.
  const receiver = new HTTPReceiver({ signingSecret: settings.signingSecret!, signatureVerification: false, endpoints: EVENTS_PATH, logger: log, ...oauth });
  // With an installer on the receiver, Bolt authorizes through it and refuses an `authorize` of ours.
  const app = new App({ ...common, receiver, ...(oauth ? {} : { authorize }) });
  const guard = { signingSecret: settings.signingSecret!, seen: deps.seen, logger: deps.logger.child({ part: 'slack-requests' }) };
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method === 'POST' && !(await guardSlackRequest(req, res, guard))) return;
    serve(receiver, req, res);
  };
  return {
    app,
    routes: [{ prefix: EVENTS_PATH, handle }, ...(oauth ? installRoutes(receiver) : [])],
    start: async () => undefined,
    stop: async () => undefined,
  };
}

/** Bolt's AuthorizeResult for a team, from the installations store. */
function authorizeFrom(store: InstallationStore): Authorize<boolean> {
  return async (source) => {
    const found = await store.fetchInstallation({ teamId: source.teamId, enterpriseId: source.enterpriseId, isEnterpriseInstall: source.isEnterpriseInstall });
    const bot = found.bot!;
    return { botToken: bot.token, botUserId: bot.userId, teamId: found.team!.id, ...(bot.id ? { botId: bot.id } : {}) };
  };
}

/** The HTTPReceiver options that turn on Bolt's OAuth v2 installer. */
function installerOptions(oauth: SlackOAuthSettings, store: InstallationStore, apiUrl: string | undefined, log: BoltLogger): Partial<HTTPReceiverOptions> {
  return {
    clientId: oauth.clientId,
    clientSecret: oauth.clientSecret,
    stateSecret: oauth.stateSecret,
    scopes: BOT_SCOPES,
    installationStore: store,
    installerOptions: {
      installPath: INSTALL_PATH,
      redirectUriPath: REDIRECT_PATH,
      // /slack/install goes straight on to Slack's consent page (and sets the state cookie on the way).
      directInstall: true,
      authorizationUrl: oauth.authorizationUrl,
      // oauth.v2.access codes are single use: never retried.
      clientOptions: { ...(apiUrl ? { slackApiUrl: apiUrl } : {}), retryConfig: { retries: 0 }, timeout: INTERACTIVE_TIMEOUT_MS },
      callbackOptions: {
        success: (installation, _options, _req, res) => {
          const team = installation.team?.name ?? installation.team?.id ?? '';
          page(res, 200, `Tovholder er installeret i ${team}`, [
            `Tovholder er nu installeret i Slack-arbejdsområdet «${team}». Skriv /tovholder hjælp i Slack for at komme i gang.`,
            `Tovholder is now installed in the Slack workspace “${team}”. Type /tovholder hjælp in Slack to get started.`,
          ]);
        },
        failure: (error, _options, _req, res) => {
          log.warn(`Slack install refused: ${error.code ?? ''} ${error.message}`);
          const [status, da, en] = refusal(error);
          page(res, status, 'Tovholder blev ikke installeret', [da, en]);
        },
      },
    },
  };
}

/** Status and the Danish and English explanation for a failed install. */
function refusal(error: Error & { code?: string }): [number, string, string] {
  const again = `Start forfra på ${INSTALL_PATH} i den samme browser.`;
  const againEn = `Start again at ${INSTALL_PATH} in the same browser.`;
  if (error.code === 'slack_oauth_invalid_state' || error.code === 'slack_oauth_missing_state') {
    return [400, `Installationslinket er ugyldigt eller udløbet, eller det blev ikke startet i denne browser. ${again}`, `The install link is not valid, has expired, or was not started in this browser. ${againEn}`];
  }
  if (error.code === 'slack_oauth_missing_code' || error.code === 'slack_oauth_installer_authorization_error') {
    return [400, `Installationen blev afbrudt i Slack. ${again}`, `The installation was cancelled in Slack. ${againEn}`];
  }
  const code = slackErrorCode(error);
  if (code) {
    return [502, `Slack afviste installationen (${code}). Tjek SLACK_CLIENT_ID og SLACK_CLIENT_SECRET, og ${again.charAt(0).toLowerCase()}${again.slice(1)}`, `Slack refused the installation (${code}). Check SLACK_CLIENT_ID and SLACK_CLIENT_SECRET, and start again at ${INSTALL_PATH}.`];
  }
  return [500, `Installationen mislykkedes: ${error.message}`, `The installation failed: ${error.message}`];
}

function page(res: ServerResponse, status: number, title: string, paragraphs: string[]): void {
  const body = `<!doctype html>
<html lang="da">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;line-height:1.5}p[lang=en]{color:#555}</style></head>
<body>
<h1>${escapeHtml(title)}</h1>
${paragraphs.map((text, i) => `<p${i > 0 ? ' lang="en"' : ''}>${escapeHtml(text)}</p>`).join('\n')}
</body>
</html>
`;
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(body);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function installRoutes(receiver: HTTPReceiver): Route[] {
  const handle = (req: IncomingMessage, res: ServerResponse) => serve(receiver, req, res);
  return [
    { prefix: INSTALL_PATH, handle },
    { prefix: REDIRECT_PATH, handle },
  ];
}

/** Bolt answers POST /slack/events and GET on the install pages; anything else under them is not ours to serve. */
function serve(receiver: HTTPReceiver, req: IncomingMessage, res: ServerResponse): void {
  try {
    receiver.requestListener(req, res);
  } catch {
    // HTTPReceiverDeferredRequestError: a wrong method, or a path Bolt does not serve.
    const path = (req.url ?? '/').split('?')[0];
    const allow = path === EVENTS_PATH ? 'POST' : path === INSTALL_PATH || path === REDIRECT_PATH ? 'GET' : null;
    if (!res.headersSent) res.writeHead(allow ? 405 : 404, { 'content-type': 'text/plain; charset=utf-8', ...(allow ? { allow } : {}) });
    res.end();
  }
}

/** Slack's answers to apps.connections.open that mean the app token itself is wrong. */
const REFUSED_APP_TOKEN = new Set([
  'invalid_auth',
  'not_authed',
  'not_allowed_token_type',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'team_disabled',
  'user_removed_from_team',
  'missing_scope',
  'no_permission',
]);

/**
 * Connects Socket Mode. A refused app token, or a Web API that cannot be reached, stops the start with
 * a ConfigError that says what to fix; anything passing (Slack busy, the socket closed before hello)
 * is retried as Bolt does. After the first connection, the client reconnects on its own.
 */
async function startSocketMode(app: App, receiver: SocketModeReceiver, log: BoltLogger): Promise<void> {
  try {
    await app.start();
  } catch (error) {
    const code = slackErrorCode(error);
    if (code && REFUSED_APP_TOKEN.has(code)) {
      const fix =
        code === 'missing_scope'
          ? 'The app-level token needs the connections:write scope: generate one under Basic Information → App-Level Tokens.'
          : 'Set it to the app-level token (xapp-…) from Basic Information → App-Level Tokens, with the connections:write scope, and turn on Settings → Socket Mode for the app — or unset SLACK_APP_TOKEN to use HTTP mode with SLACK_SIGNING_SECRET.';
      throw new ConfigError(`Slack refused SLACK_APP_TOKEN (apps.connections.open: ${code}). ${fix}`);
    }
    const kind = (error as { code?: unknown } | undefined)?.code;
    if (kind === 'slack_webapi_request_error' || kind === 'slack_webapi_http_error') {
      throw new ConfigError(`Could not open Slack's Socket Mode connection (apps.connections.open: ${(error as Error).message}). Check the network, or SLACK_API_URL if it is set.`);
    }
    log.warn(`Socket Mode did not connect at the first attempt (${error instanceof Error ? error.message : 'the connection closed before Slack said hello'}); retrying`);
    reconnecting(receiver, true);
    await app.start();
  }
  reconnecting(receiver, true);
}

/**
 * Turns the Socket Mode client's reconnecting on or off. It is an option of the client's constructor
 * and a plain field it reads at every disconnect; @slack/socket-mode 3 only declares it private.
 * (test/adapters/slack/socket-mode.test.ts sees a reconnect after Slack's `disconnect`.)
 */
function reconnecting(receiver: SocketModeReceiver, on: boolean): void {
  (receiver.client as unknown as { autoReconnectEnabled: boolean }).autoReconnectEnabled = on;
}
