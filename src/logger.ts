import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino';
import { logContext } from './ops/log-context.ts';

/** The logger every part of the core receives; never a global, so tests can capture or silence it. */
export type Logger = PinoLogger;

/**
 * The process's logger, one JSON line per entry, on stdout; the mixin adds the request id or delivery
 * key of the work in progress. `stderr`: for commands whose stdout is their output (`tovholder tick`
 * prints one JSON line per pass there); `destination`: tests read the lines.
 */
export function createLogger(options: { level?: string; pretty?: boolean; stderr?: boolean; destination?: DestinationStream } = {}): Logger {
  const settings = { level: options.level ?? 'info', base: { app: 'tovholder' }, mixin: () => ({ ...logContext() }) };
  if (options.destination) return pino(settings, options.destination);
  return options.stderr ? pino(settings, pino.destination({ dest: 2, sync: true })) : pino(settings);
}

/** A logger that discards everything: for tests and benchmarks. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
