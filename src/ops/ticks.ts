import type { Logger } from '../logger.ts';
import type { Db } from '../store/db.ts';
import { addCount, readMark, setMark } from './store.ts';

/** Upper bounds (seconds) of the tick duration histogram: an idle tick is < 1 ms, a busy one ~0.1 s. */
export const TICK_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
export const TICK_MARK = 'scheduler_tick';

/**
 * Records a finished tick: the heartbeat readiness looks at (whichever thread or process ticked) and
 * the duration in the histogram's bucket. One small commit per tick.
 */
export function tickRecorder(db: Db, logger: Logger): (seconds: number, at: Date) => void {
  return (seconds, at) => {
    const le = TICK_BUCKETS.find((bound) => seconds <= bound);
    try {
      db.transaction(() => {
        setMark(db, TICK_MARK, at);
        addCount(db, 'tick_seconds_bucket', { le: le === undefined ? '+Inf' : String(le) });
        addCount(db, 'tick_seconds_sum', {}, seconds);
        addCount(db, 'tick_seconds_count', {});
      }).immediate();
    } catch (error) {
      // The tick itself is done and recorded; readiness will report the database.
      logger.warn({ err: error }, 'could not record the tick for health and metrics');
    }
  };
}

/** When the scheduler last finished a tick, or null if never. */
export function lastTickAt(db: Db): Date | null {
  const mark = readMark(db, TICK_MARK);
  return mark ? new Date(mark.at) : null;
}
