import { Worker } from 'node:worker_threads';
import type { Logger } from '../logger.ts';
import type { Db } from './db.ts';

/** How far the WAL may grow (64 MiB at 16 KiB pages) before the writer checkpoints itself, if the worker lags. */
export const FALLBACK_AUTOCHECKPOINT_PAGES = 4_000;
/** SQLite's own default. */
const DEFAULT_AUTOCHECKPOINT_PAGES = 1_000;

export interface CheckpointStats {
  /** Checkpoints that could not copy everything because a reader still needed older pages. */
  busy: number;
  /** WAL pages copied into the database file. */
  pages: number;
}

export interface Checkpointer {
  /** Runs a last checkpoint and stops the thread. */
  stop(): Promise<CheckpointStats>;
}

/**
 * Moves WAL checkpoints off the event loop. By default SQLite checkpoints inside the commit that
 * pushes the WAL past 1,000 pages: that commit then copies them into the database file and fsyncs it,
 * on the thread that also acks Slack and runs the tick (about a third of a 1,000-reminder tick). A
 * worker thread with its own connection checkpoints every `intervalMs` instead. The writer's own
 * automatic checkpoint stays as a fallback at FALLBACK_AUTOCHECKPOINT_PAGES, and comes back at the
 * default if the worker dies. Durability is unchanged: a commit is in the WAL either way, and a
 * checkpoint only copies it into the main file.
 */
export function startCheckpointer(db: Db, logger: Logger, intervalMs = 250): Checkpointer | null {
  if (db.memory) return null;
  // It only runs a pragma every intervalMs: a tiny heap is all it needs (V8's default young generation alone is tens of MB).
  const resourceLimits = { maxYoungGenerationSizeMb: 1, maxOldGenerationSizeMb: 16 };
  const worker = new Worker(new URL('./checkpoint-worker.mjs', import.meta.url), { workerData: { path: db.name, intervalMs }, execArgv: [], resourceLimits });
  // Never what keeps the process alive: whoever closes the database last checkpoints anyway.
  worker.unref();
  const restoreDefault = () => {
    if (db.open) db.pragma(`wal_autocheckpoint = ${DEFAULT_AUTOCHECKPOINT_PAGES}`);
  };
  worker.on('error', (error) => {
    logger.error({ err: error }, 'background checkpoints stopped; SQLite checkpoints on commit again');
    restoreDefault();
  });
  db.pragma(`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`);
  let stopping: Promise<CheckpointStats> | null = null;
  return {
    stop() {
      stopping ??= new Promise<CheckpointStats>((resolve) => {
        worker.on('message', (message: unknown) => {
          if (typeof message === 'object' && message) resolve(message as CheckpointStats);
        });
        worker.once('exit', () => resolve({ busy: 0, pages: 0 }));
        worker.postMessage('stop');
      }).finally(restoreDefault);
      return stopping;
    },
  };
}

/**
 * The same checkpoints as a timer on the calling thread, over `db` (a connection that also writes):
 * for a thread that is off the acks already (the outbox thread of `tovholder start`), where a
 * checkpoint thread of its own would be one more V8 isolate (several MB resident) for a pragma every
 * `intervalMs`. The connections of the other threads call checkpointsDoneElsewhere.
 */
export function startCheckpointTimer(db: Db, intervalMs = 250): Checkpointer | null {
  if (db.memory) return null;
  db.pragma(`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`);
  const stats: CheckpointStats = { busy: 0, pages: 0 };
  let last = { log: 0, checkpointed: 0 };
  const checkpoint = () => {
    if (!db.open) return;
    // PASSIVE never waits for, and never blocks, the writers: it copies what no reader still needs.
    const [row] = db.pragma('wal_checkpoint(PASSIVE)') as { busy: number; log: number; checkpointed: number }[];
    if (!row) return;
    if (row.busy) stats.busy += 1;
    // `checkpointed` counts from the start of the WAL, which begins again after a reset.
    const before = row.log < last.log ? 0 : last.checkpointed;
    stats.pages += Math.max(0, row.checkpointed - before);
    last = row;
  };
  const timer = setInterval(checkpoint, intervalMs).unref();
  return {
    async stop() {
      clearInterval(timer);
      checkpoint();
      if (db.open) db.pragma(`wal_autocheckpoint = ${DEFAULT_AUTOCHECKPOINT_PAGES}`);
      return stats;
    },
  };
}

/**
 * For a writer whose checkpoints another thread runs (startCheckpointTimer there): its own automatic
 * checkpoint only as the fallback. `restore` brings SQLite's default back, for when that thread is gone.
 */
export function checkpointsDoneElsewhere(db: Db): { restore(): void } {
  if (!db.memory) db.pragma(`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`);
  return {
    restore() {
      if (db.open && !db.memory) db.pragma(`wal_autocheckpoint = ${DEFAULT_AUTOCHECKPOINT_PAGES}`);
    },
  };
}
