import type { Logger } from '../logger.ts';
import type { Db } from '../store/db.ts';
import { addCount, readMark, setMark } from './store.ts';

/** Upper bounds (seconds) of the tick duration histogram: an idle tick is < 1 ms, a busy one ~0.1 s. */
export const TICK_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
export const TICK_MARK = 'scheduler_tick';
/**
 * Ticks closer together than this to the last one written are added up in memory and written with
 * the next: with a command every few seconds the outbox thread ticks up to four times a second, and a
 * write transaction per tick was most of an idle tick's cost (issue #16). Readiness allows two
 * minutes without a tick, so a heartbeat up to ten seconds old changes nothing.
 */
export const TICK_WRITE_EVERY_MS = 10_000;

interface Pending {
  at: Date;
  buckets: Map<string, number>;
  seconds: number;
  count: number;
}

/**
 * Records finished ticks: the heartbeat readiness looks at (whichever thread or process ticked) and
 * each duration in the histogram's bucket. A tick at least TICK_WRITE_EVERY_MS after the last one
 * written (on the core's clock: the first tick, every minute tick when idle) is written at once, in
 * one small commit with any added up since; the ones in between are written with the next, or by a
 * timer at most TICK_WRITE_EVERY_MS later, so /metrics lags by at most that much.
 */
export function tickRecorder(db: Db, logger: Logger): (seconds: number, at: Date) => void {
  let lastWritten: number | null = null;
  let pending: Pending | null = null;
  let timer: NodeJS.Timeout | null = null;

  const write = (): void => {
    if (timer) clearTimeout(timer);
    timer = null;
    const batch = pending;
    pending = null;
    if (!batch || !db.open) return;
    lastWritten = batch.at.getTime();
    try {
      db.transaction(() => {
        setMark(db, TICK_MARK, batch.at);
        for (const [le, n] of batch.buckets) addCount(db, 'tick_seconds_bucket', { le }, n);
        addCount(db, 'tick_seconds_sum', {}, batch.seconds);
        addCount(db, 'tick_seconds_count', {}, batch.count);
      }).immediate();
    } catch (error) {
      // The ticks themselves are done; readiness will report the database.
      logger.warn({ err: error }, 'could not record the tick for health and metrics');
    }
  };

  return (seconds, at) => {
    const bound = TICK_BUCKETS.find((b) => seconds <= b);
    const le = bound === undefined ? '+Inf' : String(bound);
    pending ??= { at, buckets: new Map(), seconds: 0, count: 0 };
    pending.at = at;
    pending.buckets.set(le, (pending.buckets.get(le) ?? 0) + 1);
    pending.seconds += seconds;
    pending.count += 1;
    if (lastWritten === null || Math.abs(at.getTime() - lastWritten) >= TICK_WRITE_EVERY_MS) return write();
    // Not on the thread's critical path, and not what keeps the process alive.
    timer ??= setTimeout(write, TICK_WRITE_EVERY_MS).unref();
  };
}

/** When the scheduler last finished a tick, or null if never. */
export function lastTickAt(db: Db): Date | null {
  const mark = readMark(db, TICK_MARK);
  return mark ? new Date(mark.at) : null;
}
