/**
 * /readyz of a running `tovholder start` with Slack (the main thread's scheduler watching, the outbox
 * thread started only for work): ready once the scheduler has ticked and Slack accepted the token, 503 naming the database when the database file
 * is made read-only, and ready again when it is writable again.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeSlack, type FakeSlack } from '../fakes/slack/index.ts';
import { SIGNING_SECRET, TEAM, teamWithStaff } from '../support/slack-harness.ts';
import { startBotProcess, type RunAs, type RunningBot } from '../support/slack-process.ts';

let fake: FakeSlack;
let dir: string;
let dbFile: string;
let bot: RunningBot | null = null;
let base: string;

/** File modes bind root only as far as read-only mounts go: as root, the bot runs as nobody. */
const NOBODY: RunAs | undefined = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : undefined;

beforeAll(async () => {
  fake = await startFakeSlack({ teams: [teamWithStaff()] });
  dir = mkdtempSync(join(tmpdir(), 'tovholder-readyz-'));
  chmodSync(dir, 0o777);
  dbFile = join(dir, 'tovholder.db');
  const env = { TOVHOLDER_DB: dbFile, SLACK_BOT_TOKEN: fake.state.team(TEAM).botToken, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.url };
  bot = await startBotProcess(env, [], NOBODY);
  base = bot.eventsUrl.replace(/\/slack\/events$/, '');
});

afterAll(async () => {
  await bot?.stop();
  await fake?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function readyz(): Promise<{ status: number; body: { status: string; checks: Record<string, { ok: boolean; detail: string }> } }> {
  const response = await fetch(`${base}/readyz`);
  return { status: response.status, body: await response.json() };
}

describe('/readyz of a running bot', () => {
  it('is ready once the scheduler has ticked and Slack has accepted the token', async () => {
    let last = await readyz();
    for (const deadline = performance.now() + 20_000; last.status !== 200 && performance.now() < deadline; last = await readyz()) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(last.status, JSON.stringify(last.body)).toBe(200);
    expect(last.body.checks).toMatchObject({ database: { ok: true }, scheduler: { ok: true }, 'platform:slack': { ok: true } });
    expect(fake.callsTo('auth.test').length).toBeGreaterThan(0);
    const live = await fetch(`${base}/healthz`);
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ status: 'ok' });
  });

  it('turns 503 when the database is made read-only, and ready again once it is writable', async () => {
    chmodSync(dbFile, 0o444);
    chmodSync(dir, 0o555);
    try {
      const refused = await readyz();
      expect(refused.status).toBe(503);
      expect(refused.body.status).toBe('not ready');
      expect(refused.body.checks.database!.ok).toBe(false);
      expect(refused.body.checks.database!.detail).toMatch(/EACCES|readonly/);
      expect(refused.body.checks.scheduler!.ok).toBe(true);
    } finally {
      chmodSync(dir, 0o777);
      chmodSync(dbFile, 0o644);
    }
    expect((await readyz()).status).toBe(200);
  });
});
