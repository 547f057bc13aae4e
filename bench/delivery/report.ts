/** The table `npm run bench:delivery` prints: achieved posts per minute against the limits' floor. */
import type { RunResult } from './run.ts';

const GOAL = 0.9;

export function deliveryTable(results: RunResult[]): string {
  const header = ['run', 'posts', 'took (s)', 'floor (s)', 'achieved / min', 'allowed / min', 'achieved / allowed', '429s (absorbed)', 'failed', 'goal ≥ 0.9, no failure'];
  const rows = results.map((r) => {
    const achieved = (r.posts / r.durationMs) * 60_000;
    const allowed = (r.posts / Math.max(1, r.idealMs)) * 60_000;
    const share = r.idealMs / r.durationMs;
    return [
      r.label,
      String(r.posts),
      (r.durationMs / 1000).toFixed(1),
      (r.idealMs / 1000).toFixed(1),
      achieved.toFixed(0),
      allowed.toFixed(0),
      share.toFixed(2),
      String(r.rateLimited),
      String(r.failed),
      share >= GOAL && r.failed === 0 ? 'met' : 'NOT met',
    ];
  });
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  const line = (r: string[]) => `| ${r.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}
