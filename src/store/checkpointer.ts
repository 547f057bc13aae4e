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
