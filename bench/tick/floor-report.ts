/** The "tick against the SQLite floor" table of `npm run bench`: paired samples, ratios per pair. */
export interface FloorSample {
  total: number;
  sync: number;
  dispatch: number;
  floor?: number;
  /** The floor under sending what the tick queued (floor.ts, sendFloor); absent when nothing was. */
  sendFloor?: number;
}

export interface FloorCase {
  label: string;
  samples: FloorSample[];
  floor: string;
}

const GOAL = 3;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Each tick is divided by the floor taken on the same state right next to it; the median of those
 * ratios. The goal is judged on reminders + passes against the floor: the part of the tick whose writes
 * the floor does (queueing), and the figure issue #16 set it on (its "31-36 ms" and "120-150 ms" for
 * ~1,000 due are BENCHMARKS.md's "reminders + evaluation pass" of the day). Where a send floor was
 * taken, the whole tick is also set against both floors together, since the tick also sends what it
 * queued; sending is judged against the platform's limits by bench:delivery.
 */
function caseRow(c: FloorCase): string[] {
  const paired = c.samples.filter((s): s is FloorSample & { floor: number } => s.floor !== undefined);
  const ratio = (part: (s: FloorSample) => number, under: (s: FloorSample & { floor: number }) => number = (s) => s.floor) =>
    median(paired.map((s) => part(s) / under(s)));
  const sends = paired.every((s) => s.sendFloor !== undefined);
  const total = ratio((s) => s.total);
  const sync = ratio((s) => s.sync);
  const both = sends ? ratio((s) => s.total, (s) => s.floor + s.sendFloor!) : null;
  const fmt = (ms: number) => (ms < 1 ? ms.toFixed(3) : ms.toFixed(2));
  const verdict = (r: number) => (r <= GOAL ? 'met' : 'NOT met');
  return [
    c.label,
    String(paired.length),
    fmt(median(paired.map((s) => s.total))),
    fmt(median(paired.map((s) => s.sync))),
    fmt(median(paired.map((s) => s.dispatch))),
    fmt(median(paired.map((s) => s.floor))),
    sends ? fmt(median(paired.map((s) => s.sendFloor!))) : '-',
    `${total.toFixed(1)}×`,
    `${sync.toFixed(1)}×`,
    sends ? `${ratio((s) => s.dispatch, (s) => s.sendFloor!).toFixed(1)}×` : '-',
    both === null ? '-' : `${both.toFixed(1)}×`,
    `≤ ${GOAL}× (rem+passes / floor) ${verdict(sync)}`,
    c.floor,
  ];
}

export function floorTable(cases: FloorCase[]): string {
  const header = [
    'case', 'pairs', 'tick p50', 'rem+passes p50', 'dispatch p50', 'floor p50', 'send floor p50',
    'tick / floor', 'rem+passes / floor', 'dispatch / send floor', 'tick / both floors', 'goal', 'floor does',
  ];
  const rows = cases.map(caseRow);
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  const line = (r: string[]) => `| ${r.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n') +
    '\n\ntimes in ms; ratios are medians of tick ÷ floor per pair (each floor taken on the same state as its tick). ' +
    'The goal is on reminders + passes, the part whose writes the floor does; dispatch is judged against the platform\'s limits (bench:delivery). ' +
    'The send floor: per claim-sized batch, one UPDATE marking it in flight and one commit marking each delivery sent; ' +
    '"both floors" is the floor plus the send floor: the writes of queueing and of sending.';
}
