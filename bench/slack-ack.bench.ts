/**
 * Slash-command ack latency of the bot against a bare Bolt app (issue #3): `npx tsx bench/slack-ack.bench.ts`.
 *
 * Four processes: this one only generates load and measures; the fake Slack Web API, the bot
 * (`tovholder start` in HTTP mode against the fake) and the bare Bolt app (its only listener acks
 * `/tovholder`) each run in their own child, so a server's work never delays the clock that times it.
 * The bot's answers go to response_urls on the fake, so the work after the ack really happens.
 *
 * After setting up a programme and warming up both servers, in this order:
 * 1. Bursts: `--bursts` waves of `--concurrency` requests sent at once to an idle server.
 * 2. One at a time (diagnosis): the ack path without queueing, and CPU per request per command.
 * 3. Saturated, the issue's measure (last, because it leaves the largest outbox backlog): rounds
 *    alternate bare, bot, bare, bot...; each sends `--requests` signed slash commands of the mix with
 *    `--concurrency` in flight (closed loop). After a bot round the bench waits until every command
 *    is answered and the outbox has nothing due, so no round pays for the one before.
 *
 * Options (0 skips a part): --rounds=5 per server, --requests=100 per round (500 timed per server),
 * --concurrency=20, --warmup=200 per server, --bursts=25, --idle=30 per command kind;
 * --profile=DIR writes V8 CPU profiles of both servers, --dump=FILE every saturated sample.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SIGNING_SECRET } from '../test/support/slack-harness.ts';
import { burstRun } from './slack-ack/bursts.ts';
import { cpuMs } from './slack-ack/cpu.ts';
import { idleRun, type IdleRun } from './slack-ack/idle.ts';
import { fire, type Shot } from './slack-ack/load.ts';
import { commandAt, type Setting } from './slack-ack/mix.ts';
import { startBare, startBot, startFakeHost, type Answer, type FakeHost, type ServerEnv, type Target } from './slack-ack/processes.ts';
import { overall, printBursts, printByKind, printIdle, printRounds, type Round } from './slack-ack/report.ts';
import { setUpProgramme, until, type BotDb } from './slack-ack/setup.ts';
import { fmt, summarize } from './slack-ack/stats.ts';

const option = (name: string): string | undefined => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const ROUNDS = Number(option('rounds') ?? 5);
const REQUESTS = Number(option('requests') ?? 100);
const CONCURRENCY = Number(option('concurrency') ?? 20);
const WARMUP = Number(option('warmup') ?? 200);
const BURSTS = Number(option('bursts') ?? 25);
const IDLE_PER_KIND = Number(option('idle') ?? 30);
const PROFILE_DIR = option('profile');
const DUMP = option('dump');
/** The bar of issue #3: the bot's p50 and p99 at most 1.2 × the bare app's. */
const GOAL = 1.2;
/** Pause after every round, for either server, before the next one starts. */
const QUIET_MS = 500;
const INTERNAL_ERROR = /Noget gik galt hos mig|Something went wrong on my side/;
const runTag = Date.now().toString(36).slice(-5);
let counter = 0;

/** The next `n` commands of the mix, each with a fresh response_url and trigger_id from the fake. */
async function nextShots(fake: FakeHost, setting: Setting, n: number): Promise<Shot[]> {
  const { responseUrls, triggerIds } = await fake.mint(n);
  return Array.from({ length: n }, (_, i) => ({ ...commandAt(counter++, setting, runTag), responseUrl: responseUrls[i]!, triggerId: triggerIds[i]! }));
}

