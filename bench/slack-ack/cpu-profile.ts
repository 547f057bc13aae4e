/**
 * Preloaded into the servers by `--profile=DIR` (NODE_OPTIONS=--import after tsx, because Node refuses
 * --cpu-prof there): a V8 CPU profile of the whole process, written to DIR when it exits.
 * The inspector session runs on the main thread, so its callbacks run synchronously inside post():
 * that is what lets the profile be saved from an 'exit' handler.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';

const dir = process.env.BENCH_PROFILE_DIR;
if (dir) {
  const session = new Session();
  session.connect();
  session.post('Profiler.setSamplingInterval', { interval: 200 });
  session.post('Profiler.enable');
  session.post('Profiler.start');
  process.once('exit', () => {
    session.post('Profiler.stop', (error, result) => {
      if (!error) writeFileSync(join(dir, `${process.env.BENCH_PROFILE_NAME ?? 'server'}-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
