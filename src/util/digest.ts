import { createHash } from 'node:crypto';

/** A short stable digest for idempotency keys built from sets of ids (order does not matter). */
export function digest(ids: readonly string[]): string {
  return createHash('sha256').update([...ids].sort().join(',')).digest('hex').slice(0, 24);
}
