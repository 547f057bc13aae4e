/**
 * The one place where Bot Connector, Graph and token-endpoint failures become the core's typed
 * errors, so the outbox decides between waiting, retrying and giving up without knowing Teams.
 */
import {
  AuthError,
  InvalidRequestError,
  NotFoundError,
  PlatformError,
  RateLimitError,
  TargetGoneError,
  TransientError,
} from '../../src/platform/errors.ts';
import { systemClock } from '../../src/clock.ts';

export type TeamsService = 'connector' | 'graph' | 'token';

/** Without a Retry-After the Connector still wants a pause; one second is its usual answer. */
const DEFAULT_RETRY_AFTER_MS = 1_000;

/** Graph refused an operation for lack of permission (e.g. Channel.Create.Group not consented). */
export class GraphPermissionError extends AuthError {}

/** Graph: a channel with this name exists already (names are unique per team, case-insensitively). */
export class NameTakenError extends InvalidRequestError {}

/** An HTTP answer that is not a success, with what the service said. */
export interface HttpFailure {
  service: TeamsService;
  status: number;
  /** The service's error code (`BotNotInConversationRoster`, `NameAlreadyExists`, `invalid_client`). */
  code: string;
  message: string;
  retryAfter: string | null;
}

export function mapHttpFailure(f: HttpFailure): PlatformError {
  const what = `${f.service} HTTP ${f.status}${f.code ? ` ${f.code}` : ''}: ${f.message}`.slice(0, 500);
  if (f.status === 429) return new RateLimitError(retryAfterMs(f.retryAfter), what, f);
  // 412 is the Connector's "try again"; 5xx may or may not have stored the message.
  if (f.status === 412 || f.status === 408 || f.status >= 500) return new TransientError(what, f);
  if (f.service === 'token') return f.status >= 400 && f.status < 500 ? new AuthError(`the bot's credentials were refused: ${what}`, f) : new TransientError(what, f);
  if (f.status === 401) return new AuthError(what, f);
  if (f.status === 403) return f.service === 'graph' ? new GraphPermissionError(what, f) : new TargetGoneError(what, f);
  if (f.status === 404) return new NotFoundError(what, f);
  if (f.status === 400 && f.code === 'NameAlreadyExists') return new NameTakenError(what, f);
  if (f.status >= 400 && f.status < 500) return new InvalidRequestError(what, f);
  return new TransientError(what, f);
}

/** A request that never got an answer (reset, refused, timed out): whether it arrived is unknown. */
export function mapNetworkFailure(service: TeamsService, error: unknown): PlatformError {
  if (error instanceof PlatformError) return error;
  const name = error instanceof Error ? error.name : '';
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
  const message = name === 'TimeoutError' || name === 'AbortError' ? 'timed out' : `${error instanceof Error ? error.message : String(error)}${cause}`;
  return new TransientError(`${service} request failed (${message}); it may or may not have arrived`, error);
}

/** Retry-After is seconds or an HTTP date (compared with the wall clock, as the server meant it). */
export function retryAfterMs(header: string | null, now: number = systemClock.now().getTime()): number {
  if (!header) return DEFAULT_RETRY_AFTER_MS;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? DEFAULT_RETRY_AFTER_MS : Math.max(0, date - now);
}

/** The error code and message from a Connector (`{error:{code,message}}`), Graph (same) or token (`{error, error_description}`) body. */
export function describeBody(body: unknown): { code: string; message: string } {
  if (!body || typeof body !== 'object') return { code: '', message: typeof body === 'string' ? body.slice(0, 300) : '' };
  const b = body as { error?: unknown; error_description?: unknown; message?: unknown };
  if (b.error && typeof b.error === 'object') {
    const e = b.error as { code?: unknown; message?: unknown };
    return { code: String(e.code ?? ''), message: String(e.message ?? '') };
  }
  if (typeof b.error === 'string') return { code: b.error, message: String(b.error_description ?? '') };
  return { code: '', message: String(b.message ?? '') };
}
