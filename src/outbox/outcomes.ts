/**
 * Group commit for dispatch outcomes. A commit costs ~50-100 µs on a WAL database (WAL frames, shm
 * locks, now and then a checkpoint), ten times the UPDATE it carries; with one commit per delivery,
 * commits were most of the dispatcher's own work. Outcomes that are ready in the same event-loop turn
 * (several targets answered at once) now share one transaction, written at the end of that turn.
 *
 * The dispatcher waits for the commit before it looks at the next delivery to the same target, so a
 * crash still leaves at most one unrecorded send per target, and only for the instant between the
 * platform's answer and the end of that turn.
 *
 * Round 4: with a platform that answers at once, each turn carried at most `concurrency` outcomes,
 * so a burst of 2,000 posts cost ~500 commits. Now a turn's outcomes are written only when someone
 * waits for them (the next delivery to a target, the end of a batch) or when the oldest is MAX_AGE_MS
 * old; until then, later turns' outcomes join the same commit. Nothing about ordering changes: every
 * waiter still gets its commit at the end of the turn in which it asked.
 */
export class OutcomeWriter {
  private writes: (() => void)[] = [];
  private pending: { promise: Promise<void>; resolve: () => void; reject: (error: unknown) => void } | null = null;
  private oldest = 0;
  private waited = false;
  private scheduled = false;

  constructor(private readonly transaction: <T>(fn: () => T) => T) {}

  /** Queues a write for the next commit. */
  queue(write: () => void): void {
    this.writes.push(write);
    if (!this.pending) {
      let resolve!: () => void;
      let reject!: (error: unknown) => void;
      const promise = new Promise<void>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      // Awaited through committed(); this only keeps a failed commit nobody waits for from being an
      // unhandled rejection (the deliveries then stay leased, as after a crash).
      promise.catch(() => {});
      this.pending = { promise, resolve, reject };
      this.oldest = performance.now();
    }
    this.schedule();
  }

  /** Resolves once everything queued so far is committed; rejects if that commit failed. */
  committed(): Promise<void> {
    if (!this.pending) return Promise.resolve();
    this.waited = true;
    return this.pending.promise;
  }

  /** At the end of this event-loop turn: commit if someone waits or the oldest write is old enough. */
  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (!this.pending) return;
      if (this.waited || performance.now() - this.oldest >= MAX_AGE_MS) this.flush();
      else this.schedule();
    });
  }

  private flush(): void {
    const { writes, pending } = this;
    this.writes = [];
    this.pending = null;
    this.waited = false;
    try {
      this.transaction(() => {
        for (const write of writes) write();
      });
      pending!.resolve();
    } catch (error) {
      pending!.reject(error);
    }
  }
}

/** How long an outcome may wait for company before it is committed alone. */
const MAX_AGE_MS = 2;
