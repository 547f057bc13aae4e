import type { AttemptOutcome, OutcomeCounter } from '../outbox/dispatcher.ts';
import type { Db } from '../store/db.ts';
import { addCount, type Labels } from './store.ts';

export const DELIVERIES_METRIC = 'deliveries';

/**
 * Counts delivery outcomes in the database, in the dispatcher's own commit of those outcomes (see
 * store.ts for why in the database). A burst of 2,000 posts shares a handful of commits; adding one
 * UPSERT per delivery to each would cost more than the outcomes themselves, so the counts of one
 * commit are summed here and written as one row per label set.
 */
export class DatabaseOutcomeCounter implements OutcomeCounter {
  private pending = new Map<string, { labels: Labels; n: number }>();

  constructor(private readonly db: Db) {}

  add(labels: { platform: string; op: string; outcome: AttemptOutcome }): (() => void) | null {
    // Not labelKey (sorting and JSON for every delivery): these three labels are always the same set.
    const key = `${labels.platform}\n${labels.op}\n${labels.outcome}`;
    const first = this.pending.size === 0;
    const entry = this.pending.get(key);
    if (entry) entry.n += 1;
    else this.pending.set(key, { labels, n: 1 });
    return first ? () => this.flush() : null;
  }

  private flush(): void {
    const counts = this.pending;
    this.pending = new Map();
    for (const { labels, n } of counts.values()) addCount(this.db, DELIVERIES_METRIC, labels, n);
  }
}
