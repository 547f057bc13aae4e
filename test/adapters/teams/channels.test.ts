/**
 * Channels through Microsoft Graph in the programme's team (safe, collision-safe names; a retry reuses
 * the channel it made), the fallback to threads in General when Graph refuses, the roster check, the
 * welcome with @mentions, and the personal welcome per member.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TeamsPlatform } from '../../../adapters/teams/port.ts';
import { botAddedToTeam, type FakeTeam, type FakeUser, type Json } from '../../fakes/teams/index.ts';
import { teamsWorld, type TeamsWorld } from './harness.ts';
import { mentionInChannel } from './mentions.ts';

interface Cast {
  karen: FakeUser;
  anna: FakeUser;
  bo: FakeUser;
  outsider: FakeUser;
  team: FakeTeam;
}

async function setUp(w: TeamsWorld, options: { graph?: boolean; programmeName?: string } = {}): Promise<Cast> {
  const karen = w.fake.addUser({ name: 'Karen Konsulent' });
  const anna = w.fake.addUser({ name: 'Anna Berg' });
  const bo = w.fake.addUser({ name: 'Bo Holm' });
  const outsider = w.fake.addUser({ name: 'Ole Udenfor' });
  const team = w.fake.addTeam({ name: 'Kultur og dagtilbud', members: [karen, anna, bo], graphChannelCreate: options.graph ?? true });
  expect(await w.send(botAddedToTeam(w.fake, { team, by: karen }))).toBe(200);
  const name = options.programmeName ?? 'Små Partnerskaber 2027';
  expect(await w.send(mentionInChannel(w.fake, { user: karen, team, text: ` opret "${name}" 2027-01-04` }))).toBe(200);
  const add = ' partnerskab "Havet & Fisk" "Nordsøen Oceanarium" "Børnehaven Bjørnen" {Anna Berg}=kultur {Bo Holm}=dagtilbud {Ole Udenfor}=dagtilbud';
  expect(await w.send(mentionInChannel(w.fake, { user: karen, team, text: add, people: [anna, bo, outsider] }))).toBe(200);
  await w.drain();
  return { karen, anna, bo, outsider, team };
}

function deliveries(w: TeamsWorld): { key: string; status: string; error: string | null; ref: string | null }[] {
  return w.core.db.prepare('SELECT idempotency_key AS key, status, last_error AS error, result_ref AS ref FROM deliveries ORDER BY id').all() as never;
}

function personal(w: TeamsWorld, user: FakeUser): Json[] {
  return w.fake.messages(w.fake.personalConversation(user).id);
}

describe('Teams channels (Graph)', () => {
  let w: TeamsWorld;
  beforeEach(async () => {
    w = await teamsWorld();
  });
  afterEach(async () => w?.close());

  it('creates standard channels with safe names in the team, posts the welcome as a new thread with @mentions', async () => {
    const { team, anna, bo, karen } = await setUp(w);
    const channels = team.channels.filter((c) => c.displayName !== 'General');
    expect(channels.map((c) => [c.displayName, c.membershipType])).toEqual([
      ['Små Partnerskaber 2027', 'standard'],
      ['Små Partnerskaber 2027 Havet og Fisk', 'standard'],
    ]);
    // Only Ole, who is in no team with Tovholder, cannot get a personal welcome.
    const ole = w.core.db.prepare('SELECT id FROM members WHERE display_name = ?').pluck().get('Ole Udenfor');
    expect(deliveries(w).filter((d) => d.status !== 'sent')).toEqual([
      { key: `welcome:member:${String(ole)}`, status: 'failed', error: expect.stringContaining('target_gone'), ref: null },
    ]);
    const partnershipChannel = channels[1]!;
    const threads = w.fake.storedMessages().filter((m) => m.conversationId.startsWith(`${partnershipChannel.id};messageid=`));
    expect(threads).toHaveLength(1);
    const welcome = threads[0]!.activity as { entities: Json[]; attachments: { content: Json }[] };
    expect(welcome.entities.map((e) => (e.mentioned as Json).id)).toEqual(expect.arrayContaining([anna.id, bo.id]));
    expect(JSON.stringify(welcome.attachments[0]!.content)).toContain('<at>Anna Berg</at>');
    // The consultant hears once which mode is in use; each member gets a personal welcome.
    expect(personal(w, karen).filter((m) => JSON.stringify(m).includes('standardkanaler'))).toHaveLength(1);
    for (const member of [anna, bo]) {
      const text = JSON.stringify(personal(w, member));
      expect(text).toContain('Velkommen til Små Partnerskaber 2027');
      expect(text).toMatch(/ca\. \d+(,\d)? timer/);
    }
  });

  it('a taken name gets a number; a repeated creation (lost answer, crash) reuses the channel it made', async () => {
    const karen = w.fake.addUser({ name: 'Karen Konsulent' });
    const team = w.fake.addTeam({ name: 'Forvaltningen', members: [karen], channels: ['Forår 2027'] });
    expect(await w.send(botAddedToTeam(w.fake, { team, by: karen }))).toBe(200);
    expect(await w.send(mentionInChannel(w.fake, { user: karen, team, text: ' opret "Forår 2027" 2027-03-01' }))).toBe(200);
    await w.drain();
    expect(team.channels.map((c) => c.displayName)).toEqual(['General', 'Forår 2027', 'Forår 2027 2']);
    const programme = w.core.repos.programmes.findByName('teams', w.fake.tenantId, 'Forår 2027')!;
    const port = w.core.platforms.get('teams') as TeamsPlatform;
    const again = await port.createChannel({ workspaceId: w.fake.tenantId, name: 'Forår 2027', owner: { programmeId: programme.id, type: 'programme', id: programme.id } });
    expect(again.channelRef).toBe(programme.channelRef);
    expect(team.channels).toHaveLength(3);
  });

  it('tells the consultant once which partners are not in the team (they cannot see a standard channel)', async () => {
    const { karen, outsider } = await setUp(w);
    const notices = personal(w, karen).map((m) => JSON.stringify(m)).filter((t) => t.includes('ikke medlemmer af teamet'));
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain('Ole Udenfor');
    expect(notices[0]).not.toContain('Anna Berg');
    expect(w.core.db.prepare('SELECT user_id FROM teams_roster_missing').pluck().all()).toEqual([outsider.id]);
  });

  it('without the Graph permission (403): a thread per partnership in General, and the consultant is told', async () => {
    const { team, karen } = await setUp(w, { graph: false });
    expect(team.channels.map((c) => c.displayName)).toEqual(['General']);
    const programme = w.core.repos.programmes.listInWorkspace('teams', w.fake.tenantId)[0]!;
    const [partnership] = w.core.repos.partnerships.listForProgramme(programme.id);
    expect(programme.channelRef).toMatch(/^thread\|/);
    expect(partnership!.channelRef).toMatch(/^thread\|/);
    const threads = new Set(w.fake.storedMessages().filter((m) => m.conversationId.startsWith(`${team.id};messageid=`)).map((m) => m.conversationId));
    expect(threads.size).toBe(2);
    expect(personal(w, karen).filter((m) => JSON.stringify(m).includes('Channel.Create.Group'))).toHaveLength(1);

    // Later posts to the partnership go into its thread, as replies.
    const thread = w.core.db.prepare('SELECT thread_id FROM teams_threads WHERE channel_ref = ?').pluck().get(partnership!.channelRef) as string;
    w.core.repos.deliveries.enqueue(
      { idempotencyKey: 'later', platform: 'teams', workspaceId: w.fake.tenantId, programmeId: programme.id, target: { type: 'partnership', id: partnership!.id }, payload: { op: 'post', message: { text: 'Husk besøget', blocks: [{ type: 'section', text: 'Husk besøget' }] } } },
      w.clock.now(),
    );
    await w.drain();
    expect(w.fake.messages(thread).map((m) => m.text)).toContain('Husk besøget');
    // A command typed in that thread is about that partnership's programme.
    const rootId = thread.split(';messageid=')[1]!;
    expect(await w.send(mentionInChannel(w.fake, { user: karen, team, text: ' plan', threadRootId: rootId }))).toBe(200);
    expect(JSON.stringify(personal(w, karen).at(-1))).toContain(programme.name);
  });
});
