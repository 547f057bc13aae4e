import { Worker, type ResourceLimits } from 'node:worker_threads';

/**
 * V8 heap caps of the bot's TypeScript threads. A worker's young generation otherwise grows to V8's
 * default for the whole process (tens of MB per thread, resident once touched); a small one costs a
 * few more scavenges of short-lived garbage. The old generation cap is far above what a
 * 1,000-reminder pass needs: it only keeps a runaway thread from taking the machine's memory (the
 * thread then dies and its work falls back to the main thread, see runner.ts and bin/outbox.ts).
 */
export const THREAD_HEAP_LIMITS: ResourceLimits = { maxYoungGenerationSizeMb: 3, maxOldGenerationSizeMb: 256 };

/** True when this module runs as compiled JavaScript from dist/ (`npm start`), not TypeScript under tsx. */
const COMPILED = import.meta.url.endsWith('.js');

/**
 * Starts a worker thread that runs the TypeScript module `entry`, with `data` as its workerData (plus
 * the entry itself). Compiled (from dist/), the thread runs the entry's bundle, its .cjs twin
 * (scripts/build.mjs). From the
 * sources, tsx is registered inside the thread (typescript-thread.mjs). Either way the thread gets no
 * inherited command-line options: an --import meant for the main thread (a profiler, a loader) must
 * not run there again. `resourceLimits` caps the thread's V8 heap.
 */
export function startTypeScriptThread(entry: URL, data: object, resourceLimits: ResourceLimits = THREAD_HEAP_LIMITS): Worker {
  const script = COMPILED ? new URL(entry.href.replace(/\.ts$/, '.cjs')) : new URL('./typescript-thread.mjs', import.meta.url);
  return new Worker(script, { workerData: { ...data, entry: entry.href }, execArgv: [], resourceLimits });
}
