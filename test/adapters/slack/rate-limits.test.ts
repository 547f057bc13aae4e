/**
 * Fifty partnerships set up at once against the fake Slack's Tier 2 limits (conversations.create,
 * setPurpose and setTopic: 20 a minute per workspace, sliding window). The fake and the bot share a
 * manual clock, so "a minute" is the fake's minute whatever the machine's load, and the test moves
 * time on to each instant the outbox waits for, as the running bot's wake-ups would.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/clock.ts';
import { paceRulesFrom, readConfig } from '../../../src/config.ts';
import type { PaceRule } from '../../../src/outbox/pacer.ts';
import { startSlackBot, TEAM, waitFor, type SlackBot } from '../../support/slack-harness.ts';

const PARTNERSHIPS = 50;
const PROGRAMME = 'Stort Forløb 2027';
/** Pacing far looser than Slack allows, so the fake's 429s (and their Retry-After) really happen. */
const LOOSE: PaceRule[] = [
  { platform: 'slack', op: 'create_channel', scope: 'workspace', windows: [{ count: 1_000, perMs: 1_000 }] },
  { platform: 'slack', op: 'invite', scope: 'workspace', windows: [{ count: 1_000, perMs: 1_000 }] },
  { platform: 'slack', op: 'post', scope: 'target', windows: [{ count: 100, perMs: 1_000 }] },
];

let bot: SlackBot | undefined;
afterEach(async () => {
  await bot?.close();
  bot = undefined;
});

/** Ticks, and moves the clock to the next delivery the outbox waits for, until nothing is left. */
async function drainOnClock(b: SlackBot, clock: ManualClock): Promise<void> {
  for (let passes = 0; passes < 5_000; passes += 1) {
    await b.core.scheduler.tick();
    const next = b.core.repos.deliveries.nextDueAt();
    if (!next) return;
    clock.set(new Date(Math.max(Date.parse(next), clock.now().getTime() + 1)));
  }
  throw new Error('the outbox did not drain');
}

async function setUpFifty(paceRules: PaceRule[]): Promise<{ b: SlackBot; minutes: number }> {
  const clock = new ManualClock('2026-11-16T08:00:00Z');
  const b = (bot = await startSlackBot({ clock, paceRules, fake: { now: () => clock.now().getTime() } }));
  // The test runs every pass itself, at instants it chooses (see drainOnClock).
  b.core.scheduler.stop();
  const started = clock.now().getTime();
  const created = await b.command(`opret "${PROGRAMME}" 2027-01-04`);
  await waitFor(() => b.answers(created.responseUrl).length > 0);

  const sent = await Promise.all(
    Array.from({ length: PARTNERSHIPS }, (_, i) =>
      b.command(`partnerskab "Partnerskab ${i + 1}" "Kulturhus ${i + 1}" "Børnehus ${i + 1}" <@U0K${i + 1}>=kultur <@U0D${i + 1}A>=dagtilbud <@U0D${i + 1}B>=dagtilbud`),
    ),
  );
  expect(sent.every((s) => s.status === 200)).toBe(true);
  await waitFor(() => sent.every((s) => b.answers(s.responseUrl).length > 0), 30_000, 'all answers');
  for (const s of sent) expect(b.answers(s.responseUrl).join('\n')).toMatch(/Partnerskabet \*Partnerskab \d+\* er tilføjet/);

  await drainOnClock(b, clock);
  return { b, minutes: (clock.now().getTime() - started) / 60_000 };
}

/** Every channel exists with its members and welcome, nothing failed, and `status` shows no error. */
async function expectAllSetUp(b: SlackBot): Promise<void> {
  const programme = b.core.repos.programmes.findByName('slack', TEAM, PROGRAMME)!;
  const names = b.fake.channels(TEAM).map((c) => c.name);
  expect(names).toContain('stort-forloeb-2027');
  for (let i = 1; i <= PARTNERSHIPS; i += 1) expect(names).toContain(`stort-forloeb-2027-partnerskab-${i}`);
  expect(names).toHaveLength(PARTNERSHIPS + 1);
  const deliveries = b.core.repos.deliveries.listForProgramme(programme.id);
  expect(deliveries.filter((d) => d.status !== 'sent').map((d) => `${d.idempotencyKey}: ${d.lastError}`)).toEqual([]);
  for (const p of b.core.repos.partnerships.listForProgramme(programme.id)) {
    expect(b.fake.members(TEAM, p.channelRef!)).toHaveLength(5); // bot, consultant, 1 culture, 2 daycare
    expect(b.fake.messages(TEAM, p.channelRef!).filter((m) => m.metadata?.event_payload.key === `welcome:partnership:${p.id}`)).toHaveLength(1);
  }
  const status = await b.command('status');
  await waitFor(() => b.answers(status.responseUrl).length > 0);
  const answer = b.answers(status.responseUrl).join('\n');
  expect(answer).toMatch(/fejlede: 0/);
  expect(answer).not.toMatch(/ratelimited|429|Error/);
}

function report(b: SlackBot, label: string, minutes: number): Record<string, number> {
  const byMethod: Record<string, number> = {};
  for (const c of b.fake.calls.filter((call) => call.status === 429 && !call.injected)) byMethod[c.method] = (byMethod[c.method] ?? 0) + 1;
  console.log(`${label}: ${PARTNERSHIPS + 1} channels in ${minutes.toFixed(1)} minutes (fake clock); fake Slack answered 429 ${b.fake.rateLimited()} times: ${JSON.stringify(byMethod)}`);
  return byMethod;
}

describe(`${PARTNERSHIPS} partnerships set up at once under Slack's Tier 2 limit`, () => {
  it('with the built-in pacing: it takes minutes, not errors', async () => {
    const { b, minutes } = await setUpFifty(paceRulesFrom(readConfig({})));
    await expectAllSetUp(b);
    report(b, 'built-in pacing', minutes);
    // 51 creations at 20 a minute: the last ones go out two minutes after the first.
    expect(minutes).toBeGreaterThanOrEqual(2);
    expect(b.fake.rateLimited('conversations.create')).toBe(0);
  }, 120_000);

  it('with pacing looser than Slack: every 429 is waited out (Retry-After), nothing lost, no error shown', async () => {
    const { b, minutes } = await setUpFifty(LOOSE);
    await expectAllSetUp(b);
    const byMethod = report(b, 'loose pacing', minutes);
    expect(byMethod['conversations.create']).toBeGreaterThan(0);
  }, 120_000);
});
