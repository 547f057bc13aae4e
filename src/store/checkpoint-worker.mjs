// Runs WAL checkpoints on its own thread and database connection (see checkpointer.ts). Plain
// JavaScript, so it starts the same under tsx, vitest and plain node.
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';

const { path, intervalMs } = workerData;
const db = new Database(path);
db.pragma('synchronous = NORMAL');
// This connection never writes rows, so it must never checkpoint on its own schedule either.
db.pragma('wal_autocheckpoint = 0');

let busy = 0;
let pages = 0;
let last = { log: 0, checkpointed: 0 };
function checkpoint() {
  // PASSIVE never waits for, and never blocks, the writers: it copies what no reader still needs.
  const [row] = db.pragma('wal_checkpoint(PASSIVE)');
  if (row.busy) busy += 1;
  // `checkpointed` counts from the start of the WAL, which begins again after a reset.
  const before = row.log < last.log ? 0 : last.checkpointed;
  pages += Math.max(0, row.checkpointed - before);
  last = row;
}

const timer = setInterval(checkpoint, intervalMs);
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.postMessage({ busy, pages });
  parentPort.close();
});
