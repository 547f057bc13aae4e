/**
 * Pacing as Teams counts: a channel and all its threads are one conversation for its rate limits, so
 * the fallback threads in General share one pace and one Retry-After; a team's roster is read once per
 * set-up, not once per invitation.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/clock.ts';
import { botAddedToTeam, type FakeTeam, type FakeUser, type Json } from '../../fakes/teams/index.ts';
import { teamsWorld, type TeamsWorld } from './harness.ts';
import { mentionInChannel } from './mentions.ts';
import { drainRealTime } from './setup.ts';

const PLACES = ['Havet', 'Skoven', 'Engen', 'Byen', 'Åen'];

async function setUp(w: TeamsWorld, input: { members: FakeUser[]; graph: boolean; partnerships: string[]; extra?: FakeUser[] }): Promise<{ karen: FakeUser; team: FakeTeam }> {
  const karen = w.fake.addUser({ name: 'Karen Konsulent' });
  const team = w.fake.addTeam({ name: 'Kultur og dagtilbud', members: [karen, ...input.members], graphChannelCreate: input.graph });
  expect(await w.send(botAddedToTeam(w.fake, { team, by: karen }))).toBe(200);
  expect(await w.send(mentionInChannel(w.fake, { user: karen, team, text: ' opret "Små Partnerskaber 2027" 2027-01-04' }))).toBe(200);
  for (const [i, name] of input.partnerships.entries()) {
    const people = [input.members[i % input.members.length]!, ...(input.extra ?? [])];
    const who = people.map((p) => `{${p.name}}=kultur`).join(' ');
    expect(await w.send(mentionInChannel(w.fake, { user: karen, team, text: ` partnerskab "${name}" "Museum ${name}" "Børnehave ${name}" ${who}`, people }))).toBe(200);
  }
  return { karen, team };
}

describe('Teams pacing per channel and roster', () => {
  let w: TeamsWorld;
  afterEach(async () => w?.close());

  it('a burst to five threads of one channel is paced as one conversation: no call inside a Retry-After, no 429 from Teams', async () => {
    w = await teamsWorld({ clock: systemClock });
    const anna = w.fake.addUser({ name: 'Anna Berg' });
    const { team } = await setUp(w, { members: [anna], graph: false, partnerships: PLACES });
    await drainRealTime(w);
    // Let the set-up's posts leave Teams' windows, then burst.
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    const programmeId = w.core.repos.programmes.listInWorkspace('teams', w.fake.tenantId)[0]!.id;
    const partnerships = w.core.repos.partnerships.listForProgramme(programmeId);
    expect(new Set(partnerships.map((p) => p.channelRef)).size).toBe(5);
    const inGeneral = new RegExp(`/conversations/${team.id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);
    w.fake.failNext({ status: 429, retryAfterSeconds: 2, method: 'POST', path: inGeneral });
    const started = Date.now();
    for (let round = 1; round <= 3; round += 1) {
      for (const p of partnerships) {
        const message = { text: `${p.name} ${round}`, blocks: [{ type: 'header' as const, text: `${p.name} ${round}` }, { type: 'section' as const, text: 'Husk det.' }] };
        w.core.repos.deliveries.enqueue(
          { idempotencyKey: `burst-${p.id}-${round}`, platform: 'teams', workspaceId: w.fake.tenantId, programmeId, target: { type: 'partnership', id: p.id }, payload: { op: 'post', message } },
          w.coreClock.now(),
        );
      }
    }
    await drainRealTime(w);
    const calls = w.fake.calls.filter((c) => c.service === 'connector' && c.method === 'POST' && c.time >= started && inGeneral.test(c.path));
    const throttled = calls.find((c) => c.status === 429)!;
    expect(throttled).toBeDefined();
    expect(calls.filter((c) => c.time > throttled.time && c.time < throttled.time + 2_000)).toEqual([]);
    // Teams' own limiter (7 per second for General and all its threads together) never had to step in.
    expect(w.fake.rateLimited(team.id)).toBe(0);
    for (const p of partnerships) {
      for (let round = 1; round <= 3; round += 1) {
        expect(w.fake.storedMessages().filter((m) => JSON.stringify(m.activity as Json).includes(`${p.name} ${round}`))).toHaveLength(1);
      }
    }
  }, 60_000);

  it('a 541-member roster is read once per set-up under a tight limit: no 429, every partnership checked', async () => {
    w = await teamsWorld();
    w.fake.setRosterLimits([{ limit: 2, windowMs: 60_000 }]);
    const staff = Array.from({ length: 540 }, (_, i) => w.fake.addUser({ name: `Medarbejder ${i + 1}` }));
    const outsider = w.fake.addUser({ name: 'Ole Udenfor' });
    const { team, karen } = await setUp(w, { members: staff, graph: true, partnerships: PLACES.slice(0, 4), extra: [outsider] });
    await w.drain();
    const reads = w.fake.calls.filter((c) => c.path.includes('/pagedmembers'));
    // 541 members are two pages of 500: one read.
    expect(reads.map((c) => c.status)).toEqual([200, 200]);
    expect(reads.every((c) => c.conversationId === team.id)).toBe(true);
    const invites = w.core.db.prepare(`SELECT status FROM deliveries WHERE op = 'invite'`).pluck().all();
    expect(invites.length).toBeGreaterThanOrEqual(4);
    expect(new Set(invites)).toEqual(new Set(['sent']));
    const notices = w.fake.messages(w.fake.personalConversation(karen).id).filter((m) => JSON.stringify(m).includes('Ole Udenfor'));
    expect(notices.length).toBeGreaterThanOrEqual(1);
  }, 60_000);
});
