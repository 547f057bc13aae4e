import { LogLevel, type Logger as BoltLogger } from '@slack/logger';
import type { Logger } from '../../src/logger.ts';

/**
 * Bolt and the WebClient log through @slack/logger's interface; this hands their lines to our pino
 * logger, so there is one log stream with one level.
 */
export function boltLogger(logger: Logger): BoltLogger {
  let log = logger;
  const write = (level: 'debug' | 'info' | 'warn' | 'error') => (...msg: unknown[]): void => {
    const error = msg.find((m): m is Error => m instanceof Error);
    const text = msg.filter((m) => !(m instanceof Error)).map((m) => (typeof m === 'string' ? m : safeJson(m))).join(' ');
    if (error) log[level]({ err: error }, text || error.message);
    else log[level](text);
  };
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    // Our level is set once from LOG_LEVEL; Bolt may not change it.
    setLevel: () => undefined,
    getLevel: () => levelOf(logger.level),
    setName: (name: string) => {
      log = logger.child({ slack: name });
    },
  };
}

function levelOf(level: string): LogLevel {
  if (level === 'trace' || level === 'debug') return LogLevel.DEBUG;
  if (level === 'info') return LogLevel.INFO;
  if (level === 'warn') return LogLevel.WARN;
  return LogLevel.ERROR;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}