/** One saturated round against one server; for the bot, until its answers are in and its outbox settled. */
async function round(index: number, target: Target, fake: FakeHost, db: BotDb, setting: Setting, n: number): Promise<Round & { shots: Shot[]; answers: Answer[] }> {
  const shots = await nextShots(fake, setting, n);
  const cpu0 = cpuMs(target.pid);
  const samples = await fire(target.eventsUrl, shots, CONCURRENCY);
  let answers: Answer[] = [];
  if (target.name === 'bot') {
    const urls = shots.map((s) => s.responseUrl);
    await until(async () => (answers = await fake.answers(urls)).every((a) => a !== null), 60_000, `round ${index}'s answers`, 20);
    await until(() => db.busy() === 0, 60_000, `round ${index}'s outbox`, 20);
  }
  const cpuPerRequest = (cpuMs(target.pid) - cpu0) / n;
  await new Promise((r) => setTimeout(r, QUIET_MS));
  const unanswered = target.name === 'bot' ? answers.filter((a) => a === null).length : 0;
  const failed = answers.filter((a) => a && INTERNAL_ERROR.test(a.text)).length;
  // Send → answer posted to the response_url; both clocks are this machine's wall clock.
  const answerMs = answers.flatMap((a, i) => (a ? [a.at - (performance.timeOrigin + samples[i]!.at)] : []));
  return { index, server: target.name, samples, cpuPerRequest, unanswered, failed, answerMs, shots, answers };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tovholder-ack-bench-'));
  const profileDir = PROFILE_DIR ? resolve(PROFILE_DIR) : undefined;
  const fake = await startFakeHost();
  const env: ServerEnv = { TOVHOLDER_DB: join(dir, 'tovholder.db'), SLACK_BOT_TOKEN: fake.botToken, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.url };
  const [bot, bare] = await Promise.all([startBot(env, profileDir), startBare(env, profileDir)]);
  let db: BotDb | undefined;
  try {
    console.log(`Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? '?'}`);
    console.log(`${ROUNDS} rounds per server × ${REQUESTS} requests, ${CONCURRENCY} concurrent, warm-up ${WARMUP} per server; ${BURSTS} bursts; one at a time: ${IDLE_PER_KIND} per command`);
    const set = await setUpProgramme(bot, fake, env.TOVHOLDER_DB);
    db = set.db;
    const { setting } = set;

    // Warm-up: JIT, Bolt's auth.test, the bot's users.info per user, SQLite's page cache.
    await round(0, bare, fake, db, setting, WARMUP);
    const warm = await round(0, bot, fake, db, setting, WARMUP);
    console.log('\nWarm-up answers of the bot, one per command (the commands do real work):');
    for (const kind of new Set(warm.shots.map((s) => s.kind))) {
      const i = warm.shots.findIndex((s) => s.kind === kind);
      console.log(`  ${warm.shots[i]!.text} → ${(warm.answers[i]?.text ?? '(none)').replace(/\s+/g, ' ').slice(0, 100)}`);
    }

    const bursts = BURSTS > 0 ? await burstRun([bare, bot], fake, db, BURSTS, CONCURRENCY, (n) => nextShots(fake, setting, n)) : undefined;

    let idle: { bare: IdleRun; bot: IdleRun } | undefined;
    if (IDLE_PER_KIND > 0) {
      idle = { bare: await idleRun(bare, fake, setting, IDLE_PER_KIND, runTag), bot: await idleRun(bot, fake, setting, IDLE_PER_KIND, runTag) };
      await until(() => db!.busy() === 0, 60_000, 'the outbox after the one-at-a-time part', 20);
    }

    const rounds: Round[] = [];
    for (let r = 1; r <= ROUNDS; r += 1) {
      for (const target of [bare, bot]) {
        const done = await round(r, target, fake, db, setting, REQUESTS);
        rounds.push(done);
        const s = summarize(done.samples.map((x) => x.ms));
        process.stderr.write(`round ${r} ${target.name}: p50 ${fmt(s.p50)} p99 ${fmt(s.p99)} ms\n`);
      }
    }
    const ratio = rounds.length > 0 ? printRounds(rounds, CONCURRENCY, GOAL) : undefined;
    if (rounds.length > 0) printByKind(rounds.filter((r) => r.server === 'bot').flatMap((r) => r.samples));
    if (bursts) printBursts(bursts, BURSTS, CONCURRENCY);
    if (idle) printIdle(idle.bare, idle.bot, IDLE_PER_KIND);
    const summary = await fake.summary();
    console.log(`\nFake Slack saw: ${Object.entries(summary).map(([m, c]) => `${m} ${c.calls}${c.http429 ? ` (${c.http429}×429)` : ''}${c.errors ? ` (${c.errors} errors)` : ''}`).join(', ')}`);
    console.log(`Bot outbox left (waiting for Slack's pace per channel, or rate limits): ${JSON.stringify(db.backlog())}`);
    if (DUMP) writeFileSync(DUMP, JSON.stringify(rounds.map(({ index, server, samples }) => ({ index, server, samples }))));
    const perRound = rounds.map((r) => ({ round: r.index, server: r.server, cpu: r.cpuPerRequest, ...summarize(r.samples.map((s) => s.ms)) }));
    const burstSummary = bursts && { bare: summarize(bursts.samples.get('bare')!.map((s) => s.ms)), bot: summarize(bursts.samples.get('bot')!.map((s) => s.ms)), botAnswer: summarize(bursts.answerMs) };
    console.log(`\nJSON ${JSON.stringify({ bare: overall(rounds, 'bare'), bot: overall(rounds, 'bot'), ratio, rounds: perRound, bursts: burstSummary, idle })}`);
  } finally {
    db?.close();
    await Promise.all([bot.stop(), bare.stop()]);
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
