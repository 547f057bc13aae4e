import type { Logger } from '../logger.ts';
import type { Db } from '../store/db.ts';
import { addCount } from './store.ts';

export const COMMANDS_METRIC = 'commands';

/** ok: answered; refused: the user's mistake, answered with a message; error: a bug, answered with an apology. */
export type CommandOutcome = 'ok' | 'refused' | 'error';

/**
 * Counts a handled command in the database: commands run on the command thread, /metrics is served by
 * the main thread. A failed count must never cost the user their answer: it is logged and dropped (an
 * unwritable database shows in /readyz).
 */
export function countCommand(db: Db, logger: Logger, command: string, outcome: CommandOutcome): void {
  // With the request's id (on the command thread too), this line ties a request to what came of it.
  logger.debug({ command, outcome }, 'command handled');
  try {
    addCount(db, COMMANDS_METRIC, { command, outcome });
  } catch (error) {
    logger.warn({ err: error, command, outcome }, 'could not count the command for /metrics');
  }
}
