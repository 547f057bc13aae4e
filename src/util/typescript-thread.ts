import { Worker } from 'node:worker_threads';

/**
 * Starts a worker thread that runs the TypeScript module `entry`, with `data` as its workerData (plus
 * the entry itself). The thread gets no inherited command-line options: tsx is registered inside it,
 * and an --import meant for the main thread (a profiler, a loader) must not run there again.
 */
export function startTypeScriptThread(entry: URL, data: object): Worker {
  return new Worker(new URL('./typescript-thread.mjs', import.meta.url), { workerData: { ...data, entry: entry.href }, execArgv: [] });
}
