import { pino, type Logger as PinoLogger } from 'pino';

/** The logger every part of the core receives; never a global, so tests can capture or silence it. */
export type Logger = PinoLogger;

export function createLogger(options: { level?: string; pretty?: boolean } = {}): Logger {
  return pino({ level: options.level ?? 'info', base: { app: 'tovholder' } });
}

/** A logger that discards everything: for tests and benchmarks. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
