import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Fields every log line written inside a piece of work carries, however deep the code that logs:
 * the request id of an inbound request, the delivery key of an outbox send. The logger reads them
 * through pino's mixin (src/logger.ts), so adapters and SDK loggers need no extra parameter.
 */
const storage = new AsyncLocalStorage<Readonly<Record<string, string>>>();

/**
 * Runs `fn` with these fields on its log lines. They replace the surrounding ones rather than add to
 * them: an outbox pass kicked by a request logs its deliveries' keys, not that request's id.
 */
export function withLogContext<T>(fields: Record<string, string>, fn: () => T): T {
  return storage.run(fields, fn);
}

export function logContext(): Readonly<Record<string, string>> {
  return storage.getStore() ?? {};
}
