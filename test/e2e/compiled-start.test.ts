/**
 * `npm start`'s production path: scripts/build.mjs bundles the bot into a clean output folder (one
 * file per entry and thread), a second build bundles nothing (incremental) until a source changes,
 * and the bundled bot runs with plain `node`: the
 * local workspace with no credentials (its browser files copied along), and with Slack configured
 * its command and outbox threads, which must not need tsx: the output folder's node_modules has
 * every package but tsx, so a thread that still loaded TypeScript through tsx would die.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '../fakes/slack/conversations-list.ts';
import { startFakeSlack } from '../fakes/slack/index.ts';
import { freePort, startBot } from '../adapters/local/bot-process.ts';
import { CONSULTANT, SIGNING_SECRET, SLACK_PROGRAMME as PROGRAMME, TEAM, teamWithStaff, waitFor } from '../support/slack-harness.ts';
import { startBotProcess } from '../support/slack-process.ts';
import { slashCommand } from '../support/slack-requests.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
let out: string;
let firstBuild: string;

const build = (): string => execFileSync(process.execPath, [join(ROOT, 'scripts/build.mjs'), out], { cwd: ROOT, encoding: 'utf8', timeout: 170_000 });
const bundledCount = (text: string): number => Number(/build: (\d+) file\(s\) bundled/.exec(text)?.[1]);
/** The entry `npm start` runs, and the bundles of the command line and of the two threads. */
const BUNDLES = ['bin/tovholder.js', 'bin/cli.cjs', 'bin/outbox-thread.cjs', 'src/commands/thread/worker.cjs'];

function filesIn(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => relative(dir, join(dir, f)));
}

beforeAll(() => {
  out = mkdtempSync(join(tmpdir(), 'tovholder-build-'));
  // Packages resolve from the output folder as from the project's, all but tsx.
  mkdirSync(join(out, 'node_modules'));
  for (const name of readdirSync(join(ROOT, 'node_modules'))) {
    if (name !== 'tsx') symlinkSync(join(ROOT, 'node_modules', name), join(out, 'node_modules', name));
  }
  firstBuild = build();
}, 180_000);

afterAll(() => {
  if (out) rmSync(out, { recursive: true, force: true });
});

describe('npm start: build once, run compiled JavaScript', () => {
  it('bundles each entry into a clean folder, a second build bundles none, and a changed source bundles again', () => {
    expect(bundledCount(firstBuild)).toBe(BUNDLES.length);
    const built = filesIn(out).filter((f) => !f.startsWith('node_modules'));
    expect(built.filter((f) => f.endsWith('.ts'))).toEqual([]);
    expect(built).toEqual(expect.arrayContaining([...BUNDLES, 'src/store/checkpoint-worker.mjs', 'src/templates/builtin/smaa-partnerskaber.json', 'adapters/local/public/index.html']));
    // Our code is in the bundles, not beside them (packages stay in node_modules).
    expect(built.filter((f) => /\.(js|cjs)$/.test(f) && !BUNDLES.includes(f) && !f.startsWith('adapters/local/public/'))).toEqual([]);
    expect(bundledCount(build())).toBe(0);
    // A source saved again (only its modification time changes: the file stays as committed).
    const source = join(ROOT, 'src/clock.ts');
    const { atime } = statSync(source);
    utimesSync(source, atime, new Date());
    expect(bundledCount(build())).toBe(BUNDLES.length);
  }, 120_000);

  it('serves the local workspace and its files with no credentials', async () => {
    const bot = await startBot({ PORT: String(await freePort()) }, { command: [process.execPath, join(out, 'bin/tovholder.js'), 'start'] });
    try {
      const page = await fetch(bot.url);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<title>Tovholder · lokalt arbejdsrum</title>');
      expect((await fetch(`${bot.url}style.css`)).status).toBe(200);
    } finally {
      await bot.stop();
    }
  }, 60_000);

  it('with Slack, answers a command on the command thread and creates its channel from the outbox thread, without tsx', async () => {
    const fake = await startFakeSlack({ teams: [teamWithStaff()] });
    const dir = mkdtempSync(join(tmpdir(), 'tovholder-compiled-'));
    const env = { TOVHOLDER_DB: join(dir, 'tovholder.db'), SLACK_BOT_TOKEN: fake.state.team(TEAM).botToken, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.url };
    const bot = await startBotProcess(env, [], undefined, [join(out, 'bin/tovholder.js')]);
    try {
      const responseUrl = fake.newResponseUrl(TEAM);
      const text = `opret "${PROGRAMME}" 2027-01-04`;
      const response = await slashCommand({ url: bot.eventsUrl, signingSecret: SIGNING_SECRET, command: '/tovholder', text, teamId: TEAM, userId: CONSULTANT, channelId: 'D0KAREN', responseUrl, triggerId: fake.newTriggerId() });
      expect(response.status).toBe(200);
      await waitFor(() => fake.responses(responseUrl).length > 0, 20_000, 'the answer to opret');
      expect(JSON.stringify(fake.responses(responseUrl)[0]!.body)).toContain(PROGRAMME);
      await waitFor(() => fake.channelByName(TEAM, 'smaa-partnerskaber-2027') !== undefined, 20_000, 'the programme channel');
      expect(bot.output()).not.toMatch(/thread stopped|Cannot find (package|module)/);
    } finally {
      await bot.stop();
      await fake.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
