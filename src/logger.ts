import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino';
import { logContext } from './ops/log-context.ts';

/** The logger every part of the core receives; never a global, so tests can capture or silence it. */
export type Logger = PinoLogger;

/** JSON lines on stdout (or `destination`: tests read them); the mixin adds the request id or delivery key of the work in progress. */
export function createLogger(options: { level?: string; pretty?: boolean; destination?: DestinationStream } = {}): Logger {
  const settings = { level: options.level ?? 'info', base: { app: 'tovholder' }, mixin: () => ({ ...logContext() }) };
  return options.destination ? pino(settings, options.destination) : pino(settings);
}

/** A logger that discards everything: for tests and benchmarks. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
