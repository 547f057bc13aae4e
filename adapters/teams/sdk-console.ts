/**
 * botbuilder writes to the console by itself: CloudAdapter.process prints every error it answers
 * (401 for a forged token, with the whole stack) and the JWT extractor prints "Error finding key for
 * token" before rethrowing. Stack traces on stderr outside the log are noise to operators and a gift to
 * whoever probes the endpoint. Inside `quietSdk` those console calls go to our pino logger at debug
 * instead; everywhere else the console is untouched.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { format } from 'node:util';
import type { Logger } from '../../src/logger.ts';

type Level = 'error' | 'warn' | 'log' | 'info';
type Sink = (level: Level, args: unknown[]) => void;

const scope = new AsyncLocalStorage<Sink>();
let installed = false;

/** Routes console calls made by the SDK (in this async scope only) to `sink`. Installed once. */
function install(): void {
  if (installed) return;
  installed = true;
  for (const level of ['error', 'warn', 'log', 'info'] as const) {
    const original = console[level].bind(console);
    console[level] = (...args: unknown[]) => {
      const sink = scope.getStore();
      if (sink) sink(level, args);
      else original(...args);
    };
  }
}

/** What the SDK said while `run` ran: its console output as debug lines, and the errors it printed. */
export interface SdkOutput {
  errors: unknown[];
}

export async function quietSdk<T>(logger: Logger, run: () => Promise<T>): Promise<{ result: T; output: SdkOutput }> {
  install();
  const output: SdkOutput = { errors: [] };
  const sink: Sink = (level, args) => {
    output.errors.push(...args.filter((a) => a instanceof Error));
    logger.debug({ sdkConsole: level }, format(...args));
  };
  const result = await scope.run(sink, run);
  return { result, output };
}
