import { afterEach, describe, expect, it } from 'vitest';
import { GENERAL_CHANNEL } from '../../adapters/local/directory.ts';
import { createCore } from '../../src/app.ts';
import { ManualClock } from '../../src/clock.ts';
import { handleCommand, handleForm } from '../../src/commands/router.ts';
import type { CommandContext } from '../../src/commands/types.ts';
import { silentLogger } from '../../src/logger.ts';
import { localHarness, visibleText, type LocalHarness } from '../adapters/local/harness.ts';
import { botAddedToTeam, botInstalledPersonal, personalMessage, type FakeUser } from '../fakes/teams/index.ts';
import { teamsWorld, type TeamsWorld } from '../adapters/teams/harness.ts';
import { mentionInChannel } from '../adapters/teams/mentions.ts';
import { consultantCtx, dbSnapshot, replyText } from '../support/core.ts';
import { FakePlatform } from '../support/fake-platform.ts';
import { CONSULTANT, startSlackBot, TEAM, waitFor, type SlackBot } from '../support/slack-harness.ts';

/** The in-memory platform, with workspace admins and e-mail look-ups as Slack answers them. */
class AdminsPlatform extends FakePlatform {
  admins = new Set<string>(['U-ADMIN']);
  adminCheckFails = false;
  async isWorkspaceAdmin(request: { userRef: string }): Promise<boolean> {
    if (this.adminCheckFails) throw new Error('users.info: ratelimited');
    return this.admins.has(request.userRef);
  }
  async lookupUserByEmail(request: { email: string }): Promise<{ userRef: string; displayName: string } | null> {
    return request.email === 'lise@kommune.dk' ? { userRef: 'U-LISE', displayName: 'Lise' } : null;
  }
}

function world(creators: string[] = []) {
  const platform = new AdminsPlatform('slack');
  const core = createCore({ dbPath: ':memory:', clock: new ManualClock('2026-12-01T10:00:00Z'), logger: silentLogger(), platforms: [platform], defaults: { timezone: 'Europe/Copenhagen', locale: 'da', creators } });
  return { core, platform };
}

const as = (userRef: string, userName = userRef): CommandContext => ({ ...consultantCtx, userRef, userName, channelRef: `D-${userRef}` });
const partner = as('U1', 'Anna');

async function withProgramme(creators: string[] = []) {
  const w = world(creators);
  expect(replyText(await handleCommand(w.core, 'opret "Forløb A" 2027-01-04', consultantCtx))).toMatch(/er oprettet/);
  await handleCommand(w.core, 'partnerskab "Havet" "Nordsøen Oceanarium" "Børnehaven Bjørnen" <@U1|anna>=kultur', consultantCtx);
  return w;
}

describe('who may create programmes', () => {
  it('anyone, for the first programme of a fresh workspace, so a new installation is usable', async () => {
    const w = world();
    expect(replyText(await handleCommand(w.core, 'opret "Forløb A" 2027-01-04', partner))).toMatch(/Forløbet \*Forløb A\* er oprettet/);
  });

  it('not a partner once the workspace has a programme: refused in Danish or English, nothing changes', async () => {
    const w = await withProgramme();
    const before = dbSnapshot(w.core);
    const refusal = replyText(await handleCommand(w.core, 'opret "Mit eget" 2027-02-01', partner));
    expect(refusal).toMatch(/^Du kan ikke oprette forløb her\. Det kan konsulenterne for forløbene her \(Karen Konsulent\), arbejdsområdets administratorer/);
    // No form either, and a form submitted anyway is refused the same way.
    expect(replyText(await handleCommand(w.core, 'opret', partner))).toMatch(/^Du kan ikke oprette forløb her/);
    const form = await handleForm(w.core, { formId: 'programme.create', state: '', values: { name: 'Via formular', start: '2027-02-01' } }, partner);
    expect(replyText(form)).toMatch(/^Du kan ikke oprette forløb her/);
    expect(dbSnapshot(w.core)).toBe(before);
    await handleCommand(w.core, 'sprog en', partner);
    expect(replyText(await handleCommand(w.core, 'create "Mine" 2027-02-01', partner))).toMatch(/^You cannot create programmes here\./);
    expect(w.core.repos.programmes.listInWorkspace('slack', 'T1')).toHaveLength(1);
  });

  it('a consultant of a programme here, a workspace admin, and those listed by id or e-mail', async () => {
    const w = await withProgramme(['U-LISTED', 'lise@kommune.dk']);
    expect(replyText(await handleCommand(w.core, 'opret "Forløb B" 2027-02-01', consultantCtx))).toMatch(/er oprettet/);
    expect(replyText(await handleCommand(w.core, 'opret "Forløb C" 2027-02-01', as('U-ADMIN')))).toMatch(/er oprettet/);
    expect(replyText(await handleCommand(w.core, 'opret "Forløb D" 2027-02-01', as('U-LISTED')))).toMatch(/er oprettet/);
    expect(replyText(await handleCommand(w.core, 'opret "Forløb E" 2027-02-01', as('U-LISE')))).toMatch(/er oprettet/);
    expect(w.core.repos.programmes.listInWorkspace('slack', 'T1')).toHaveLength(5);
  });

  it('refuses plainly when the platform cannot say whether someone is an admin', async () => {
    const w = await withProgramme();
    w.platform.adminCheckFails = true;
    const reply = replyText(await handleCommand(w.core, 'opret "Forløb B" 2027-02-01', as('U-ADMIN')));
    expect(reply).toMatch(/^Du kan ikke oprette forløb her/);
    expect(reply).not.toMatch(/ratelimited|Error/);
  });
});

