import { pino, type Logger as PinoLogger } from 'pino';

/** The logger every part of the core receives; never a global, so tests can capture or silence it. */
export type Logger = PinoLogger;

/**
 * The process's logger, one JSON line per entry. `stderr`: for commands whose stdout is their output
 * (`tovholder tick` prints one JSON line per pass there).
 */
export function createLogger(options: { level?: string; pretty?: boolean; stderr?: boolean } = {}): Logger {
  const settings = { level: options.level ?? 'info', base: { app: 'tovholder' } };
  return options.stderr ? pino(settings, pino.destination({ dest: 2, sync: true })) : pino(settings);
}

/** A logger that discards everything: for tests and benchmarks. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
