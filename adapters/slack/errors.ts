import * as webApi from '@slack/web-api';
import {
  AuthError,
  InvalidRequestError,
  NotFoundError,
  PlatformError,
  RateLimitError,
  TargetGoneError,
  TransientError,
} from '../../src/platform/errors.ts';

/**
 * The one place where @slack/web-api failures become the core's typed errors, so the outbox can decide
 * between waiting (Retry-After), retrying with a reconcile (outcome unknown) and giving up.
 */
const AUTH = new Set(['invalid_auth', 'not_authed', 'account_inactive', 'token_revoked', 'token_expired', 'no_permission', 'missing_scope', 'team_access_not_granted', 'ekm_access_denied']);
const NOT_FOUND = new Set(['channel_not_found', 'user_not_found', 'users_not_found', 'message_not_found', 'thread_not_found', 'file_not_found']);
const GONE = new Set(['is_archived', 'not_in_channel', 'channel_is_archived', 'cant_update_message', 'restricted_action', 'team_not_found', 'user_is_restricted']);
const INVALID = new Set([
  'invalid_blocks', 'invalid_blocks_format', 'invalid_arguments', 'msg_too_long', 'no_text', 'invalid_name',
  'invalid_name_specials', 'invalid_name_maxlength', 'invalid_name_punctuation', 'invalid_name_required', 'too_long',
  'invalid_thread_ts', 'invalid_metadata_format', 'invalid_metadata_schema', 'metadata_too_large', 'invalid_cursor',
  'invalid_ts_oldest', 'invalid_ts_latest', 'invalid_array_arg', 'invalid_form_data', 'invalid_post_type', 'too_many_users',
  'no_user', 'invalid_users', 'name_taken', 'invalid_trigger_id', 'expired_trigger_id', 'exchanged_trigger_id', 'view_too_large',
]);
/** Slack's own "try again" answers: the request did not take effect, or its outcome is unknown. */
const TRANSIENT = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

const { ErrorCode } = webApi;

function isSlackError(error: unknown): error is webApi.WebAPICallError {
  const code = error instanceof Error ? (error as Error & { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.startsWith('slack_webapi_');
}

/** The Slack error code of a platform error (`e.data.error`), or null for any other failure. */
export function slackErrorCode(error: unknown): string | null {
  if (isSlackError(error) && error.code === ErrorCode.PlatformError) return error.data.error;
  return null;
}

/**
 * Answers that mean the workspace no longer accepts this bot token at all: the app was uninstalled or
 * its token revoked (token_revoked), the workspace or the bot user was deactivated (account_inactive),
 * or Slack does not know the token (invalid_auth). Unlike a missing scope, nothing sent with that
 * token can succeed again; the adapter marks the installation removed (see port.ts).
 */
const REVOKED = new Set(['invalid_auth', 'account_inactive', 'token_revoked']);

/** The Slack code if `error` (or the Slack error it was mapped from) says the token is dead; else null. */
export function revokedTokenCode(error: unknown): string | null {
  const code = slackErrorCode(error) ?? (error instanceof PlatformError ? slackErrorCode(error.cause) : null);
  return code !== null && REVOKED.has(code) ? code : null;
}

/** Maps any failure of a Web API call to a PlatformError. Unknown errors are transient (outcome unknown). */
export function mapSlackError(error: unknown, method = 'slack'): PlatformError {
  if (error instanceof PlatformError) return error;
  if (!isSlackError(error)) {
    const message = error instanceof Error ? error.message : String(error);
    return new TransientError(`${method}: ${message}`, error);
  }
  switch (error.code) {
    case ErrorCode.RateLimitedError:
      // Retry-After is in whole seconds; never wait less than a second.
      return new RateLimitError(Math.max(1, error.retryAfter) * 1000, `${method}: rate limited for ${error.retryAfter} s`, error);
    case ErrorCode.HTTPError:
      return fromStatus(error.statusCode, method, error);
    case ErrorCode.RequestError:
      return new TransientError(`${method}: request failed (${error.original?.message ?? 'no answer'})`, error);
    case ErrorCode.PlatformError:
      return fromCode(error.data.error, method, error);
  }
  return new TransientError(`${method}: ${(error as Error).message}`, error);
}

/** Slack answers 200 or 429; anything else came from a proxy or an outage. 5xx: the outcome is unknown. */
function fromStatus(status: number, method: string, cause: unknown): PlatformError {
  const message = `${method}: HTTP ${status}`;
  if (status === 401 || status === 403) return new AuthError(message, cause);
  if (status >= 400 && status < 500 && ![408, 409, 412, 425].includes(status)) return new InvalidRequestError(message, cause);
  return new TransientError(message, cause);
}

function fromCode(code: string, method: string, cause: unknown): PlatformError {
  const message = `${method}: ${code}`;
  // Some methods say "ratelimited" in a 200 answer without Retry-After: back off a little.
  if (code === 'ratelimited') return new RateLimitError(5_000, message, cause);
  if (AUTH.has(code)) return new AuthError(message, cause);
  if (NOT_FOUND.has(code)) return new NotFoundError(message, cause);
  if (GONE.has(code)) return new TargetGoneError(message, cause);
  if (INVALID.has(code)) return new InvalidRequestError(message, cause);
  if (TRANSIENT.has(code)) return new TransientError(message, cause);
  // An error we do not know is most likely a bad request; retrying it would only repeat it.
  return new InvalidRequestError(message, cause);
}

/** Runs one Web API call and rethrows its failure as a PlatformError. */
export async function slackCall<T>(method: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw mapSlackError(error, method);
  }
}
