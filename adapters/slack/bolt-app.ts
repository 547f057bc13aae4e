import type { IncomingMessage, ServerResponse } from 'node:http';
import { App, HTTPReceiver, type Authorize } from '@slack/bolt';
import type { Logger } from '../../src/logger.ts';
import { INTERACTIVE_TIMEOUT_MS } from './clients.ts';
import type { SlackSettings } from './config.ts';
import { boltLogger } from './logger.ts';

/** Slack's request URL for commands, interactivity and events, on the bot's own HTTP server. */
export const EVENTS_PATH = '/slack/events';

export interface BoltParts {
  app: App;
  /** HTTP mode: serves EVENTS_PATH (signature and timestamp checked by Bolt). Null in Socket Mode. */
  handle: ((req: IncomingMessage, res: ServerResponse) => void) | null;
}

/**
 * The Bolt App in HTTP mode (an HTTPReceiver we never start: its requestListener is mounted on our
 * server) or Socket Mode. Authorization reads our installations table, so Bolt never calls auth.test
 * at construction and an unreachable API at start-up does not break later requests.
 */
export function createBoltApp(settings: SlackSettings, authorize: Authorize<boolean>, logger: Logger): BoltParts {
  const log = boltLogger(logger.child({ part: 'bolt' }));
  const clientOptions = {
    ...(settings.apiUrl ? { slackApiUrl: settings.apiUrl } : {}),
    // Bolt's own per-team clients are not used for sending, but must not queue or retry either.
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
    timeout: INTERACTIVE_TIMEOUT_MS,
  };
  const common = { authorize, logger: log, clientOptions, convoStore: false as const, ignoreSelf: true };
  if (settings.mode === 'socket') {
    return { app: new App({ ...common, socketMode: true, appToken: settings.appToken! }), handle: null };
  }
  const receiver = new HTTPReceiver({ signingSecret: settings.signingSecret!, endpoints: EVENTS_PATH, logger: log });
  const app = new App({ ...common, receiver });
  return { app, handle: (req, res) => serve(receiver, req, res) };
}

/** Bolt answers POST /slack/events; anything else under the prefix is not ours to serve. */
function serve(receiver: HTTPReceiver, req: IncomingMessage, res: ServerResponse): void {
  try {
    receiver.requestListener(req, res);
  } catch {
    // HTTPReceiverDeferredRequestError: a GET, or a path Bolt does not serve.
    if (!res.headersSent) res.writeHead(req.method === 'POST' ? 404 : 405, { 'content-type': 'text/plain; charset=utf-8', allow: 'POST' });
    res.end();
  }
}
