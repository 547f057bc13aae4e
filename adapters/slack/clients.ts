import * as webApi from '@slack/web-api';
import type { Logger } from '../../src/logger.ts';
import { boltLogger } from './logger.ts';

export type WebClient = webApi.WebClient;

/** Longer than a Slack call should ever take, well under the outbox lease (120 s). */
export const OUTBOX_TIMEOUT_MS = 30_000;
/** Answers to a user (views.open with a 3 s trigger, respond, users.info) must be quick or not at all. */
export const INTERACTIVE_TIMEOUT_MS = 5_000;

export type ClientKind = 'outbox' | 'interactive';

/**
 * WebClients per bot token. None of them retries or queues on its own: a 429 is thrown (the outbox
 * waits for Retry-After per method and channel instead of the client pausing every send), and a 5xx
 * or timeout is thrown too (chat.postMessage is not idempotent; the outbox checks findSent first).
 */
export class SlackClients {
  private readonly clients = new Map<string, WebClient>();

  constructor(private readonly options: { slackApiUrl?: string; logger: Logger }) {}

  /** SLACK_API_URL when set (a local fake in tests): the one host besides Slack's own a bot token may go to. */
  get apiUrl(): string | undefined {
    return this.options.slackApiUrl;
  }

  get(token: string, kind: ClientKind = 'outbox'): WebClient {
    const key = `${kind}:${token}`;
    let client = this.clients.get(key);
    if (!client) {
      client = new webApi.WebClient(token, {
        ...(this.options.slackApiUrl ? { slackApiUrl: this.options.slackApiUrl } : {}),
        logger: boltLogger(this.options.logger.child({ part: 'slack-web' })),
        rejectRateLimitedCalls: true,
        retryConfig: { retries: 0 },
        timeout: kind === 'outbox' ? OUTBOX_TIMEOUT_MS : INTERACTIVE_TIMEOUT_MS,
      });
      this.clients.set(key, client);
    }
    return client;
  }
}
