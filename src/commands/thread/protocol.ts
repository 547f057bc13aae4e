import type { ActionInput, CommandContext, CommandReply } from '../types.ts';

/** Messages between the command thread and the main thread (structured-cloned). */

export type Job = { kind: 'command'; text: string } | { kind: 'action'; action: ActionInput };

export type ToThread =
  /** `log`: the request's log fields (its request id), for the lines the thread writes about the job. */
  | { type: 'run'; id: number; job: Job; ctx: CommandContext; log: Record<string, string> }
  | { type: 'platform-result'; id: number; value?: unknown; error?: CallFailure };

/** A platform call's failure, with what the outbox decides by (PlatformError's code, RateLimitError's wait). */
export interface CallFailure {
  name: string;
  message: string;
  code?: string;
  retryAfterMs?: number;
}

export type FromThread =
  | { type: 'ready' }
  | { type: 'done'; id: number; reply: CommandReply }
  | { type: 'failed'; id: number; message: string }
  | { type: 'platform-call'; id: number; platform: string; method: string; request: unknown };

export interface ThreadSettings {
  dbPath: string;
  logLevel: string;
  workerId: string;
  defaults: { timezone: string; locale: 'da' | 'en'; creators?: readonly string[] };
  templates?: unknown[];
  /** How far the main thread's clock is from the system clock (`start --now`); fixed for the run. */
  clockOffsetMs: number;
  /** Each platform's name and the methods it has (optional ones vary). */
  platforms: { name: string; methods: string[] }[];
}
