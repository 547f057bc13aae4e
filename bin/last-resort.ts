import type { Logger } from '../src/logger.ts';

/**
 * The last line of defence of `tovholder start`, so that no request can stop every programme.
 *
 * A rejected promise nobody awaited (Bolt's HTTP receiver runs each request in one, and a signed body
 * of `null` used to end the process there) is logged and the bot keeps serving: the work it belonged
 * to wrote through SQLite transactions, which rolled back, and the outbox owns everything in flight.
 *
 * An exception thrown synchronously up to the event loop is another matter: Node's documentation says
 * the process is then in an unknown state and must not resume. It is logged in one line and the
 * process exits with code 1 for its supervisor (systemd, Docker) to restart it; the outbox's leases
 * make a restart safe. Request handlers cannot throw that far: the HTTP server runs them as promises.
 */
export function installLastResort(logger: Logger, exit: (code: number) => void = (code) => process.exit(code)): void {
  process.on('unhandledRejection', (reason) => {
    logger.error({ err: reason }, 'unhandled rejection; the bot keeps running');
  });
  process.on('uncaughtException', (error) => {
    logger.fatal({ err: error }, 'uncaught exception; stopping so that a supervisor restarts the bot in a known state');
    exit(1);
  });
}
