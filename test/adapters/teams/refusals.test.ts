/**
 * Graph's 403 for channel creation is remembered per team, in the database: the programme and its
 * partnerships set up together ask Graph once, a second programme in the same team and a restarted
 * bot do not ask again, and the consultant is told once per programme. Reinstalling (or updating) the
 * app in the team, which is when a team owner grants consent, makes the bot ask again.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { botAddedToTeam, type FakeTeam, type FakeUser } from '../../fakes/teams/index.ts';
import { startFake, teamsWorld, tempDbPath, type TeamsWorld } from './harness.ts';
import { mentionInChannel } from './mentions.ts';

const graphCreates = (w: TeamsWorld) => w.fake.calls.filter((c) => c.service === 'graph' && c.method === 'POST' && c.path.endsWith('/channels'));
const modeNotices = (w: TeamsWorld, karen: FakeUser) => w.fake.messages(w.fake.personalConversation(karen).id).filter((m) => JSON.stringify(m).includes('Channel.Create.Group'));

/** A programme; the first one also gets a partnership, so two channels are created at once. */
async function programme(w: TeamsWorld, karen: FakeUser, team: FakeTeam, name: string, anna?: FakeUser): Promise<void> {
  expect(await w.send(mentionInChannel(w.fake, { user: karen, team, text: ` opret "${name}" 2027-01-04` }))).toBe(200);
  const add = ` partnerskab "Havet" "Nordsøen Oceanarium" "Børnehaven Bjørnen" {Anna Berg}=kultur`;
  if (anna) expect(await w.send(mentionInChannel(w.fake, { user: karen, team, text: add, people: [anna] }))).toBe(200);
  await w.drain();
}

describe('Teams: a Graph 403 is remembered per team', () => {
  let w: TeamsWorld | undefined;
  afterEach(async () => w?.close());

  it('asks Graph once per team, across programmes and a restart; asks again after a reinstall', async () => {
    const fake = await startFake();
    const dbPath = tempDbPath();
    try {
      w = await teamsWorld({ fake, dbPath });
      const karen = fake.addUser({ name: 'Karen Konsulent' });
      const anna = fake.addUser({ name: 'Anna Berg' });
      const team = fake.addTeam({ name: 'Kultur og dagtilbud', members: [karen, anna], graphChannelCreate: false });
      expect(await w.send(botAddedToTeam(fake, { team, by: karen }))).toBe(200);
      await programme(w, karen, team, 'Forløb A', anna);
      expect(graphCreates(w).map((c) => c.status)).toEqual([403]);
      expect(modeNotices(w, karen)).toHaveLength(1);

      await programme(w, karen, team, 'Forløb B');
      expect(graphCreates(w)).toHaveLength(1);
      const refs = w.core.db.prepare(`SELECT channel_ref FROM programmes UNION ALL SELECT channel_ref FROM partnerships`).pluck().all() as string[];
      expect(refs).toHaveLength(3);
      expect(refs.every((ref) => ref.startsWith('thread|'))).toBe(true);
      // Told once per programme: A once, B once.
      expect(modeNotices(w, karen)).toHaveLength(2);

      // A restart remembers it.
      await w.close();
      w = await teamsWorld({ fake, dbPath });
      await programme(w, karen, team, 'Forløb C');
      expect(graphCreates(w)).toHaveLength(1);

      // The owner grants consent and the app is added again: Graph is asked, channels are created.
      fake.setGraphPermission(team, true);
      expect(await w.send(botAddedToTeam(fake, { team, by: karen }))).toBe(200);
      await programme(w, karen, team, 'Forløb D');
      expect(graphCreates(w).map((c) => c.status)).toEqual([403, 201]);
    } finally {
      await w?.close();
      w = undefined;
      await fake.close();
    }
  });
});
