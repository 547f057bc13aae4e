/**
 * Cost of one scheduler tick on a production-sized database: `npm run bench` (tsx bench/tick.bench.ts).
 * Builds a temporary database file (100,000 pending reminders across 2,000 partnerships), then times
 * tick() with nothing due and with about 1,000 reminders due, with a platform that answers at once.
 * A tick is split into reminders (scheduleDue), registered passes (evaluations) and dispatch (runOnce).
 * The first two are synchronous (they block the event loop and hold the write lock); dispatch is async
 * and in production paced per channel, so it is also run once more with Slack's pacing rules.
 * Options: --runs-idle=200 --runs-due=20 --runs-instant=20 --runs-morning=16 --runs-paced=10 --keep (keep the database file and print its path).
 */
import type { Statement } from 'better-sqlite3';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createCore, type Core } from '../src/app.ts';

import { ManualClock } from '../src/clock.ts';
import { silentLogger } from '../src/logger.ts';
import { defaultDispatcherOptions } from '../src/outbox/dispatcher.ts';
import { defaultPaceRules } from '../src/outbox/limits.ts';
import type { PaceRule } from '../src/outbox/pacer.ts';
import type { ChatPlatform } from '../src/platform/port.ts';
import { instantPlatform } from './tick/instant-platform.ts';
import { seedDatabase } from './seed.ts';
import { afterTick, beforeTick, idleFloor, sendFloor, undo, writeFloor } from './tick/floor.ts';
import { floorTable } from './tick/floor-report.ts';
import { busiestInstant, seedNational, type NationalSeed } from './tick/national.ts';
import { DateTime } from 'luxon';

// `gc` for the memory figure at the end, without a node flag the npm script would have to pass.
setFlagsFromString('--expose-gc');

const arg = (name: string, fallback: number): number => {
  const found = process.argv.find((a) => a.startsWith(`--${name}=`));
  return found ? Number(found.split('=')[1]) : fallback;
};
const RUNS_IDLE = arg('runs-idle', 200);
const RUNS_DUE = arg('runs-due', 20);
const RUNS_PACED = arg('runs-paced', 10);
const RUNS_INSTANT = arg('runs-instant', 20);
const RUNS_MORNING = arg('runs-morning', 16);
const DUE_PER_RUN = 1_000;

interface Sample {
  schedule: number;
  passes: number;
  /** reminders + passes: the synchronous part of the tick. */
  sync: number;
  dispatch: number;
  total: number;
  /** CPU time of the whole tick (user + system), less sensitive than wall time to a busy host. */
  cpu: number;
  due: number;
  queued: number;
  missed: number;
  sent: number;
  deferred: number;
  /** The SQLite floor for the same state (bench/tick/floor.ts), when measured. */
  floor?: number;
  /** The floor under sending what it queued (sendFloor), when measured. */
  sendFloor?: number;
}

type Timed = Exclude<keyof Sample, 'floor' | 'sendFloor'>;

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
    // An idle tick skips both halves: what they took last time is not this tick's.
    parts.schedule = 0;
    parts.dispatch = 0;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const result = await core.scheduler.tick();
    const total = performance.now() - t0;
    const cpuUsed = process.cpuUsage(cpu0);
    const due = result.queued + result.missed;
    const passes = Math.max(0, total - parts.schedule - parts.dispatch);
    return {
      ...parts,
      passes,
      sync: parts.schedule + passes,
      total,
      cpu: (cpuUsed.user + cpuUsed.system) / 1000,
      due,
      queued: result.queued,
      missed: result.missed,
      sent: result.dispatch.sent,
      deferred: result.dispatch.deferred,
    };
  };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function row(label: string, samples: Sample[], goal: string): string[] {
  const ms = (v: number) => v.toFixed(2);
  const pick = (k: Timed) => samples.map((s) => s[k]);
  const range = (k: Timed) => `${Math.min(...pick(k))}-${Math.max(...pick(k))}`;
  return [
    label,
    String(samples.length),
    range('due'),
    ms(percentile(pick('schedule'), 50)),
    ms(percentile(pick('passes'), 50)),
    ms(percentile(pick('sync'), 50)),
    ms(percentile(pick('sync'), 95)),
    ms(percentile(pick('dispatch'), 50)),
    `${range('sent')} / ${range('deferred')}`,
    ms(percentile(pick('total'), 50)),
    ms(percentile(pick('total'), 95)),
    ms(Math.max(...pick('total'))),
    ms(percentile(pick('cpu'), 50)),
    goal,
  ];
}

