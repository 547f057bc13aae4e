import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { botAddedToTeam, botInstalledPersonal, personalMessage, type FakeConversation, type FakeTeams, type FakeUser, type Json } from '../../fakes/teams/index.ts';
import { teamsWorld, type TeamsWorld } from './harness.ts';
import { mentionInChannel } from './mentions.ts';

const example = (changes: Record<string, unknown> = {}) => ({ ...JSON.parse(readFileSync(new URL('../../templates/fixtures/kort-partnerskab.json', import.meta.url), 'utf8')), ...changes });

describe('Teams: a consultant adds a template by attaching a file in the personal chat (real CloudAdapter, fake connector)', () => {
  let w: TeamsWorld;
  let fake: FakeTeams;
  let karen: FakeUser;
  let anna: FakeUser;
  const chats = new Map<FakeUser, FakeConversation>();

  /** The user attaches a file (stored in their OneDrive by the fake) and sends it to the bot. */
  async function attach(user: FakeUser, name: string, content: string, options: { validForMs?: number } = {}): Promise<{ answer: string; uniqueId: string }> {
    const chat = chats.get(user)!;
    const attachment = fake.oneDrive.shareFile(name, content, options);
    const before = fake.messages(chat.id).length;
    expect(await w.send(personalMessage(fake, { user, conversation: chat, text: '', attachments: [attachment] }))).toBe(200);
    const answers = fake.messages(chat.id).slice(before);
    expect(answers).toHaveLength(1);
    return { answer: JSON.stringify(answers[0]), uniqueId: (attachment.content as Json).uniqueId as string };
  }
  const stored = () => w.core.db.prepare('SELECT platform, workspace_id AS workspace, template_id AS id, version FROM templates ORDER BY version').all();

  beforeAll(async () => {
    w = await teamsWorld();
    fake = w.fake;
    karen = fake.addUser({ name: 'Karen Konsulent', email: 'karen@kommune.dk' });
    anna = fake.addUser({ name: 'Anna Berg', email: 'anna@museum.dk' });
    const team = fake.addTeam({ name: 'Kultur og dagtilbud', members: [karen, anna] });
    expect(await w.send(botAddedToTeam(fake, { team, by: karen }))).toBe(200);
    for (const user of [karen, anna]) {
      chats.set(user, fake.personalConversation(user));
      await w.send(botInstalledPersonal(fake, { user, conversation: chats.get(user)! }));
    }
    await w.send(mentionInChannel(fake, { user: karen, team, text: ' opret "Forløb A" 2027-01-04' }));
  });
  afterAll(async () => w?.close());

  it('adds a valid JSON attachment, answers in the personal chat, and `opret` can use it', async () => {
    const { answer, uniqueId } = await attach(karen, 'kort.json', JSON.stringify(example()));
    expect(answer).toContain('Skabelonen «Kort partnerskab» version 1 er tilføjet. Brug den med');
    expect(answer).toContain('opret \\"Navn\\" 2026-12-28 kort-partnerskab');
    expect(fake.oneDrive.shared.get(uniqueId)!.downloads).toBe(1);
    expect(stored()).toEqual([{ platform: 'teams', workspace: fake.tenantId, id: 'kort-partnerskab', version: 1 }]);
    const chat = chats.get(karen)!;
    expect(await w.send(personalMessage(fake, { user: karen, conversation: chat, text: 'opret "Kort forløb" 2027-01-04 kort-partnerskab' }))).toBe(200);
    expect(JSON.stringify(fake.messages(chat.id).at(-1))).toContain('er oprettet');
    expect(w.core.repos.programmes.listInWorkspace('teams', fake.tenantId).map((p) => p.templateId)).toEqual(['smaa-partnerskaber', 'kort-partnerskab']);
  });

  it('a broken YAML attachment: the problems by step and field, in Danish, nothing stored', async () => {
    const raw = example({ version: 2 });
    raw.steps[1].durationMinutes = 'en time';
    const { answer } = await attach(karen, 'kort.yml', stringify(raw));
    expect(answer).toContain('Skabelonen «kort.yml» er ikke tilføjet, for den har 1 fejl.');
    expect(answer).toContain('trin «besoeg», felt «durationMinutes»');
    expect(stored()).toHaveLength(1);
  });

  it('refuses a partner without downloading, and a download address that has expired', async () => {
    const refused = await attach(anna, 'min.json', JSON.stringify(example({ id: 'annas' })));
    expect(refused.answer).toContain('Kun konsulenter kan tilføje skabeloner her');
    expect(fake.oneDrive.shared.get(refused.uniqueId)!.downloads).toBe(0);
    const expired = await attach(karen, 'kort.json', JSON.stringify(example({ version: 2 })), { validForMs: -1 });
    expect(expired.answer).toContain('Jeg kunne ikke hente filen «kort.json»');
    expect(stored()).toHaveLength(1);
  });
});
