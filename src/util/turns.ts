/**
 * Resolves in the event loop's check phase, after the I/O that is ready now has been handled. Long
 * runs of background work (the outbox) await it between steps, so a request that arrives meanwhile
 * is answered first instead of after all of them.
 */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
