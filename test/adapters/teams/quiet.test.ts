/**
 * A forged token is refused with 401 and leaves one structured warn line in the log, and nothing on
 * stderr: botbuilder's own console output (its stack traces) stays out of the operator's terminal.
 * The bot runs as `tovholder start`, so what is checked is what an operator would see.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSigningKey, personalMessage, type FakeTeams } from '../../fakes/teams/index.ts';
import { APP_PASSWORD, startFake, teamsEnv, tempDbPath } from './harness.ts';
import { freePort, startTeamsBot, type TeamsBotProcess } from './process.ts';

describe('Teams: a forged token', () => {
  let fake: FakeTeams;
  let bot: TeamsBotProcess;

  beforeAll(async () => {
    fake = await startFake();
    const env = { ...teamsEnv(fake, APP_PASSWORD, tempDbPath()), PORT: String(await freePort()), LOG_LEVEL: 'info' };
    bot = await startTeamsBot(env);
  }, 90_000);
  afterAll(async () => {
    await bot?.stop();
    await fake?.close();
  });

  it('is refused with 401, logged as one warn line through pino, and nothing reaches stderr', async () => {
    const karen = fake.addUser({ name: 'Karen Konsulent' });
    const activity = personalMessage(fake, { user: karen, conversation: fake.personalConversation(karen), text: 'hjælp' });
    const forged = fake.signActivityToken({}, { key: createSigningKey({ kid: fake.signingKey.kid }) });
    const before = bot.output().length;
    const response = await fake.sendActivity(bot.endpoint, activity, { token: forged });
    expect(response.status).toBe(401);
    // The log line is written before the response ends; give the pipe a moment to deliver it.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const lines = bot.output().slice(before).split('\n').filter((l) => l.trim());
    expect(bot.stderr()).toBe('');
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(line).toMatchObject({ level: 40, status: 401, msg: expect.stringContaining('refused') });
    expect(String(line.reason)).toMatch(/signature|Unauthorized/i);
    expect(JSON.stringify(line)).not.toMatch(/\n\s+at /);
  }, 30_000);
});
