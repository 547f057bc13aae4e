/**
 * Typed failures of a chat platform. Each adapter maps its SDK's errors onto these in one place, so the
 * outbox can decide between waiting, retrying and giving up without knowing which platform it talks to.
 */
export type PlatformErrorCode =
  | 'rate_limited'
  | 'transient'
  | 'auth'
  | 'not_found'
  | 'target_gone'
  | 'invalid_request'
  | 'unsupported';

export class PlatformError extends Error {
  readonly code: PlatformErrorCode;
  /** Whether sending the same request again later can succeed. */
  readonly retryable: boolean;

  constructor(code: PlatformErrorCode, message: string, options: { retryable: boolean; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.retryable = options.retryable;
  }
}

/** The platform said "slow down": wait at least retryAfterMs before calling the same method/target. */
export class RateLimitError extends PlatformError {
  readonly retryAfterMs: number;
  constructor(retryAfterMs: number, message = 'rate limited', cause?: unknown) {
    super('rate_limited', message, { retryable: true, cause });
    this.retryAfterMs = retryAfterMs;
  }
}

/** A failure that may pass: HTTP 5xx, 412, a reset connection, a timeout. The send outcome is unknown. */
export class TransientError extends PlatformError {
  constructor(message: string, cause?: unknown) {
    super('transient', message, { retryable: true, cause });
  }
}

/** Credentials are wrong or revoked: retrying will not help until someone fixes the installation. */
export class AuthError extends PlatformError {
  constructor(message: string, cause?: unknown) {
    super('auth', message, { retryable: false, cause });
  }
}

/** The channel, user or message does not exist. */
export class NotFoundError extends PlatformError {
  constructor(message: string, cause?: unknown) {
    super('not_found', message, { retryable: false, cause });
  }
}

/** The bot can no longer reach this target at all (uninstalled, removed from the channel, 403). */
export class TargetGoneError extends PlatformError {
  constructor(message: string, cause?: unknown) {
    super('target_gone', message, { retryable: false, cause });
  }
}

/** The platform refused the request itself (bad name, too long, invalid blocks): a bug or bad data. */
export class InvalidRequestError extends PlatformError {
  constructor(message: string, cause?: unknown) {
    super('invalid_request', message, { retryable: false, cause });
  }
}

/** The platform lacks an optional capability (e.g. file sharing); the core degrades with a message. */
export class UnsupportedError extends PlatformError {
  constructor(message: string) {
    super('unsupported', message, { retryable: false });
  }
}

/** Anything thrown by an adapter that is not a PlatformError is treated as transient. */
export function asPlatformError(error: unknown): PlatformError {
  if (error instanceof PlatformError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new TransientError(message, error);
}
