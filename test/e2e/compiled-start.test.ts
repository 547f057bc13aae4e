/**
 * `npm start`'s production path: scripts/build.mjs compiles the bot into a clean output folder, a
 * second build compiles nothing (incremental), and the compiled bot runs with plain `node`: the
 * local workspace with no credentials (its browser files copied along), and with Slack configured
 * its command and outbox threads, which must not need tsx: the output folder's node_modules has
 * every package but tsx, so a thread that still loaded TypeScript through tsx would die.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
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
const compiledCount = (text: string): number => Number(/build: (\d+) file\(s\) compiled/.exec(text)?.[1]);

/** Every .ts file the build compiles (tsconfig.build.json: src, adapters, bin). */
function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
}

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
  it('compiles every source file into a clean folder, and a second build compiles none', () => {
    const expected = ['src', 'adapters', 'bin'].reduce((n, dir) => n + sources(dir).length, 0);
    expect(compiledCount(firstBuild)).toBe(expected);
    const built = filesIn(out).filter((f) => !f.startsWith('node_modules'));
    expect(built.filter((f) => f.endsWith('.ts'))).toEqual([]);
    expect(built).toEqual(expect.arrayContaining(['bin/tovholder.js', 'src/store/checkpoint-worker.mjs', 'src/templates/builtin/smaa-partnerskaber.json', 'adapters/local/public/index.html']));
    expect(compiledCount(build())).toBe(0);
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
