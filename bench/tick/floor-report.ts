/** The "tick against the SQLite floor" table of `npm run bench`: paired samples, ratios per pair. */
export interface FloorSample {
  total: number;
  sync: number;
  dispatch: number;
  floor?: number;
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

/** Each tick is divided by the floor taken on the same state right next to it; the median of those ratios. */
function caseRow(c: FloorCase): string[] {
  const paired = c.samples.filter((s): s is FloorSample & { floor: number } => s.floor !== undefined);
  const ratio = (part: (s: FloorSample) => number) => median(paired.map((s) => part(s) / s.floor));
  const total = ratio((s) => s.total);
  const fmt = (ms: number) => (ms < 1 ? ms.toFixed(3) : ms.toFixed(2));
  return [
    c.label,
    String(paired.length),
    fmt(median(paired.map((s) => s.total))),
    fmt(median(paired.map((s) => s.sync))),
    fmt(median(paired.map((s) => s.dispatch))),
    fmt(median(paired.map((s) => s.floor))),
    `${total.toFixed(1)}×`,
    `${ratio((s) => s.sync).toFixed(1)}×`,
    `≤ ${GOAL}× ${total <= GOAL ? 'met' : 'NOT met'}`,
    c.floor,
  ];
}

export function floorTable(cases: FloorCase[]): string {
  const header = ['case', 'pairs', 'tick p50', 'rem+passes p50', 'dispatch p50', 'floor p50', 'tick / floor', 'rem+passes / floor', 'goal', 'floor does'];
  const rows = cases.map(caseRow);
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  const line = (r: string[]) => `| ${r.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n') + '\n\ntimes in ms; ratios are medians of tick ÷ floor per pair (each floor taken on the same state as its tick).';
}
