import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { handleAction, handleCommand } from '../../src/commands/router.ts';
import type { CommandReply } from '../../src/commands/types.ts';
import type { Button } from '../../src/messages/model.ts';
import { dbSnapshot, replyText } from '../support/core.ts';
import { twoPartnerships } from '../actions/harness.ts';
import { consultant, ctxOf, type Person, type World } from '../evaluations/harness.ts';

let w: World;
let anna: Person;

function buttons(reply: CommandReply): Button[] {
  if (reply.type !== 'message') throw new Error('no message');
  return reply.message.blocks.flatMap((b) => (b.type === 'actions' ? b.buttons : []));
}

async function preview(line: string): Promise<{ text: string; confirm: Button; cancel: Button }> {
  const reply = await handleCommand(w.core, line, consultant);
  const [confirm, cancel] = buttons(reply);
  if (!confirm || !cancel) throw new Error(`no buttons: ${replyText(reply)}`);
  return { text: replyText(reply), confirm, cancel };
}

async function click(button: Button, ctx = consultant): Promise<string> {
  return replyText(await handleAction(w.core, { actionId: button.actionId, value: button.value }, ctx));
}

function membershipsOf(userRef: string): string[] {
  return (w.core.db.prepare('SELECT p.name FROM members m LEFT JOIN partnerships p ON p.id = m.partnership_id WHERE m.user_ref = ? ORDER BY p.name').pluck().all(userRef) as string[]);
}

beforeEach(async () => {
  w = await twoPartnerships();
  [anna] = w.people as [Person];
  // Anna is in Herregården too.
  await handleCommand(w.core, 'medlem "Herregården" <@UC1|Anna>=kultur', consultant);
});
afterEach(() => w.core.close());

describe('fjern: the consultant takes a person out', () => {
  it('previews every membership, the actions that lose their owner, and changes nothing until confirmed', async () => {
    await handleCommand(w.core, 'handling <@UC1|Anna> "Send udkast til skolerne" 2027-02-01', consultant);
    const before = dbSnapshot(w.core);
    const { text, confirm, cancel } = await preview('fjern <@UC1|Anna>');
    expect(text).toContain('Fjern Anna fra Små Partnerskaber 2027?');
    expect(text).toContain('Medlemskaber, der ophører:*\n• Havet\n• Herregården');
    expect(text).toContain('Åbne handlinger, der bliver uden ejer (1):*\n• Send udkast til skolerne (frist mandag 1. februar 2027)');
    expect(text).toContain('Svar, Anna allerede har givet, bliver i resultaterne uden navn. Gruppens kanal får ingen besked.');
    expect(confirm.label).toBe('Fjern');
    expect(dbSnapshot(w.core)).toBe(before);
    expect(await click(cancel)).toBe('Intet er ændret.');
    expect(dbSnapshot(w.core)).toBe(before);

    const done = await click(confirm);
    expect(done).toContain('Anna er fjernet fra Havet og Herregården.');
    expect(done).toContain('1 åben handling er nu uden ejer – se `/tovholder handlinger`.');
    // This platform cannot take people out of channels: the consultant is told it is theirs to do.
    expect(done).toContain('Kanalmedlemskabet i Slack ændrer du selv.');
    expect(membershipsOf('UC1')).toEqual([]);
    expect(await handleCommand(w.core, 'handlinger', consultant).then(replyText)).toContain('Send udkast til skolerne – uden ejer (Anna)');
    // A second click changes nothing more.
    expect(await click(confirm)).toBe('Anna er allerede fjernet. Intet er ændret.');
  });

  it('with a group, only that membership ends; the group\'s channel is not told', async () => {
    const { text, confirm } = await preview('fjern <@UC1|Anna> "Herregården"');
    expect(text).toContain('• Herregården');
    expect(text).not.toContain('• Havet');
    const posts = w.fake.sent.length;
    expect(await click(confirm)).toContain('Anna er fjernet fra Herregården.');
    expect(membershipsOf('UC1')).toEqual(['Havet']);
    await w.core.scheduler.tick();
    expect(w.fake.sent.length).toBe(posts);
  });

  it('finds the person by name or e-mail too, as English `remove`', async () => {
    await handleCommand(w.core, 'medlem "Havet" eva@kommune.dk=kultur', consultant);
    expect((await preview('fjern @bo')).text).toContain('Fjern Bo fra');
    expect((await preview('fjern "Dan" Herregården')).text).toContain('• Herregården');
    const { confirm } = await preview('remove eva@kommune.dk');
    expect(await click(confirm)).toContain('eva@kommune.dk er fjernet fra Havet.');
    await handleCommand(w.core, 'sprog en', consultant);
    expect((await preview('remove @bo')).text).toContain('Remove Bo from Små Partnerskaber 2027?');
  });

  it('refuses an unknown person, a group they are not in, the consultant themself and a partner, changing nothing', async () => {
    const before = dbSnapshot(w.core);
    const say = async (line: string, ctx = consultant) => replyText(await handleCommand(w.core, line, ctx));
    expect(await say('fjern <@UX9|Xenia>')).toBe('Xenia er ikke med i forløbet «Små Partnerskaber 2027». Intet er ændret.');
    expect(await say('fjern @zorro')).toBe('@zorro er ikke med i forløbet «Små Partnerskaber 2027». Intet er ændret.');
    expect(await say('fjern <@UD1|Bo> "Herregården"')).toBe('Bo er ikke med i gruppen «Herregården» (men i Havet). Intet er ændret.');
    expect(await say('fjern <@UD1|Bo> "Månen"')).toMatch(/Jeg kan ikke finde partnerskabet «Månen»/);
    expect(await say('fjern <@U0|Karin>')).toBe('Du kan ikke fjerne dig selv fra forløbet. Bed en anden konsulent om det. Intet er ændret.');
    expect(await say('fjern <@UD1|Bo>', ctxOf(anna))).toMatch(/^Kun forløbets konsulent kan ændre/);
    expect(await say('fjern')).toMatch(/^Sådan bruges den: \/tovholder fjern @anna/);
    expect(dbSnapshot(w.core)).toBe(before);
  });

  it('a confirm button pressed by someone who is not the consultant changes nothing', async () => {
    const { confirm } = await preview('fjern <@UD1|Bo>');
    const before = dbSnapshot(w.core);
    expect(await click(confirm, ctxOf(anna))).toMatch(/^Kun forløbets konsulent kan ændre/);
    expect(dbSnapshot(w.core)).toBe(before);
  });
});
