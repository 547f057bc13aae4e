/**
 * The diagnosis part of the ack bench: one request at a time, each sent only once the previous one
 * has been answered (bot) and a short gap has passed (both). Nothing queues, so this is the ack
 * path alone: Bolt's signature check, our authorize and routing, up to ack(). Per command kind it
 * also gives the server's CPU time per request, i.e. what the work after the ack costs, less the
 * background rate (the outbox trickling out move notices at Slack's pace) measured just before.
 */
import { cpuMs, threadCpuDelta, threadCpuMs } from './cpu.ts';
import { Client, type Sample, type Shot } from './load.ts';
import { commandOf, KINDS, type Kind, type Setting } from './mix.ts';
import type { FakeHost, Target } from './processes.ts';
import { until } from './setup.ts';
import { summarize, type Summary } from './stats.ts';

/** After each answer: long enough for the bot's outbox kick to finish, equal for both servers. */
const GAP_MS = 25;
const BACKGROUND_MS = 2_000;

export interface IdleResult {
  kind: Kind | 'all';
  ack: Summary;
  /** Server CPU per request (ms), background subtracted; NaN where /proc is missing. */
  cpu: number;
  /** The same per thread (ms per request, background included), busiest first. */
  threads?: [string, number][];
}

export interface IdleRun {
  /** The server's CPU use while idle just before (ms per s): mostly the outbox working off its backlog. */
  background: number;
  /** CPU per thread over the whole run (ms per request, background not subtracted), busiest first. */
  threads: [string, number][];
  results: IdleResult[];
}

export async function idleRun(target: Target, fake: FakeHost, setting: Setting, perKind: number, runTag: string): Promise<IdleRun> {
  const before = cpuMs(target.pid);
  await new Promise((r) => setTimeout(r, BACKGROUND_MS));
  const background = (cpuMs(target.pid) - before) / BACKGROUND_MS;
  const client = new Client(target.eventsUrl, 1);
  const threads0 = threadCpuMs(target.pid);
  const results: IdleResult[] = [];
  const all: Sample[] = [];
  let totalCpu = 0;
  try {
    for (const kind of KINDS) {
      const { responseUrls, triggerIds } = await fake.mint(perKind);
      const shots: Shot[] = responseUrls.map((responseUrl, i) => ({ ...commandOf(kind, 1_000_000 + i, setting, `${runTag}-idle-${target.name}`), responseUrl, triggerId: triggerIds[i]! }));
      const cpu0 = cpuMs(target.pid);
      const kindThreads0 = threadCpuMs(target.pid);
      const t0 = performance.now();
      const samples: Sample[] = [];
      for (const shot of shots) {
        samples.push(await client.send(shot));
        if (target.name === 'bot') await until(async () => (await fake.answers([shot.responseUrl]))[0] !== null, 10_000, `the answer to "${shot.text}"`, 5);
        await new Promise((r) => setTimeout(r, GAP_MS));
      }
      const cpu = cpuMs(target.pid) - cpu0 - background * (performance.now() - t0);
      totalCpu += cpu;
      all.push(...samples);
      const threads = threadCpuDelta(kindThreads0, threadCpuMs(target.pid)).map(([name, ms]): [string, number] => [name, ms / perKind]);
      results.push({ kind, ack: summarize(samples.map((s) => s.ms)), cpu: cpu / perKind, threads });
    }
  } finally {
    client.close();
  }
  results.push({ kind: 'all', ack: summarize(all.map((s) => s.ms)), cpu: totalCpu / all.length });
  const threads = threadCpuDelta(threads0, threadCpuMs(target.pid)).map(([name, ms]): [string, number] => [name, ms / all.length]);
  return { background: background * 1000, results, threads };
}
