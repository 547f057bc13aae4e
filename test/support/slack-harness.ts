/**
 * An in-process Tovholder with the real Slack adapter (Bolt over real HTTP on 127.0.0.1) against the
 * fake Slack Web API, plus helpers to send it signed slash commands and read what the fake recorded.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSlackPlatform, type SlackAdapter } from '../../adapters/slack/index.ts';
import { listen } from '../../adapters/http.ts';
import { createCore, type Core } from '../../src/app.ts';
import { systemClock, type Clock } from '../../src/clock.ts';
import { paceRulesFrom, readConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/logger.ts';
import type { PaceRule } from '../../src/outbox/pacer.ts';
import '../fakes/slack/conversations-list.ts';
import { startFakeSlack, type FakeSlack, type FakeSlackOptions, type FakeSlackTeamInput } from '../fakes/slack/index.ts';
import { slashCommand } from './slack-requests.ts';

export const SIGNING_SECRET = 'test-signing-secret-123';
export const TEAM = 'T0TOVHOLD';
export const CONSULTANT = 'U0KAREN';

/**
 * The programme the Slack end-to-end test and the ack benchmark set up: four partnerships whose names
 * make channel names spell out æ, ø and å. Members are U0K<n> (culture) and U0D<n>A/B (daycare).
 */
export const SLACK_PROGRAMME = 'Små Partnerskaber 2027';
export const SLACK_PARTNERSHIPS = [
  { name: 'Havet', culture: 'Nordsøen Oceanarium', daycare: 'Børnehaven Bjørnen' },
  { name: 'Skoven', culture: 'Vendsyssel Kunstmuseum', daycare: 'Vuggestuen Mælkebøtten' },
  { name: 'Musikken', culture: 'Hjørring Musikskole', daycare: 'Børnehuset Åkanden' },
  { name: 'Fortællingen', culture: 'Hjørring Bibliotek', daycare: 'Naturbørnehaven Æblehaven' },
];

/** One workspace: the consultant, and per partnership one culture and two daycare staff (12 in all). */
export function teamWithStaff(teamId = TEAM, botToken = `xoxb-fake-${teamId}`, botUserId = 'U0TOVBOT'): FakeSlackTeamInput {
  const users = [{ id: CONSULTANT, name: 'karen', realName: 'Karen Konsulent', email: 'karen@kommune.dk' }];
  for (let p = 1; p <= 60; p += 1) {
    users.push({ id: `U0K${p}`, name: `kultur${p}`, realName: `Kultur ${p}`, email: `kultur${p}@kommune.dk` });
    users.push({ id: `U0D${p}A`, name: `paed${p}a`, realName: `Pædagog ${p}a`, email: `paed${p}a@kommune.dk` });
    users.push({ id: `U0D${p}B`, name: `paed${p}b`, realName: `Pædagog ${p}b`, email: `paed${p}b@kommune.dk` });
  }
  return { teamId, teamName: `Kommune ${teamId}`, botToken, botUserId, users };
}

export interface SlackBot {
  core: Core;
  adapter: SlackAdapter;
  fake: FakeSlack;
  /** http://127.0.0.1:PORT/slack/events */
  eventsUrl: string;
  /** Sends `/tovholder <text>` as a user; returns the response_url the answer goes to. */
  command(text: string, who?: { userId?: string; teamId?: string; channelId?: string }): Promise<{ status: number; responseUrl: string; triggerId: string }>;
  /** The texts posted to a response_url (all blocks' text joined). */
  answers(responseUrl: string): string[];
  /** Sends until the outbox is empty (or the deadline passes). */
  drain(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export interface SlackBotOptions {
  fake?: FakeSlackOptions;
  paceRules?: PaceRule[];
  clock?: Clock;
  /** Runs after the fake started and before the adapter is attached (e.g. to make auth.test fail). */
  beforeAttach?: (fake: FakeSlack) => void;
  /** TOVHOLDER_CREATORS: who may create programmes besides admins and consultants. */
  creators?: string[];
}

export async function startSlackBot(options: SlackBotOptions = {}): Promise<SlackBot> {
  const fake = await startFakeSlack({ teams: [teamWithStaff()], ...options.fake });
  const dir = mkdtempSync(join(tmpdir(), 'tovholder-slack-'));
  const team = fake.state.team(TEAM);
  const config = readConfig({ SLACK_BOT_TOKEN: team.botToken, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.url, TOVHOLDER_DB: join(dir, 'db.sqlite') });
  const logger = silentLogger();
  const clock = options.clock ?? systemClock;
  const adapter = createSlackPlatform(config, { logger, clock });
  const core = createCore({
    dbPath: config.TOVHOLDER_DB,
    clock,
    logger,
    platforms: [adapter.port],
    workerId: 'test',
    paceRules: options.paceRules ?? paceRulesFrom(config),
    dispatcher: { backoffMs: 200, maxBackoffMs: 2_000, notReadyDelayMs: 100 },
    ...(options.creators ? { defaults: { timezone: 'Europe/Copenhagen', locale: 'da' as const, creators: options.creators } } : {}),
  });
  options.beforeAttach?.(fake);
  await adapter.attach(core);
  const server = await listen(adapter.routes, { port: 0, host: '127.0.0.1', logger });
  core.scheduler.start();
  const eventsUrl = `${server.url}/slack/events`;
  return {
    core,
    adapter,
    fake,
    eventsUrl,
    async command(text, who = {}) {
      const responseUrl = fake.newResponseUrl(who.teamId ?? TEAM);
      const triggerId = fake.newTriggerId();
      const response = await slashCommand({
        url: eventsUrl,
        signingSecret: SIGNING_SECRET,
        command: '/tovholder',
        text,
        teamId: who.teamId ?? TEAM,
        userId: who.userId ?? CONSULTANT,
        channelId: who.channelId ?? 'D0KAREN',
        responseUrl,
        triggerId,
      });
      await response.arrayBuffer();
      return { status: response.status, responseUrl, triggerId };
    },
    answers: (responseUrl) => fake.responses(responseUrl).map((post) => answerText(post.body)),
    drain: (timeoutMs = 30_000) => drainOutbox(core, timeoutMs, 100),
    async close() {
      core.scheduler.stop();
      await new Promise<void>((resolve) => server.server.close(() => resolve()));
      server.server.closeAllConnections();
      await adapter.close();
      core.close();
      await fake.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Everything a user reads in a posted message or response_url answer. */
export function answerText(body: unknown): string {
  const b = body as { text?: string; blocks?: { text?: { text?: string }; fields?: { text: string }[]; elements?: { text?: string }[] }[] };
  const parts = (b.blocks ?? []).flatMap((block) => [block.text?.text ?? '', ...(block.fields ?? []).map((f) => f.text), ...(block.elements ?? []).map((e) => e.text ?? '')]);
  return [b.text ?? '', ...parts].filter(Boolean).join('\n');
}

/** Ticks (real time passing between passes) until no delivery is pending or being sent. */
export async function drainOutbox(core: Core, timeoutMs: number, pollMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    await core.scheduler.tick();
    const open = core.db.prepare("SELECT COUNT(*) FROM deliveries WHERE status IN ('pending', 'sending')").pluck().get() as number;
    if (open === 0) return;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  throw new Error('the outbox did not drain in time');
}

export { waitFor } from './wait.ts';