function table(rows: string[][]): string {
  const header = [
    'case', 'runs', 'due/run', 'reminders p50', 'passes p50', 'rem+passes p50', 'rem+passes p95', 'dispatch p50',
    'sent / deferred', 'tick p50', 'tick p95', 'tick max', 'tick cpu p50', 'goal',
  ];
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

/** Idle ticks, each followed by the bare "anything due?" floor at the same instant. */
async function idleRuns(timedTick: () => Promise<Sample>, runs: number, floor: () => number): Promise<Sample[]> {
  for (let i = 0; i < 20; i++) {
    await timedTick(); // warm-up
    floor();
  }
  const samples: Sample[] = [];
  for (let i = 0; i < runs; i++) samples.push({ ...(await timedTick()), floor: floor() });
  if (samples.some((s) => s.due > 0 || s.sent > 0)) throw new Error('something was due in the idle runs');
  return samples;
}

const nextSliceSql = "SELECT due_at FROM reminders WHERE status = 'pending' ORDER BY due_at LIMIT 1 OFFSET ?";

function openCore(dbPath: string, clock: ManualClock, platform: ChatPlatform, paceRules: PaceRule[]): Core {
  return createCore({ dbPath, clock, logger: silentLogger(), platforms: [platform], paceRules, workerId: 'bench', backgroundCheckpoints: true });
}

/** Two warm-up slices, then `runs` fresh slices of about 1,000 due reminders each. */
async function dueRuns(timedTick: () => Promise<Sample>, clock: ManualClock, nextSlice: Statement, runs: number): Promise<Sample[]> {
  const samples: Sample[] = [];
  for (let i = 0; i < runs + 2; i++) {
    clock.set(nextSlice.get(DUE_PER_RUN - 1) as string);
    const sample = await timedTick();
    if (i >= 2) samples.push(sample);
  }
  return samples;
}

/**
 * A normal working morning with ~1,000 reminders due at once: every programme keeps the default
 * reminder time (09:00), and the days whose 09:00 has 800-1,200 reminders due are taken in date order.
 * An untimed tick at 08:59 first does whatever fell due since the previous sample (as the minute ticks
 * before it would have), so the timed 09:00 tick does only what is due at 09:00. The scheduler keeps
 * programmes' rows, groups and members from tick to tick while they are unchanged, as on a morning
 * after a quiet day; `cold` is the same tick once more after every programme changed.
 */
async function morningRuns(dbPath: string, runs: number): Promise<{ samples: Sample[]; paired: Sample[]; cold: Sample[] }> {
  const seed = seedDatabase(dbPath, { programmes: 200, partnershipsPerProgramme: 10, historyDeliveries: 50_000, reminderTimes: ['09:00'] });
  const clock = new ManualClock(new Date(seed.firstDueAt));
  const core = openCore(dbPath, clock, instantPlatform(), []);
  const days = core.db
    .prepare("SELECT due_at AS at, COUNT(*) AS n FROM reminders WHERE status = 'pending' GROUP BY due_at HAVING n BETWEEN 800 AND 1200 ORDER BY due_at")
    .all() as { at: string; n: number }[];
  const timedTick = tickTimer(core);
  const floor = writeFloor(core.db);
  const send = sendFloor(core.db, defaultDispatcherOptions.batchSize);
  const samples: Sample[] = [];
  const paired: Sample[] = [];
  const cold: Sample[] = [];
  const made = (writes: { firstDeliveryId: number }) => core.db.prepare('SELECT COUNT(*) FROM deliveries WHERE id >= ?').pluck().get(writes.firstDeliveryId) as number;
  for (const { at } of days.slice(0, runs + 1)) {
    clock.set(new Date(Date.parse(at) - 60_000));
    await core.scheduler.tick();
    clock.set(at);
    const before = beforeTick(core.db, at);
    const sample = await timedTick();
    // The same due set again, on the same state: the floor, then the tick a second time (floor.ts).
    const writes = afterTick(core.db, before);
    undo(core.db, writes);
    const floorMs = floor(at, writes);
    const sendMs = send(writes);
    undo(core.db, writes);
    const again = await timedTick();
    if (made(writes) !== writes.deliveries.length) throw new Error(`the second tick made ${made(writes)} deliveries, the first ${writes.deliveries.length}`);
    // Once more with every programme changed since (its context version bumped, untimed), so the tick
    // reads every programme's row, groups and members again instead of keeping them (src/scheduler/context.ts).
    undo(core.db, writes);
    core.db.exec('UPDATE programmes SET settings = settings');
    const fresh = await timedTick();
    if (made(writes) !== writes.deliveries.length) throw new Error(`the third tick made ${made(writes)} deliveries, the first ${writes.deliveries.length}`);
    // The first morning warms the caches up.
    if (at === days[0]!.at) continue;
    samples.push(sample);
    paired.push({ ...again, floor: floorMs, sendFloor: sendMs });
    cold.push({ ...fresh, floor: floorMs, sendFloor: sendMs });
  }
  core.close();
  return { samples, paired, cold };
}

/**
 * The national case: the main bench's 2,000 partnerships plus 004 run by 100 networks of 10
 * municipalities (5,000 people). Idle ticks just before the first reminder, each paired with the bare
 * "anything due?" query; then one tick at the national programme's busiest reminder instant.
 */
async function nationalRuns(dbPath: string, runs: number): Promise<{ seed: NationalSeed; idle: Sample[]; busiest: Sample & { at: string } }> {
  const base = seedDatabase(dbPath, { programmes: 200, partnershipsPerProgramme: 10, historyDeliveries: 50_000 });
  const clock = new ManualClock(new Date(Date.parse(base.firstDueAt) - 10 * 60_000));
  const core = openCore(dbPath, clock, instantPlatform(), []);
  // 004's fixed dates and quarters count from the start's year, so it starts as KL's would: on the
  // first Monday of a new year (opret refuses a start after the template's first fixed date).
  const newYear = DateTime.fromJSDate(clock.now(), { zone: 'Europe/Copenhagen' }).plus({ years: 1 }).startOf('year').plus({ days: 1 });
  const start = newYear.plus({ days: (8 - newYear.weekday) % 7 }).toISODate()!;
  const seed = seedNational(core, clock, start);
  // The set-up's own deliveries (the shared channel, its welcome) go out first, as they would.
  await core.scheduler.tick();
  const firstDue = core.db.prepare("SELECT MIN(due_at) FROM reminders WHERE status = 'pending'").pluck().get() as string;
  clock.set(new Date(Date.parse(firstDue) - 1_000));
  const timedTick = tickTimer(core);
  const anythingDue = idleFloor(core.db);
  const idle = await idleRuns(timedTick, runs, () => anythingDue(clock.now().toISOString()));
  // Everything of the main bench's programmes due before that instant is sent first (as the minute
  // ticks would have), so the timed tick does the national programme's instant alone.
  const { at } = busiestInstant(core, seed.programmeId);
  clock.set(new Date(Date.parse(at) - 60_000));
  await core.scheduler.tick();
  clock.set(at);
  const busiest = { ...(await timedTick()), at };
  core.close();
  return { seed, idle, busiest };
}

/**
 * The process's resident memory once the runs' garbage is collected (a full GC, as V8 would do before
 * growing further), with the JavaScript heap and the native side apart: what the bot would keep.
 */
function residentMemory(): string {
  const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
  const before = process.memoryUsage();
  const gc = runInNewContext('gc') as (() => void) | undefined;
  gc?.();
  const after = process.memoryUsage();
  return (
    `resident memory of the bench process after all runs: ${mb(after.rss)} (goal < 300 MB) after a full GC; ` +
    `${mb(before.rss)} before it; JS heap ${mb(after.heapUsed)} used of ${mb(after.heapTotal)}, external ${mb(after.external)}` +
    residentKinds()
  );
}

/** Linux's split of the resident set: anonymous (heaps, malloc arenas, SQLite's caches) and file-backed (code, mmap'd databases). */
function residentKinds(): string {
  try {
    const status = readFileSync('/proc/self/status', 'utf8');
    const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return `; anonymous ${(kb('RssAnon') / 1024).toFixed(0)} MB, file-backed ${(kb('RssFile') / 1024).toFixed(0)} MB`;
  } catch {
    return '';
  }
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
  // No pacing rules for the main runs: with Slack's 1.1 s per channel a second post to the same channel
  // would be deferred into the next run and blur the per-run numbers. Pacing is measured separately.
  const core = openCore(dbPath, clock, platform, []);

  console.log('\nEXPLAIN QUERY PLAN');
  const dueSql = `SELECT r.id FROM reminders r JOIN activities a ON a.id = r.activity_id WHERE r.status = 'pending' AND r.due_at <= ? ORDER BY r.due_at LIMIT ?`;
  for (const d of explain(core, dueSql, clock.now().toISOString(), 500)) console.log(`  reminders.due: ${d}`);
  const claimSql = `SELECT id FROM (
      SELECT * FROM (SELECT id, next_attempt_at AS t FROM deliveries WHERE status = 'pending' AND next_attempt_at <= @now ORDER BY next_attempt_at, id LIMIT 100)
      UNION ALL
      SELECT * FROM (SELECT id, lease_until AS t FROM deliveries WHERE status = 'sending' AND lease_until <= @now ORDER BY lease_until, id LIMIT 100)
    ) ORDER BY t, id LIMIT 100`;
  for (const d of explain(core, claimSql, { now: clock.now().toISOString() })) console.log(`  deliveries.claim: ${d}`);

  const timedTick = tickTimer(core);
  const anythingDue = idleFloor(core.db);
  const idleFloorNow = () => anythingDue(clock.now().toISOString());
  const idleBefore = await idleRuns(timedTick, RUNS_IDLE, idleFloorNow);

  const nextSlice = core.db.prepare(nextSliceSql).pluck();
  const dueSamples = await dueRuns(timedTick, clock, nextSlice, RUNS_DUE);
  // A normal tick: the clock at the next reminder time, so only the reminders of that instant are due
  // (in this database 62 at the median instant, 206 at most).
  const instantSamples: Sample[] = [];
  for (let i = 0; i < RUNS_INSTANT; i++) {
    clock.set(nextSlice.get(0) as string);
    instantSamples.push(await timedTick());
  }
  // Between bursts: just before the next reminder, with the outbox now holding the sent deliveries too.
  clock.set(new Date(new Date(nextSlice.get(0) as string).getTime() - 1_000));
  const idleAfter = await idleRuns(timedTick, RUNS_IDLE, idleFloorNow);
  const deliveries = core.db.prepare('SELECT COUNT(*) FROM deliveries').pluck().get() as number;
  const evaluations = core.db.prepare("SELECT COUNT(*) FROM deliveries WHERE idempotency_key LIKE 'eval%'").pluck().get() as number;
  core.close();

  // The same database, now with Slack's pacing (one post per channel per 1.1 s), as in production. The
  // clock stands still within a tick, so a second post to a channel is deferred to a later tick.
  const paced = openCore(dbPath, clock, platform, defaultPaceRules);
  const pacedSamples = await dueRuns(tickTimer(paced), clock, paced.db.prepare(nextSliceSql).pluck(), RUNS_PACED);
  paced.close();

  const morning = RUNS_MORNING > 0 ? await morningRuns(join(dir, 'morning.db'), RUNS_MORNING) : { samples: [], paired: [], cold: [] };
  const morningSamples = morning.samples;

  console.log(`\nnode ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}; ${platform.posts} posts sent, ${deliveries} deliveries in the outbox after the unpaced runs\n`);
  console.log(
    table([
      row('nothing due (fresh database)', idleBefore, '< 5 ms'),
      row('nothing due (after the bursts)', idleAfter, '< 5 ms'),
      ...(morningSamples.length ? [row(`~${DUE_PER_RUN} due at 09:00 (all programmes at 09:00)`, morningSamples, '< 50 ms')] : []),
      row(`~${DUE_PER_RUN} due after ~1.3 days down (catch-up)`, dueSamples, '-'),
      row('one reminder time (its ties due)', instantSamples, '-'),
      row(`~${DUE_PER_RUN} due after ~1.3 days down, Slack pacing`, pacedSamples, '-'),
    ]),
  );
  const mean = (k: Timed) => Math.round(dueSamples.reduce((sum, s) => sum + s[k], 0) / dueSamples.length);
  const perReminder = dueSamples.map((s) => (s.sync * 1000) / s.due);
  const perPost = dueSamples.map((s) => (s.dispatch * 1000) / Math.max(1, s.sent + s.deferred));
  const perPacedPost = pacedSamples.map((s) => (s.dispatch * 1000) / Math.max(1, s.sent + s.deferred));
  console.log(
    `\ntimes in ms. A ~1000-due run on average: ${mean('queued')} reminders queued, ${mean('missed')} recorded as missed ` +
      `(their activity began within the slice; one report per programme), ${mean('sent')} posts sent ` +
      `(${evaluations} evaluation deliveries in all unpaced runs together). ` +
      `p50 ${percentile(perReminder, 50).toFixed(1)} µs of reminders + passes per due reminder; dispatch p50 ` +
      `${percentile(perPost, 50).toFixed(1)} µs per delivery handled (${percentile(perPacedPost, 50).toFixed(1)} µs with pacing, sent or deferred)`,
  );

  console.log(`\nTick against the SQLite floor (same run, same database connection; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')})\n`);
  console.log(
    floorTable([
      { label: 'nothing due (fresh database)', samples: idleBefore, floor: 'bare indexed "anything due?" query' },
      { label: 'nothing due (after the bursts)', samples: idleAfter, floor: 'bare indexed "anything due?" query' },
      ...(morning.paired.length ? [{ label: `~${DUE_PER_RUN} due at 09:00`, samples: morning.paired, floor: 'read due set, mark it, insert its deliveries; commit (send floor: mark in flight, mark sent)' }] : []),
      ...(morning.cold.length ? [{ label: `~${DUE_PER_RUN} due at 09:00, every programme changed since`, samples: morning.cold, floor: 'the same floor; the tick reads every programme again (no context kept)' }] : []),
    ]),
  );

  const national = await nationalRuns(join(dir, 'national.db'), RUNS_IDLE);
  const n = national.seed;
  console.log(
    `\nNational scale: 004 with ${n.networks} networks, ${n.organisations} municipalities, ${n.people} people beside ${seed.partnerships} partnerships; ` +
      `${n.activities} activities, ${n.pendingReminders} pending reminders (${n.datePrompts} of them date prompts); set up and planned in ${(n.buildMs / 1000).toFixed(1)} s\n`,
  );
  console.log(
    floorTable([{ label: 'national: nothing due', samples: national.idle, floor: 'bare indexed "anything due?" query' }]),
  );
  const b = national.busiest;
  console.log(`\nnational: busiest reminder instant ${b.at}: ${b.due} due, ${b.sent} posts; tick ${b.total.toFixed(1)} ms (${b.cpu.toFixed(1)} ms CPU)`);
  console.log(residentMemory());

  if (process.argv.includes('--keep')) console.log(`database kept at ${dbPath}`);
  else rmSync(dir, { recursive: true, force: true });
}

await main();
