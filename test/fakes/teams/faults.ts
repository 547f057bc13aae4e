/**
 * Failures the fake Teams can be told to answer with: one-off ones a test names (FailureSpec, failNext),
 * and seeded random failures on the Connector's writes for runs that must be reproducible: a share of
 * sends get 429 (nothing stored) and a share are stored and then answered 502 ("Teams got it, the bot
 * never heard back").
 */
import { connectorError, type ConnectorOperation } from './connector.ts';
import type { FakeReply } from './http-types.ts';

export interface FailureSpec {
  /** The status to answer with (ignored with `dropResponse`). */
  status: number;
  /**
   * Handle the request normally (the message IS stored) but reset the connection instead of
   * answering: "Teams got it, the bot never heard back".
   */
  dropResponse?: boolean;
  /** Handle the request normally (the message IS stored), then answer with `status`: "stored, then 502". */
  afterStore?: boolean;
  /** How many matching calls fail. Default 1. */
  times?: number;
  /** Which service fails. Default `connector`. */
  service?: 'connector' | 'graph' | 'token';
  method?: string;
  path?: string | RegExp;
  conversationId?: string;
  /** Sent as `Retry-After` (seconds). Default 1 for 429, none otherwise. */
  retryAfterSeconds?: number;
  body?: unknown;
}

export const CONNECTOR_ERRORS: Record<number, [string, string]> = {
  403: ['BotNotInConversationRoster', 'The bot is not part of the conversation roster.'],
  404: ['ConversationNotFound', 'Conversation not found.'],
  412: ['PreconditionFailed', 'Precondition failed, please try again.'],
  429: ['Throttled', 'Too many requests.'],
  500: ['InternalServerError', 'Internal server error.'],
  502: ['ServiceError', 'Bad gateway.'],
  503: ['ServiceUnavailable', 'Service unavailable.'],
  504: ['GatewayTimeout', 'Gateway timeout.'],
};

export interface FaultRates {
  seed: number;
  /** Share of writes answered 429 with Retry-After 1 s. */
  rateLimited: number;
  /** Share of writes stored, then answered 502. */
  storedThen502: number;
}

const WRITES: ReadonlySet<ConnectorOperation> = new Set(['createConversation', 'sendToConversation', 'replyToActivity']);

/** mulberry32: a small, well-known seeded PRNG (reproducible sequences for a given seed). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class RandomFaults {
  private readonly random: () => number;
  readonly injected = { rateLimited: 0, storedThen502: 0 };

  constructor(private readonly rates: FaultRates) {
    this.random = mulberry32(rates.seed);
  }

  take(operation: ConnectorOperation): (FakeReply & { afterStore?: boolean; drop?: boolean }) | undefined {
    if (!WRITES.has(operation)) return undefined;
    const roll = this.random();
    if (roll < this.rates.rateLimited) {
      this.injected.rateLimited += 1;
      return connectorError(429, 'Throttled', 'Too many requests (injected).', { 'Retry-After': '1' });
    }
    if (roll < this.rates.rateLimited + this.rates.storedThen502) {
      this.injected.storedThen502 += 1;
      return { ...connectorError(502, 'ServiceError', 'Bad gateway (injected, after the store).'), afterStore: true };
    }
    return undefined;
  }
}