describe('who may create programmes, on the platforms', () => {
  let local: LocalHarness | undefined;
  let slack: SlackBot | undefined;
  let teams: TeamsWorld | undefined;
  afterEach(async () => {
    await local?.close();
    await slack?.close();
    await teams?.close();
    local = slack = teams = undefined;
  });

  it('the local workspace: its administrator (the consultant) may, a partner may not', async () => {
    local = await localHarness();
    await local.workspace.send({ as: 'U-mette', channel: GENERAL_CHANNEL, text: '/tovholder opret "Forløb 2027" 2027-01-04' });
    await local.workspace.send({ as: 'U-sofie', channel: GENERAL_CHANNEL, text: '/tovholder opret "Sofies" 2027-01-04' });
    expect(visibleText(local, GENERAL_CHANNEL, 'U-sofie')).toContain('Du kan ikke oprette forløb her');
    await local.workspace.send({ as: 'U-mette', channel: GENERAL_CHANNEL, text: '/tovholder opret "Forløb 2028" 2028-01-03' });
    expect(local.core.repos.programmes.listInWorkspace('local', 'local').map((p) => p.name)).toEqual(['Forløb 2027', 'Forløb 2028']);
  });

  it('Slack (through Bolt and the fake Web API): a workspace admin may, a partner may not', async () => {
    slack = await startSlackBot();
    slack.fake.addUser(TEAM, { id: 'U0ADMIN', name: 'admin', realName: 'Ada Admin', isAdmin: true });
    const answer = async (text: string, userId: string) => {
      const sent = await slack!.command(text, { userId, channelId: `D-${userId}` });
      expect(sent.status).toBe(200);
      await waitFor(() => slack!.answers(sent.responseUrl).length > 0, 10_000, 'the answer to the command');
      return slack!.answers(sent.responseUrl).join('\n');
    };
    expect(await answer('opret "Forløb A" 2027-01-04', CONSULTANT)).toMatch(/er oprettet/);
    expect(await answer('opret "Partnerens" 2027-01-04', 'U0K1')).toMatch(/Du kan ikke oprette forløb her/);
    expect(await answer('opret "Adminens" 2027-01-04', 'U0ADMIN')).toMatch(/er oprettet/);
    expect(slack.fake.calls.some((c) => c.method === 'users.info')).toBe(true);
  });

  it('Teams (through the CloudAdapter and the fake Bot Connector): the consultant may, a partner may not', async () => {
    teams = await teamsWorld();
    const { fake } = teams;
    const karen = fake.addUser({ name: 'Karen Konsulent', email: 'karen@kommune.dk' });
    const anna = fake.addUser({ name: 'Anna Berg', email: 'anna@museum.dk' });
    const team = fake.addTeam({ name: 'Kultur og dagtilbud', members: [karen, anna] });
    const chats = new Map([karen, anna].map((u) => [u, fake.personalConversation(u)]));
    expect(await teams.send(botAddedToTeam(fake, { team, by: karen }))).toBe(200);
    const say = async (user: FakeUser, text: string) => {
      const chat = chats.get(user)!;
      await teams!.send(botInstalledPersonal(fake, { user, conversation: chat }));
      expect(await teams!.send(personalMessage(fake, { user, conversation: chat, text }))).toBe(200);
      return JSON.stringify(fake.messages(chat.id).at(-1));
    };
    await teams.send(mentionInChannel(fake, { user: karen, team, text: ' opret "Forløb A" 2027-01-04' }));
    expect(await say(anna, 'opret "Annas" 2027-01-04')).toContain('Du kan ikke oprette forløb her');
    expect(await say(karen, 'opret "Forløb B" 2027-02-01')).toContain('er oprettet');
    expect(teams.core.repos.programmes.listInWorkspace('teams', fake.tenantId).map((p) => p.name)).toEqual(['Forløb A', 'Forløb B']);
  });
});
