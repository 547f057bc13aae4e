/**
 * Memory and start-up of `tovholder start` against a bare Bolt app (issue #16): `npm run bench:process`.
 *
 * The fake Slack Web API runs in its own child (bench/slack-ack/fake-host.ts). Each run launches, one
 * after the other and each cold with an empty database: the bare Bolt app (one `/tovholder` handler,
 * HTTP receiver), the bot with Slack configured, and the bot with Slack and Teams configured. For each:
 * launch to the first HTTP answer; one signed `/tovholder hjælp` right after (the bot's answer timed
 * at the fake's response_url); then `--idle` seconds of nothing, the CPU it used in their second half
 * (all threads, ms per second), and the process's resident memory (VmRSS, all threads) and thread
 * count. The table gives the medians and the ratios to the goals.
 *
 * The bot runs as `npm start` runs it (dist/, built first); `--tsx` runs it from the TypeScript
 * sources through tsx instead (how `npm start` ran before issue #16). Teams is configured with dummy
 * credentials and its Microsoft endpoints pointed at a closed local port: start-up needs no Teams
 * traffic, and its credential probe fails fast instead of reaching the internet.
 *
 * --busy: then five commands at once (a burst, which starts the outbox thread), memory 5 s later and
 * again once the thread has stopped after its minute without work (bin/outbox.ts): about 80 s more
 * per bot start.
 *
 * Options: --runs=3 per set-up, --idle=15 seconds before reading memory, --busy, --tsx, and --also=<file>:
 * also run another compiled bot (its bin/tovholder.js, e.g. a build of the code before a change, made
 * with `node scripts/build.mjs <folder>` in a checkout of that commit) in each run, for a before/after.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SIGNING_SECRET } from '../test/support/slack-harness.ts';
import { burst, firstCommand } from './process/first-command.ts';
import { IDLE_STOP_MS } from '../bin/outbox.ts';
import { printBusy, printReport, type Reading, type Setup } from './process/report.ts';
import { cpuTimeMs, launch, residentMemory, transpileBareApp, type Kind } from './process/server.ts';
import { startFakeHost, type FakeHost } from './slack-ack/processes.ts';

const option = (name: string): string | undefined => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const RUNS = Number(option('runs') ?? 3);
const IDLE_S = Number(option('idle') ?? 15);
const BOT: Kind = process.argv.includes('--tsx') ? 'bot-tsx' : 'bot';
const ALSO = option('also');
const BUSY = process.argv.includes('--busy');
/** After the burst: the thread's minute without work, its stop, and a margin. */
const AFTER_BUSY_S = IDLE_STOP_MS / 1000 + 15;
const CLOSED = 'http://127.0.0.1:9';

const TEAMS_ENV = {
  MICROSOFT_APP_ID: '00000000-0000-4000-8000-000000000001',
  MICROSOFT_APP_PASSWORD: 'bench-dummy-secret',
  TEAMS_LOGIN_URL: CLOSED,
  TEAMS_OPENID_METADATA_URL: `${CLOSED}/openid`,
  GRAPH_API_URL: CLOSED,
};

/** One cold start of `kind`: its launch time, first answer, and memory after the idle wait. */
async function measure(kind: Kind, fake: FakeHost, extra: Record<string, string>, entry?: string): Promise<Reading> {
  const dir = mkdtempSync(join(tmpdir(), 'tovholder-process-bench-'));
  const slack = { SLACK_BOT_TOKEN: fake.botToken, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.url };
  const bot = { TOVHOLDER_DB: join(dir, 'bench.db'), PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', TOVHOLDER_LOCAL_WORKSPACE: 'off' };
  const server = await launch(kind, kind === 'bare' ? slack : { ...slack, ...bot, ...extra }, entry);
  try {
    const firstCommandMs = await firstCommand(fake, server.eventsUrl, server.httpAt, kind !== 'bare');
    // Idle CPU over the second half of the wait: the first half still holds start-up's garbage collection.
    await new Promise((resolve) => setTimeout(resolve, (IDLE_S * 1000) / 2));
    const cpuBefore = cpuTimeMs(server.pid);
    const from = performance.now();
    await new Promise((resolve) => setTimeout(resolve, (IDLE_S * 1000) / 2));
    const idleCpuMsPerS = ((cpuTimeMs(server.pid) - cpuBefore) * 1000) / (performance.now() - from);
    const reading: Reading = { launchToHttpMs: server.launchToHttpMs, firstCommandMs, idleCpuMsPerS, ...residentMemory(server.pid) };
    if (BUSY && kind !== 'bare') reading.busy = await afterBurst(server.pid, fake, server.eventsUrl);
    return reading;
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** --busy: memory while the outbox thread works after a burst, and once it has stopped again. */
async function afterBurst(pid: number, fake: FakeHost, eventsUrl: string): Promise<Reading['busy']> {
  await burst(fake, eventsUrl, 5);
  await new Promise((resolve) => setTimeout(resolve, 5_000));
  const working = residentMemory(pid);
  await new Promise((resolve) => setTimeout(resolve, AFTER_BUSY_S * 1000 - 5_000));
  const after = residentMemory(pid);
  return { workingMb: working.rssMb, workingThreads: working.threads, afterMb: after.rssMb, afterThreads: after.threads };
}

if (BOT === 'bot') execFileSync(process.execPath, [fileURLToPath(new URL('../scripts/build.mjs', import.meta.url))], { stdio: 'inherit' });
transpileBareApp();
const fake = await startFakeHost();
const bare: Setup = { label: 'bare Bolt app', readings: [] };
const slackOnly: Setup = { label: `tovholder start (${BOT === 'bot' ? 'dist/' : 'tsx'}), Slack`, readings: [], rssGoal: 1.5 };
const both: Setup = { label: `tovholder start (${BOT === 'bot' ? 'dist/' : 'tsx'}), Slack + Teams`, readings: [], rssGoal: 2 };
const alsoSlack: Setup = { label: `${ALSO}, Slack`, readings: [], rssGoal: 1.5 };
const alsoBoth: Setup = { label: `${ALSO}, Slack + Teams`, readings: [], rssGoal: 2 };
const setups = ALSO ? [bare, slackOnly, both, alsoSlack, alsoBoth] : [bare, slackOnly, both];
try {
  for (let run = 1; run <= RUNS; run++) {
    bare.readings.push(await measure('bare', fake, {}));
    slackOnly.readings.push(await measure(BOT, fake, {}));
    both.readings.push(await measure(BOT, fake, TEAMS_ENV));
    if (ALSO) {
      alsoSlack.readings.push(await measure('bot', fake, {}, ALSO));
      alsoBoth.readings.push(await measure('bot', fake, TEAMS_ENV, ALSO));
    }
    const last = (s: Setup) => s.readings.at(-1)!;
    process.stderr.write(`run ${run}/${RUNS}: ${setups.map((s) => `${s.label}: ${last(s).rssMb.toFixed(0)} MB, ${last(s).launchToHttpMs.toFixed(0)} ms`).join('; ')}\n`);
  }
  printReport(bare, setups.slice(1), IDLE_S);
  if (BUSY) printBusy(bare, setups.slice(1), AFTER_BUSY_S);
} finally {
  await fake.close();
}
