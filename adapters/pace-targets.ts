import { conversationOf } from './teams/refs.ts';

/**
 * Each platform's `paceTarget` (src/platform/port.ts) where it has one, for the outbox thread of
 * `tovholder start`: its platforms are the main thread's adapters behind a message port, whose calls
 * are asynchronous, while the dispatcher asks this synchronously before every send. Pure functions of
 * the reference, so the thread loads no SDK for them.
 */
export const PACE_TARGETS: Readonly<Record<string, (channelRef: string) => string>> = { teams: conversationOf };
