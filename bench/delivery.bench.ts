/**
 * Delivery against the platform's limit: `npm run bench:delivery` (tsx bench/delivery.bench.ts).
 * Many reminders due at once, sent by the real dispatcher and pacer (production pace rules) through
 * the real Slack and Teams adapters to the local stand-ins, which enforce the platforms' limits with
 * 429 + Retry-After. Prints the posts per minute achieved against the highest rate the limits allow
 * (bench/delivery/ideal.ts) and how many 429s the stand-ins answered (the outbox absorbs them; only a
 * failed delivery reaches a user). Real time: the default sizes take about two minutes in all.
 * Options: --slack=600 (channels, one post each; 1000 takes ~100 s) --teams=1000 (conversations)
 * --teams-one=90 (posts into one conversation).
 */
import { cpus, loadavg } from 'node:os';
import { deliveryTable } from './delivery/report.ts';
import type { RunResult } from './delivery/run.ts';
import { slackChannels } from './delivery/slack.ts';
import { teamsConversations } from './delivery/teams.ts';

const arg = (name: string, fallback: number): number => {
  const found = process.argv.find((a) => a.startsWith(`--${name}=`));
  return found ? Number(found.split('=')[1]) : fallback;
};

const results: RunResult[] = [];
const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');
console.log(`node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, load average ${load()}`);
for (const [run, size] of [
  [() => slackChannels(arg('slack', 600)), arg('slack', 600)],
  [() => teamsConversations(arg('teams', 1000), arg('teams', 1000)), arg('teams', 1000)],
  [() => teamsConversations(arg('teams-one', 90), 1), arg('teams-one', 90)],
] as const) {
  if (size <= 0) continue;
  const result = await run();
  console.log(`${result.label}: ${(result.durationMs / 1000).toFixed(1)} s (floor ${(result.idealMs / 1000).toFixed(1)} s), ${result.rateLimited} × 429, ${result.failed} failed`);
  results.push(result);
}
console.log(`\nload average ${load()}\n`);
console.log(deliveryTable(results));
