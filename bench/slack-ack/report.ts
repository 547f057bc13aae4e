/** The ack bench's printed tables: per round, overall, ratios, and the one-at-a-time diagnosis. */
import type { Bursts } from './bursts.ts';
import type { IdleRun } from './idle.ts';
import type { Sample } from './load.ts';
import { fmt, summarize, table, type Summary } from './stats.ts';

export interface Round {
  index: number;
  server: 'bot' | 'bare';
  samples: Sample[];
  /** Server CPU (ms) from the round's first request until it settled, per request. */
  cpuPerRequest: number;
  /** Bot rounds: answers that never arrived, and answers that were the internal-error apology. */
  unanswered: number;
  failed: number;
  /** Bot rounds: send → the answer arriving at the response_url, per answered request. */
  answerMs: number[];
}

const sum = (rounds: Round[], key: 'unanswered' | 'failed'): number => rounds.reduce((n, r) => n + r[key], 0);

export const okMs = (samples: Sample[]): number[] => samples.filter((s) => s.status === 200).map((s) => s.ms);

export function overall(rounds: Round[], server: Round['server']): Summary {
  return summarize(okMs(rounds.filter((r) => r.server === server).flatMap((r) => r.samples)));
}

/** Prints the saturated rounds; returns the overall ratios bot / bare. */
export function printRounds(rounds: Round[], concurrency: number, goal: number): { p50: number; p99: number } {
  const row = (label: string, server: string, mine: Round[]): string[] => {
    const samples = mine.flatMap((r) => r.samples);
    const s = summarize(okMs(samples));
    const cpu = mine.reduce((sum, r) => sum + r.cpuPerRequest, 0) / mine.length;
    const answers = summarize(mine.flatMap((r) => r.answerMs));
    const bot = server === 'bot';
    return [
      label, server, String(s.n), String(samples.length - s.n), fmt(s.p50), fmt(s.p90), fmt(s.p99), fmt(s.max), cpu.toFixed(2),
      bot ? `${fmt(answers.p50)} / ${fmt(answers.p99)}` : '',
      bot ? `${sum(mine, 'unanswered')} / ${sum(mine, 'failed')}` : '',
    ];
  };
  const header = ['round', 'server', 'ok', 'non-200', 'p50', 'p90', 'p99', 'max', 'CPU ms/req', 'answer p50 / p99', 'missing / apology'];
  const rows = rounds.map((r) => row(String(r.index), r.server, [r]));
  for (const server of ['bare', 'bot'] as const) rows.push(row('all', server, rounds.filter((r) => r.server === server)));
  console.log(`\nSaturated: ack latency in ms (send → full HTTP response), ${concurrency} concurrent, closed loop.`);
  console.log('CPU ms/req: the server\'s CPU time over the round until it settled, per request. Answer: send → response_url post.\n');
  console.log(table([header, ...rows]));

  const ratios = rounds
    .filter((r) => r.server === 'bot')
    .map((bot) => {
      const a = summarize(okMs(rounds.find((r) => r.server === 'bare' && r.index === bot.index)!.samples));
      const b = summarize(okMs(bot.samples));
      return [String(bot.index), (b.p50 / a.p50).toFixed(2), (b.p99 / a.p99).toFixed(2)];
    });
  const bare = overall(rounds, 'bare');
  const bot = overall(rounds, 'bot');
  const ratio = { p50: bot.p50 / bare.p50, p99: bot.p99 / bare.p99 };
  ratios.push(['all', ratio.p50.toFixed(2), ratio.p99.toFixed(2)]);
  console.log('\nRatio bot / bare:\n');
  console.log(table([['round', 'p50', 'p99'], ...ratios]));
  const verdict = ratio.p50 <= goal && ratio.p99 <= goal ? 'goal met' : 'goal MISSED';
  console.log(`\nGoal: ratio ≤ ${goal} for p50 and p99 → ${verdict} (p50 ${ratio.p50.toFixed(2)}, p99 ${ratio.p99.toFixed(2)})`);
  return ratio;
}

export function printByKind(samples: Sample[]): void {
  const kinds = [...new Set(samples.map((s) => s.kind))];
  const rows = kinds.map((kind) => {
    const s = summarize(okMs(samples.filter((x) => x.kind === kind)));
    return [kind, String(s.n), fmt(s.p50), fmt(s.p99)];
  });
  console.log('\nSaturated, bot by command (ms):\n');
  console.log(table([['command', 'n', 'p50', 'p99'], ...rows]));
}

export function printIdle(bare: IdleRun, bot: IdleRun, perKind: number): void {
  const rows = bot.results.map((b, i) => {
    const a = bare.results[i]!;
    return [b.kind, fmt(a.ack.p50), fmt(b.ack.p50), (b.ack.p50 / a.ack.p50).toFixed(2), fmt(a.ack.p99), fmt(b.ack.p99), (b.ack.p99 / a.ack.p99).toFixed(2), a.cpu.toFixed(2), b.cpu.toFixed(2)];
  });
  console.log(`\nOne at a time (${perKind} per command, next request after the answer + a gap): the ack path alone, and server CPU per request:\n`);
  console.log(table([['command', 'bare p50', 'bot p50', 'ratio', 'bare p99', 'bot p99', 'ratio', 'bare CPU ms', 'bot CPU ms'], ...rows]));
  console.log(`\nCPU is /proc time (10 ms ticks) less the idle background: bare ${bare.background.toFixed(0)} ms/s, bot ${bot.background.toFixed(0)} ms/s (its outbox backlog).`);
  // Which thread pays: the main thread acks; the command, outbox and checkpoint threads work after it.
  const perThread = (run: IdleRun) => run.threads.slice(0, 8).map(([name, ms]) => `${name} ${ms.toFixed(2)}`).join(', ');
  console.log(`CPU ms per request by thread (tid name, background included): bare: ${perThread(bare)}; bot: ${perThread(bot)}.`);
  for (const r of bot.results) if (r.threads) console.log(`  bot, ${r.kind}: ${r.threads.slice(0, 4).map(([name, ms]) => `${name} ${ms.toFixed(2)}`).join(', ')}`);
}

export function printBursts(bursts: Bursts, waves: number, size: number): void {
  const bare = summarize(okMs(bursts.samples.get('bare') ?? []));
  const bot = summarize(okMs(bursts.samples.get('bot') ?? []));
  const answers = summarize(bursts.answerMs);
  const row = (name: string, s: Summary): string[] => [name, String(s.n), fmt(s.p50), fmt(s.p90), fmt(s.p99), fmt(s.max)];
  const ratio = ['ratio', '', (bot.p50 / bare.p50).toFixed(2), (bot.p90 / bare.p90).toFixed(2), (bot.p99 / bare.p99).toFixed(2), (bot.max / bare.max).toFixed(2)];
  console.log(`\nBursts: ${waves} waves of ${size} requests sent at once to an idle server, alternating servers (ms):\n`);
  console.log(table([['', 'n', 'p50', 'p90', 'p99', 'max'], row('bare ack', bare), row('bot ack', bot), ratio, row('bot answer', answers)]));
}
