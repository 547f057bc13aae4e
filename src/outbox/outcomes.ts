/**
 * Group commit for dispatch outcomes. A commit costs ~50-100 µs on a WAL database (WAL frames, shm
 * locks, now and then a checkpoint), ten times the UPDATE it carries; with one commit per delivery,
 * commits were most of the dispatcher's own work. Outcomes that are ready in the same event-loop turn
 * (several targets answered at once) now share one transaction, written at the end of that turn.
 *
 * The dispatcher waits for the commit before it looks at the next delivery to the same target, so a
 * crash still leaves at most one unrecorded send per target, and only for the instant between the
 * platform's answer and the end of that turn.
 */
export class OutcomeWriter {
  private writes: (() => void)[] = [];
  private pending: Promise<void> | null = null;

  constructor(private readonly transaction: <T>(fn: () => T) => T) {}

  /** Queues a write for the next commit. */
  queue(write: () => void): void {
    this.writes.push(write);
    if (this.pending) return;
    this.pending = new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.flush());
    // Awaited through committed(); this only keeps a failed commit nobody waits for from being an
    // unhandled rejection (the deliveries then stay leased, as after a crash).
    this.pending.catch(() => {});
  }

  /** Resolves once everything queued so far is committed; rejects if that commit failed. */
  committed(): Promise<void> {
    return this.pending ?? Promise.resolve();
  }

  private flush(): void {
    const writes = this.writes;
    this.writes = [];
    this.pending = null;
    this.transaction(() => {
      for (const write of writes) write();
    });
  }
}
