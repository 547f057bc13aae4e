import { pino, type Logger as PinoLogger } from 'pino';
import { logContext } from './ops/log-context.ts';

/** The logger every part of the core receives; never a global, so tests can capture or silence it. */
export type Logger = PinoLogger;

export function createLogger(options: { level?: string; pretty?: boolean } = {}): Logger {
  // JSON lines on stdout; the mixin adds the request id or delivery key of the work in progress.
  return pino({ level: options.level ?? 'info', base: { app: 'tovholder' }, mixin: () => ({ ...logContext() }) });
}

/** A logger that discards everything: for tests and benchmarks. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
