import { beforeEach, describe, expect, it } from 'vitest';
import { handleAction, handleCommand } from '../../src/commands/router.ts';
import type { CommandReply } from '../../src/commands/types.ts';
import { consultantCtx as ctx, dbSnapshot, replyText, testCore, type TestCore } from '../support/core.ts';

const partnerCtx = { ...ctx, userRef: 'U1', userName: 'Anna' };

async function setUp(t: TestCore): Promise<void> {
  await handleCommand(t.core, 'opret "Små Partnerskaber 2027" 2027-01-04', ctx);
  await handleCommand(t.core, 'partnerskab "Havet" "Nordsøen Oceanarium" "Børnehaven Bjørnen" <@U1|anna>=kultur <@U2|bo>=dagtilbud', ctx);
  await handleCommand(t.core, 'partnerskab "Herregården" "Herregården Odden" "Børnehaven Mælkebøtten" <@U3|cille>=kultur <@U4|dan>=dagtilbud', ctx);
}

function buttons(reply: CommandReply): { actionId: string; label: string; value: string }[] {
  if (reply.type !== 'message') return [];
  return reply.message.blocks.flatMap((b) => (b.type === 'actions' ? b.buttons : []));
}

describe('consultant commands', () => {
  let t: TestCore;
  beforeEach(async () => {
    t = testCore();
    await setUp(t);
  });

  it('creates a programme with partnerships, members and a planned timeline', () => {
    const [programme] = t.core.repos.programmes.listInWorkspace('slack', 'T1');
    expect(programme?.name).toBe('Små Partnerskaber 2027');
    const partnerships = t.core.repos.partnerships.listForProgramme(programme!.id);
    expect(partnerships.map((p) => p.name)).toEqual(['Havet', 'Herregården']);
    const members = t.core.repos.members.listForProgramme(programme!.id);
    expect(members.map((m) => m.role).sort()).toEqual(['consultant', 'culture_staff', 'culture_staff', 'daycare_staff', 'daycare_staff']);
    expect(t.core.repos.activities.listForProgramme(programme!.id).length).toBeGreaterThan(30);
  });

  it.each([
    ['a mistyped subcommand', 'flyyt midtvejsworkshop 2027-03-15', /kender ikke kommandoen «flyyt».*Mente du «\/tovholder flyt»/],
    ['an impossible date', 'workshop midtvejs 2027-02-31', /«2027-02-31» er ikke en gyldig dato/],
    ['an unknown partnership', 'flyt nysgerrighed Skoven 2027-02-10', /kan ikke finde partnerskabet «Skoven».*Havet, Herregården/],
    ['an unknown activity', 'flyt kaffepause 2027-02-10', /kender ikke aktiviteten «kaffepause»/],
    ['an unknown role', 'medlem Havet <@U9|eva>=kok', /Ukendt rolle «kok»/],
    ['a time that is not a time', 'flyt nysgerrighed Havet 2027-02-10 25:00', /«25:00» er ikke et klokkeslæt/],
    ['a duplicate partnership', 'partnerskab "Havet" "X" "Y"', /findes allerede/],
  ])('answers %s in Danish and changes nothing', async (_what, text, expected) => {
    const before = dbSnapshot(t.core);
    const reply = await handleCommand(t.core, text, ctx);
    expect(reply.type === 'message' && reply.visibility).toBe('ephemeral');
    expect(replyText(reply)).toMatch(expected);
    expect(dbSnapshot(t.core)).toBe(before);
  });

  it('refuses a partner who tries to move a workshop, and changes nothing', async () => {
    const before = dbSnapshot(t.core);
    const reply = await handleCommand(t.core, 'workshop midtvejs 2027-03-15', partnerCtx);
    expect(replyText(reply)).toMatch(/Kun forløbets konsulent kan ændre Små Partnerskaber 2027/);
    expect(dbSnapshot(t.core)).toBe(before);
  });

  it('previews a move, and only a consultant can confirm it; dependents follow and partners are told', async () => {
    const preview = await handleCommand(t.core, 'flyt midtvejsworkshop 2027-03-15', ctx);
    expect(replyText(preview)).toMatch(/\*Havet\*\n• Første udkast: mandag den 1\. marts 2027 → \*mandag den 8\. marts 2027\*\n/);
    const confirm = buttons(preview).find((b) => b.label === 'Flyt')!;
    const before = dbSnapshot(t.core);
    const refused = await handleAction(t.core, { actionId: confirm.actionId, value: confirm.value }, partnerCtx);
    expect(replyText(refused)).toMatch(/Kun forløbets konsulent/);
    expect(dbSnapshot(t.core)).toBe(before);

    const done = await handleAction(t.core, { actionId: confirm.actionId, value: confirm.value }, ctx);
    expect(replyText(done)).toMatch(/^\d+ aktiviteter er flyttet/);
    const programme = t.core.repos.programmes.listInWorkspace('slack', 'T1')[0]!;
    const draft = t.core.repos.activities.listForProgramme(programme.id).find((a) => a.stepKey === 'foerste-udkast')!;
    expect(draft.localDate).toBe('2027-03-08');
    const notices = t.core.repos.deliveries.listForProgramme(programme.id).filter((d) => d.idempotencyKey.startsWith('moved:'));
    // The shared channel (workshop) and each partnership channel (trials) hear once; the draft deadline goes to culture staff by DM.
    expect(notices.map((d) => d.target.type).sort()).toEqual(['member', 'member', 'partnership', 'partnership', 'programme']);
  });

  it('cancelling a move changes nothing', async () => {
    const preview = await handleCommand(t.core, 'flyt midtvejsworkshop 2027-03-15', ctx);
    const cancel = buttons(preview).find((b) => b.label === 'Annullér')!;
    const before = dbSnapshot(t.core);
    expect(replyText(await handleAction(t.core, cancel, ctx))).toBe('Ingen ændringer.');
    expect(dbSnapshot(t.core)).toBe(before);
  });

  it('speaks English to a user who asks for it, Danish to everyone else', async () => {
    await handleCommand(t.core, 'language en', partnerCtx);
    expect(replyText(await handleCommand(t.core, 'plan mine', partnerCtx))).toMatch(/Your next activities[\s\S]*Curiosity/);
    expect(replyText(await handleCommand(t.core, 'plan Havet', ctx))).toMatch(/Plan for Små Partnerskaber 2027 · Havet[\s\S]*Nysgerrighed/);
    expect(replyText(await handleCommand(t.core, 'plan Skoven', partnerCtx))).toMatch(/cannot find the partnership “Skoven”/);
    expect(replyText(await handleCommand(t.core, 'flyt nysgerrighed Havet 2027-02-10', partnerCtx))).toMatch(/Only the programme’s consultant/);
  });

  it('keeps workspaces apart: another workspace sees no programme and cannot confirm a move here', async () => {
    const other = { ...ctx, workspaceId: 'T2' };
    expect(replyText(await handleCommand(t.core, 'plan', other))).toMatch(/Der er intet forløb her endnu/);
    const preview = await handleCommand(t.core, 'flyt midtvejsworkshop 2027-03-15', ctx);
    const confirm = buttons(preview)[0]!;
    const before = dbSnapshot(t.core);
    expect(replyText(await handleAction(t.core, confirm, other))).toMatch(/intet forløb/);
    expect(dbSnapshot(t.core)).toBe(before);
  });

  it('shows help for an empty command and status with counts', async () => {
    expect(replyText(await handleCommand(t.core, '', ctx))).toMatch(/Tovholder – kommandoer/);
    expect(replyText(await handleCommand(t.core, 'status', ctx))).toMatch(/Status for Små Partnerskaber 2027[\s\S]*Påmindelser sendt: 0/);
  });
});
