/**
 * Cost of one scheduler tick on a production-sized database: `npm run bench` (tsx bench/tick.bench.ts).
 * Builds a temporary database file (100,000 pending reminders across 2,000 partnerships), then times
 * tick() with nothing due and with about 1,000 reminders due, with a platform that answers at once.
 * A tick is split into reminders (scheduleDue), registered passes (evaluations) and dispatch (runOnce).
 * Options: --runs-idle=200 --runs-due=20 --keep (keep the database file and print its path).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore, type Core } from '../src/app.ts';
import { ManualClock } from '../src/clock.ts';
import { silentLogger } from '../src/logger.ts';
import type { ChatPlatform } from '../src/platform/port.ts';
import { seedDatabase } from './seed.ts';

const arg = (name: string, fallback: number): number => {
  const found = process.argv.find((a) => a.startsWith(`--${name}=`));
  return found ? Number(found.split('=')[1]) : fallback;
};
const RUNS_IDLE = arg('runs-idle', 200);
const RUNS_DUE = arg('runs-due', 20);
const DUE_PER_RUN = 1_000;

/** A platform that succeeds at once: the bench measures the core, not a network. */
function instantPlatform(): ChatPlatform & { posts: number } {
  let seq = 0;
  const platform = {
    name: 'slack',
    posts: 0,
    createChannel: async (r: { name: string }) => ({ channelRef: `C-new-${++seq}`, name: r.name }),
    inviteMembers: async () => {},
    openDirect: async (r: { userRef: string }) => ({ channelRef: `D-${r.userRef}` }),
    postMessage: async () => {
      platform.posts += 1;
      return { messageRef: `m${++seq}` };
    },
    findSent: async () => null,
  };
  return platform;
}

interface Sample {
  schedule: number;
  passes: number;
  dispatch: number;
  total: number;
  due: number;
  queued: number;
  missed: number;
  sent: number;
}

/**
 * Times one real Scheduler.tick(): reminders (scheduleDue), then any registered passes (evaluations),
 * then the outbox (runOnce). The two public halves are wrapped to time them; the passes are the rest.
 */
