// Entry of every TypeScript worker thread (see typescript-thread.ts). Plain JavaScript that loads the
// thread's module through tsx's API, so a thread starts the same under `tsx`, vitest and plain node.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
