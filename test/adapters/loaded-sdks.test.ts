/**
 * Each platform SDK is loaded only where it is needed: not at all when its platform is not configured,
 * and not Bolt (its App, receivers, web frameworks) nor the Bot Framework SDK where only the outbound
 * clients are built, as in `tovholder tick`. Each SDK costs a V8 isolate tens of MB and up to a second.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SLACK = { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: 'test-signing-secret' };
const TEAMS = { MICROSOFT_APP_ID: '00000000-0000-4000-8000-000000000001', MICROSOFT_APP_PASSWORD: 'test-secret' };

type Loaded = { ports: string[]; loaded: string[]; atListen?: string[] };

async function loadedWith(env: Record<string, string>): Promise<Loaded> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'test/adapters/loaded-sdks.child.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TOVHOLDER_DB: ':memory:', TOVHOLDER_LOCAL_WORKSPACE: 'off', LOG_LEVEL: 'silent', ...env },
  });
  return JSON.parse(stdout) as Loaded;
}

describe('platform SDKs load lazily', () => {
  it('with Slack only: the Web API client, neither Bolt nor the Teams SDK', async () => {
    expect(await loadedWith(SLACK)).toEqual({ ports: ['slack'], loaded: ['@slack/web-api'] });
  }, 30_000);

  it('with Teams only: no SDK at all where only the outbound clients are built (they send by REST)', async () => {
    expect(await loadedWith(TEAMS)).toEqual({ ports: ['teams'], loaded: [] });
  }, 30_000);

  it('the Bot Framework SDK in the background once the Teams server answers, not before (start-up does not wait for it)', async () => {
    const { ports, loaded, atListen } = await loadedWith({ ...TEAMS, LOADED_SDKS_ATTACH: '1', PORT: '0', TEAMS_LOGIN_URL: 'http://127.0.0.1:9', TEAMS_OPENID_METADATA_URL: 'http://127.0.0.1:9/openid' });
    expect(ports).toEqual(['teams']);
    expect(atListen).toEqual([]);
    expect(loaded.filter((name) => name.startsWith('@slack/'))).toEqual([]);
    expect(loaded).toEqual(expect.arrayContaining(['botbuilder', 'botframework-connector']));
  }, 30_000);
});
