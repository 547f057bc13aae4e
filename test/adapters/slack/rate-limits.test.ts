import { afterAll, expect, it } from 'vitest';
import type { PaceRule } from '../../../src/outbox/pacer.ts';
import { startSlackBot, TEAM, waitFor, type SlackBot } from '../../support/slack-harness.ts';

const PARTNERSHIPS = 50;
/** The fake's Tier 2 window, squeezed: 10 conversations.create per second per workspace. */
const FAKE_CREATES_PER_WINDOW = 10;
const FAKE_WINDOW_MS = 1_000;
/** The bot paces far looser than the fake allows, so the fake's 429s (and Retry-After) really happen. */
const LOOSE: PaceRule[] = [
  { platform: 'slack', op: 'create_channel', scope: 'workspace', windows: [{ count: 1_000, perMs: 1_000 }] },
  { platform: 'slack', op: 'invite', scope: 'workspace', windows: [{ count: 1_000, perMs: 1_000 }] },
  { platform: 'slack', op: 'post', scope: 'target', windows: [{ count: 100, perMs: 1_000 }] },
];

let bot: SlackBot | undefined;
afterAll(async () => bot?.close());

it(`sets up ${PARTNERSHIPS} partnerships at once under Slack's Tier 2 limit: Retry-After honoured, nothing lost, no error shown`, async () => {
  bot = await startSlackBot({ paceRules: LOOSE, fake: { limits: { 'conversations.create': FAKE_CREATES_PER_WINDOW }, windowMs: FAKE_WINDOW_MS } });
  const b = bot;
  const created = await b.command('opret "Stort Forløb 2027" 2027-01-04');
  await waitFor(() => b.answers(created.responseUrl).length > 0);

  const sent = await Promise.all(
    Array.from({ length: PARTNERSHIPS }, (_, i) =>
      b.command(`partnerskab "Partnerskab ${i + 1}" "Kulturhus ${i + 1}" "Børnehus ${i + 1}" <@U0K${i + 1}>=kultur <@U0D${i + 1}A>=dagtilbud <@U0D${i + 1}B>=dagtilbud`),
    ),
  );
  expect(sent.every((s) => s.status === 200)).toBe(true);
  await waitFor(() => sent.every((s) => b.answers(s.responseUrl).length > 0), 15_000, 'all answers');
  for (const s of sent) expect(b.answers(s.responseUrl).join('\n')).toMatch(/Partnerskabet \*Partnerskab \d+\* er tilføjet/);

  await b.drain(90_000);
  const rateLimited = b.fake.rateLimited();
  const creates429 = b.fake.rateLimited('conversations.create');
  const byMethod = new Map<string, number>();
  for (const c of b.fake.calls.filter((call) => call.status === 429 && !call.injected)) byMethod.set(c.method, (byMethod.get(c.method) ?? 0) + 1);
  console.log(`fake Slack answered 429 ${rateLimited} times while ${PARTNERSHIPS + 1} channels were set up: ${JSON.stringify(Object.fromEntries(byMethod))}`);

  const programme = b.core.repos.programmes.findByName('slack', TEAM, 'Stort Forløb 2027')!;
  const names = b.fake.channels(TEAM).map((c) => c.name);
  expect(names).toContain('stort-forloeb-2027');
  for (let i = 1; i <= PARTNERSHIPS; i += 1) expect(names).toContain(`stort-forloeb-2027-partnerskab-${i}`);
  expect(names).toHaveLength(PARTNERSHIPS + 1);
  expect(creates429).toBeGreaterThan(0);
  const deliveries = b.core.repos.deliveries.listForProgramme(programme.id);
  expect(deliveries.filter((d) => d.status !== 'sent').map((d) => `${d.idempotencyKey}: ${d.lastError}`)).toEqual([]);
  for (const p of b.core.repos.partnerships.listForProgramme(programme.id)) {
    expect(b.fake.members(TEAM, p.channelRef!)).toHaveLength(5); // bot, consultant, 1 culture, 2 daycare
    expect(b.fake.messages(TEAM, p.channelRef!).filter((m) => m.metadata?.event_payload.key === `welcome:partnership:${p.id}`)).toHaveLength(1);
  }
  expect(await (async () => {
    const status = await b.command('status');
    await waitFor(() => b.answers(status.responseUrl).length > 0);
    return b.answers(status.responseUrl).join('\n');
  })()).toMatch(/fejlede: 0/);
}, 120_000);
