import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src/app.ts';
import { ManualClock } from '../../src/clock.ts';
import { silentLogger } from '../../src/logger.ts';
import { tempDir } from '../outbox/harness.ts';
import { consultantCtx as ctx, dbSnapshot, replyText } from '../support/core.ts';
import { FakePlatform } from '../support/fake-platform.ts';

/** A platform that knows one person by e-mail, as Slack's users.lookupByEmail would. */
class DirectoryPlatform extends FakePlatform {
  readonly lookups: string[] = [];
  async lookupUserByEmail(request: { workspaceId: string; email: string }) {
    this.lookups.push(request.email);
    return request.email === 'eva@kommune.dk' ? { userRef: 'U7', displayName: 'Eva Formidler' } : null;
  }
  async isWorkspaceAdmin(request: { workspaceId: string; userRef: string }) {
    return request.userRef === 'U-ADMIN';
  }
  async removeMembers() {}
}

describe('the command thread', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  });

  function open(commandThread: boolean): { core: Core; platform: DirectoryPlatform } {
    const { dir, cleanup } = tempDir('tovholder-commands-');
    const platform = new DirectoryPlatform('slack');
    const core = createCore({ dbPath: join(dir, 'bot.db'), clock: new ManualClock('2026-12-01T10:00:00Z'), logger: silentLogger(), platforms: [platform], commandThread });
    cleanups.push(() => {
      core.close();
      cleanup();
    });
    return { core, platform };
  }

  it('does the work off the calling thread, and its answers and changes are the ones the core gives', async () => {
    const { core, platform } = open(true);
    const opret = core.commands.command('opret "Små Partnerskaber 2027" 2027-01-04', ctx);
    // The caller's event loop is free at once: nothing is written before the thread answers.
    expect(core.repos.programmes.listInWorkspace('slack', 'T1')).toEqual([]);
    expect(replyText(await opret)).toMatch(/Små Partnerskaber 2027.*er oprettet/);
    const [programme] = core.repos.programmes.listInWorkspace('slack', 'T1');
    expect(programme?.name).toBe('Små Partnerskaber 2027');

    // A person named by e-mail is looked up through the main thread's adapter.
    const added = await core.commands.command('partnerskab "Havet" "Nordsøen Oceanarium" "Børnehaven Bjørnen" eva@kommune.dk=kultur <@U2|bo>=dagtilbud', ctx);
    expect(replyText(added)).toMatch(/Havet/);
    expect(platform.lookups).toEqual(['eva@kommune.dk']);
    const eva = core.repos.members.listForProgramme(programme!.id).find((m) => m.role === 'culture_staff');
    expect(eva).toMatchObject({ userRef: 'U7', displayName: 'Eva Formidler' });

    // A refusal is in Danish and changes nothing, as on the main thread.
    const before = dbSnapshot(core);
    expect(replyText(await core.commands.command('workshop midtvejs 2027-02-31', ctx))).toMatch(/«2027-02-31» er ikke en gyldig dato/);
    expect(dbSnapshot(core)).toBe(before);

    // A button click goes the same way: the preview's confirm button moves the workshop.
    const preview = await core.commands.command('flyt midtvejsworkshop 2027-03-15', ctx);
    const confirm = preview.type === 'message' ? preview.message.blocks.flatMap((b) => (b.type === 'actions' ? b.buttons : []))[0] : undefined;
    expect(confirm).toBeDefined();
    expect(replyText(await core.commands.action({ actionId: confirm!.actionId, value: confirm!.value }, ctx))).toMatch(/aktiviteter er flyttet/);
    const midway = core.repos.activities.listForProgramme(programme!.id).find((a) => a.stepKey === 'midtvejsworkshop');
    expect(midway?.localDate).toBe('2027-03-15');
  });

  it('knows on the thread that the adapter can take a leaving member out of the channel (`fjern`)', async () => {
    const { core } = open(true);
    await core.commands.command('opret "Små Partnerskaber 2027" 2027-01-04', ctx);
    await core.commands.command('partnerskab "Havet" "Nordsøen Oceanarium" "Børnehaven Bjørnen" <@U1|anna>=kultur <@U2|bo>=dagtilbud', ctx);
    const preview = await core.commands.command('fjern <@U2|bo>', ctx);
    const confirm = preview.type === 'message' ? preview.message.blocks.flatMap((b) => (b.type === 'actions' ? b.buttons : []))[0] : undefined;
    const done = replyText(await core.commands.action({ actionId: confirm!.actionId, value: confirm!.value }, ctx));
    expect(done).toContain('bo er fjernet fra Havet.');
    expect(done).toContain('bo tages ud af gruppens kanal.');
  });

  it('asks the main thread’s adapter whether someone may create a programme (a workspace admin)', async () => {
    const { core } = open(true);
    expect(replyText(await core.commands.command('opret "Forløb A" 2027-01-04', ctx))).toMatch(/er oprettet/);
    const partner = { ...ctx, userRef: 'U-PARTNER', userName: 'Pia' };
    expect(replyText(await core.commands.command('opret "Forløb B" 2027-01-04', partner))).toMatch(/^Du kan ikke oprette forløb her/);
    const admin = { ...ctx, userRef: 'U-ADMIN', userName: 'Ada' };
    expect(replyText(await core.commands.command('opret "Forløb C" 2027-01-04', admin))).toMatch(/er oprettet/);
    expect(core.repos.programmes.listInWorkspace('slack', 'T1').map((p) => p.name)).toEqual(['Forløb A', 'Forløb C']);
  });

  it('without the thread, the same call does the work before it returns (the control for the test above)', async () => {
    const { core } = open(false);
    const opret = core.commands.command('opret "Små Partnerskaber 2027" 2027-01-04', ctx);
    expect(core.repos.programmes.listInWorkspace('slack', 'T1')).toHaveLength(1);
    expect(replyText(await opret)).toMatch(/er oprettet/);
  });

  it('keeps answering on the main thread once the thread is gone', async () => {
    const { core } = open(true);
    expect(replyText(await core.commands.command('hjælp', ctx))).toMatch(/Tovholder/);
    await core.commands.close();
    const opret = core.commands.command('opret "Små Partnerskaber 2027" 2027-01-04', ctx);
    expect(core.repos.programmes.listInWorkspace('slack', 'T1')).toHaveLength(1);
    expect(replyText(await opret)).toMatch(/er oprettet/);
  });
});
