/** The process bench's table: medians of the runs per set-up, and the ratios against issue #16's goals. */
import { table } from '../slack-ack/stats.ts';

export interface Reading {
  launchToHttpMs: number;
  firstCommandMs: number | null;
  rssMb: number;
  threads: number;
  /** CPU used while idle (the second half of the idle wait), all threads, ms per second. Not a goal. */
  idleCpuMsPerS: number;
  /** With --busy: resident memory 5 s after a burst of commands (the outbox thread running), and once it has stopped. */
  busy?: { workingMb: number; workingThreads: number; afterMb: number; afterThreads: number };
}

export interface Setup {
  label: string;
  readings: Reading[];
  /** Goal for resident memory as a multiple of the bare app's; none for the bare app itself. */
  rssGoal?: number;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Goals of issue #16 besides memory: launch to HTTP ≤ 1.5 × bare, first command ≤ 1 s after HTTP. */
const LAUNCH_GOAL = 1.5;
const FIRST_COMMAND_GOAL_MS = 1_000;

const ok = (held: boolean): string => (held ? 'ok' : 'MISSED');

export function printReport(bare: Setup, others: Setup[], idleSeconds: number): void {
  const m = (s: Setup, key: 'launchToHttpMs' | 'rssMb' | 'threads' | 'idleCpuMsPerS') => median(s.readings.map((r) => r[key]));
  const firsts = (s: Setup) => s.readings.flatMap((r) => (r.firstCommandMs === null ? [] : [r.firstCommandMs]));
  const cpu = (s: Setup) => `${m(s, 'idleCpuMsPerS').toFixed(1)} ms/s`;
  const rows = [['set-up', `RSS idle after ${idleSeconds} s`, 'threads', 'launch → HTTP', 'first command answered after HTTP', `idle CPU, ${idleSeconds / 2}-${idleSeconds} s`]];
  rows.push([bare.label, `${m(bare, 'rssMb').toFixed(1)} MB`, String(m(bare, 'threads')), `${m(bare, 'launchToHttpMs').toFixed(0)} ms`, '– (only acks)', cpu(bare)]);
  for (const s of others) {
    const rssRatio = m(s, 'rssMb') / m(bare, 'rssMb');
    const launchRatio = m(s, 'launchToHttpMs') / m(bare, 'launchToHttpMs');
    const first = median(firsts(s));
    rows.push([
      s.label,
      `${m(s, 'rssMb').toFixed(1)} MB (${rssRatio.toFixed(2)}×, goal ≤ ${s.rssGoal}×: ${ok(rssRatio <= s.rssGoal!)})`,
      String(m(s, 'threads')),
      `${m(s, 'launchToHttpMs').toFixed(0)} ms (${launchRatio.toFixed(2)}×, goal ≤ ${LAUNCH_GOAL}×: ${ok(launchRatio <= LAUNCH_GOAL)})`,
      Number.isNaN(first) ? 'no answer' : `${first.toFixed(0)} ms (goal ≤ ${FIRST_COMMAND_GOAL_MS} ms: ${ok(first <= FIRST_COMMAND_GOAL_MS)})`,
      cpu(s),
    ]);
  }
  process.stdout.write(`\nMedians of ${bare.readings.length} run(s) each:\n\n${table(rows)}\n`);
}

/** With --busy: the memory of each bot while its outbox thread works, and after it has stopped again. */
export function printBusy(bare: Setup, others: Setup[], afterSeconds: number): void {
  const bareMb = median(bare.readings.map((r) => r.rssMb));
  const rows = [['set-up', 'RSS 5 s after a burst (thread running)', `RSS ${afterSeconds} s after it`, 'threads (running / after)']];
  for (const s of others) {
    const busy = s.readings.flatMap((r) => (r.busy ? [r.busy] : []));
    if (busy.length === 0) continue;
    const working = median(busy.map((b) => b.workingMb));
    const after = median(busy.map((b) => b.afterMb));
    rows.push([s.label, `${working.toFixed(1)} MB (${(working / bareMb).toFixed(2)}×)`, `${after.toFixed(1)} MB (${(after / bareMb).toFixed(2)}×)`, `${median(busy.map((b) => b.workingThreads))} / ${median(busy.map((b) => b.afterThreads))}`]);
  }
  process.stdout.write(`\nAfter a burst of commands (--busy), against the bare app's idle RSS:\n\n${table(rows)}\n`);
}