function tickTimer(core: Core): () => Promise<Sample> {
  const parts = { schedule: 0, dispatch: 0 };
  const scheduleDue = core.scheduler.scheduleDue.bind(core.scheduler);
  core.scheduler.scheduleDue = () => {
    const t = performance.now();
    const result = scheduleDue();
    parts.schedule = performance.now() - t;
    return result;
  };
  const runOnce = core.dispatcher.runOnce.bind(core.dispatcher);
  core.dispatcher.runOnce = async () => {
    const t = performance.now();
    const result = await runOnce();
    parts.dispatch = performance.now() - t;
    return result;
  };
  return async () => {
    const t0 = performance.now();
    const result = await core.scheduler.tick();
    const total = performance.now() - t0;
    const due = result.queued + result.missed;
    const passes = Math.max(0, total - parts.schedule - parts.dispatch);
    return { ...parts, passes, total, due, queued: result.queued, missed: result.missed, sent: result.dispatch.sent };
  };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function row(label: string, samples: Sample[], goal: string): string[] {
  const ms = (v: number) => v.toFixed(2);
  const pick = (k: keyof Sample) => samples.map((s) => s[k]);
  return [
    label,
    String(samples.length),
    `${Math.min(...pick('due'))}-${Math.max(...pick('due'))}`,
    ms(percentile(pick('schedule'), 50)),
    ms(percentile(pick('passes'), 50)),
    ms(percentile(pick('dispatch'), 50)),
    ms(percentile(pick('total'), 50)),
    ms(percentile(pick('total'), 95)),
    ms(Math.max(...pick('total'))),
    goal,
  ];
}

function table(rows: string[][]): string {
  const header = ['case', 'runs', 'due/run', 'reminders p50', 'passes p50', 'dispatch p50', 'tick p50', 'tick p95', 'tick max', 'goal'];
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

async function idleRuns(timedTick: () => Promise<Sample>, runs: number): Promise<Sample[]> {
  for (let i = 0; i < 20; i++) await timedTick(); // warm-up
  const samples: Sample[] = [];
  for (let i = 0; i < runs; i++) samples.push(await timedTick());
  if (samples.some((s) => s.due > 0 || s.sent > 0)) throw new Error('something was due in the idle runs');
  return samples;
}

function explain(core: Core, sql: string, ...params: unknown[]): string[] {
  return (core.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tovholder-bench-'));
  const dbPath = join(dir, 'bench.db');
  const seed = seedDatabase(dbPath, { programmes: 200, partnershipsPerProgramme: 10, historyDeliveries: 50_000 });
  console.log(
    `database: ${seed.programmes} programmes, ${seed.partnerships} partnerships, ${seed.members} members, ${seed.activities} activities, ` +
      `${seed.pendingReminders} pending reminders (${seed.firstDueAt} .. ${seed.lastDueAt}), ${seed.historyDeliveries} old deliveries; built in ${(seed.buildMs / 1000).toFixed(1)} s`,
  );

  const clock = new ManualClock(new Date(new Date(seed.firstDueAt).getTime() - 60_000));
  const platform = instantPlatform();
  // No pacing rules: pacing is an in-memory check, and with Slack's 1.1 s per channel a second reminder
  // for the same channel would be deferred into the next run and blur the per-run numbers.
  const core = createCore({ dbPath, clock, logger: silentLogger(), platforms: [platform], paceRules: [], workerId: 'bench' });

  console.log('\nEXPLAIN QUERY PLAN');
  const dueSql = `SELECT r.id FROM reminders r JOIN activities a ON a.id = r.activity_id WHERE r.status = 'pending' AND r.due_at <= ? ORDER BY r.due_at LIMIT ?`;
  for (const d of explain(core, dueSql, clock.now().toISOString(), 500)) console.log(`  reminders.due: ${d}`);
  const claimSql = `SELECT id FROM (SELECT id, next_attempt_at AS t FROM deliveries WHERE status = 'pending' AND next_attempt_at <= @now
      UNION ALL SELECT id, lease_until AS t FROM deliveries WHERE status = 'sending' AND lease_until <= @now) ORDER BY t, id LIMIT 100`;
  for (const d of explain(core, claimSql, { now: clock.now().toISOString() })) console.log(`  deliveries.claim: ${d}`);

  const timedTick = tickTimer(core);
  const idleBefore = await idleRuns(timedTick, RUNS_IDLE);

  const nextSlice = core.db.prepare("SELECT due_at FROM reminders WHERE status = 'pending' ORDER BY due_at LIMIT 1 OFFSET ?").pluck();
  // Warm-up with two slices, then measure fresh slices of about 1,000 due reminders each.
  const dueSamples: Sample[] = [];
  for (let i = 0; i < RUNS_DUE + 2; i++) {
    clock.set(nextSlice.get(DUE_PER_RUN - 1) as string);
    const sample = await timedTick();
    if (i >= 2) dueSamples.push(sample);
  }
  // Between bursts: just before the next reminder, with the outbox now holding the sent deliveries too.
  clock.set(new Date(new Date(nextSlice.get(0) as string).getTime() - 1_000));
  const idleAfter = await idleRuns(timedTick, RUNS_IDLE);

  const deliveries = core.db.prepare('SELECT COUNT(*) FROM deliveries').pluck().get() as number;
  console.log(`\nnode ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}; ${platform.posts} posts sent, ${deliveries} deliveries in the outbox at the end\n`);
  console.log(
    table([
      row('nothing due (fresh database)', idleBefore, '< 5 ms'),
      row('nothing due (after the bursts)', idleAfter, '< 5 ms'),
      row(`~${DUE_PER_RUN} due (fresh slice per run)`, dueSamples, '< 50 ms'),
    ]),
  );
  const evaluations = core.db.prepare("SELECT COUNT(*) FROM deliveries WHERE idempotency_key LIKE 'eval%'").pluck();
  const mean = (k: keyof Sample) => Math.round(dueSamples.reduce((sum, s) => sum + s[k], 0) / dueSamples.length);
  const perReminder = dueSamples.map((s) => (s.total * 1000) / s.due);
  console.log(
    `\ntimes in ms. A ~1000-due run on average: ${mean('queued')} reminders queued, ${mean('missed')} recorded as missed ` +
      `(their activity began within the slice; one report per programme), ${mean('sent')} posts sent ` +
      `(${evaluations.get() as number} evaluation deliveries in all runs together); ` +
      `p50 ${percentile(perReminder, 50).toFixed(1)} µs per due reminder (whole tick)`,
  );

  core.close();
  if (process.argv.includes('--keep')) console.log(`database kept at ${dbPath}`);
  else rmSync(dir, { recursive: true, force: true });
}

await main();
