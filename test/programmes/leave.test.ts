import { afterEach, describe, expect, it } from 'vitest';
import { handleAction, handleCommand } from '../../src/commands/router.ts';
import type { CommandReply } from '../../src/commands/types.ts';
import type { InviteRequest } from '../../src/platform/port.ts';
import { replyText } from '../support/core.ts';
import {
  consultant,
  endOf,
  fourPartnerships,
  MINUTE,
  press,
  promptOf,
  sentByKey,
  tickAt,
  tickUntil,
  UploadingFakePlatform,
  write,
  type Person,
  type World,
} from '../evaluations/harness.ts';

/** A platform that can take people out of channels, as Slack's conversations.kick. */
class RemovingFakePlatform extends UploadingFakePlatform {
  async removeMembers(request: InviteRequest): Promise<void> {
    this.calls.push({ method: 'removeMembers', args: request });
    for (const user of request.userRefs) this.channels.get(request.channelRef)?.members.delete(user);
  }
}

let w: World;
afterEach(() => w.core.close());

async function removeConfirmed(line: string): Promise<{ preview: string; done: string }> {
  const reply: CommandReply = await handleCommand(w.core, line, consultant);
  const confirm = reply.type === 'message' ? reply.message.blocks.flatMap((b) => (b.type === 'actions' ? b.buttons : []))[0] : undefined;
  if (!confirm) throw new Error(replyText(reply));
  const done = replyText(await handleAction(w.core, { actionId: confirm.actionId, value: confirm.value }, consultant));
  return { preview: replyText(reply), done };
}

async function exportCsv(): Promise<string[][]> {
  const fake = w.fake as UploadingFakePlatform;
  await handleCommand(w.core, 'eksport', consultant);
  await tickAt(w, new Date(w.clock.now().getTime() + 5_000));
  return fake.uploads.at(-1)!.content.toString('utf8').trimEnd().split('\r\n').slice(1).map((l) => l.split(';'));
}

describe('a member who leaves during an evaluation', () => {
  it('keeps the answers they gave, without a name; their unsent messages, unanswered questions and reminders go', async () => {
    w = await fourPartnerships();
    const [anna, , cille] = w.people as [Person, Person, Person];
    await tickAt(w, new Date(endOf(w, 'nysgerrighed').getTime() + MINUTE));
    await write(w, anna, '4 - fiskene var fantastiske');
    await press(w, cille, sentByKey(w, `eval:${promptOf(w, cille, 'nysgerrighed').id}:q0`), '3');
    // Anna's next question waits in the outbox (a few seconds, for pacing) when she leaves.
    const annaPrompt = promptOf(w, anna, 'nysgerrighed');
    const { done } = await removeConfirmed('fjern <@UC1|Anna>');
    expect(done).toContain('Anna er fjernet fra Havet.');
    expect(done).toContain('1 besked til Anna, der ikke var sendt endnu, er trukket tilbage.');
    await tickAt(w, new Date(w.clock.now().getTime() + 60_000));
    expect(w.fake.sent.filter((m) => m.idempotencyKey === `eval:${annaPrompt.id}:q1`)).toEqual([]);

    // Bo has not answered: leaving withdraws his question, so no one waits for his answer.
    const { preview, done: boDone } = await removeConfirmed('fjern @bo');
    expect(preview).toContain('Ubesvarede evalueringsspørgsmål, der trækkes tilbage:* 1');
    expect(boDone).toContain('1 ubesvaret evalueringsspørgsmål er trukket tilbage; givne svar bliver uden navn.');

    // Results: Anna's answer counts, without her name; neither is listed as missing.
    const view = replyText(await handleCommand(w.core, 'resultater nysgerrighed', consultant));
    expect(view).toContain('2 af 7 har svaret');
    expect(view).toContain('«fiskene var fantastiske»');
    expect(view).not.toMatch(/Anna|Bo\b/);
    expect(view).toMatch(/Mangler svar: (?!.*\bBo\b)/);
    const rows = await exportCsv();
    const fromAnna = rows.find((r) => r[9] === 'fiskene var fantastiske')!;
    expect(fromAnna[4]).toBe('');
    expect(fromAnna[5]).toBe('');
    expect(fromAnna[3]).toBe('Havet');
    expect(rows.map((r) => r[4])).toEqual(expect.arrayContaining(['Cille']));

    // No reminder reaches either of them, and closing updates no message of theirs.
    const closesAt = new Date(w.core.db.prepare("SELECT closes_at FROM evaluation_rounds WHERE step_key = 'nysgerrighed' LIMIT 1").pluck().get() as string);
    await tickUntil(w, new Date(closesAt.getTime() - MINUTE));
    await tickAt(w, new Date(closesAt.getTime() + MINUTE));
    const theirs = (ref: string) => w.fake.sent.filter((m) => m.channelRef === ref && m.idempotencyKey.endsWith(':nudge'));
    expect([...theirs('D-UC1'), ...theirs('D-UD1')]).toEqual([]);
    expect(w.fake.sent.filter((m) => m.idempotencyKey.endsWith(':nudge')).length).toBeGreaterThan(0);
    const updated = w.fake.calls.filter((c) => c.method === 'updateMessage').map((c) => (c.args as { channelRef: string }).channelRef);
    expect(updated).not.toContain('D-UC1');
    expect(updated).toContain(`D-${cille.userRef}`);
    // Nothing in the outbox failed for want of a member.
    expect(w.core.db.prepare("SELECT COUNT(*) FROM deliveries WHERE status = 'failed'").pluck().get()).toBe(0);
  });
});

describe('a member who leaves after an evaluation closed', () => {
  it('still counts in that form\'s response rate, without a name', async () => {
    w = await fourPartnerships();
    const [, , cille] = w.people as [Person, Person, Person];
    await tickAt(w, new Date(endOf(w, 'nysgerrighed').getTime() + MINUTE));
    await press(w, cille, sentByKey(w, `eval:${promptOf(w, cille, 'nysgerrighed').id}:q0`), '3');
    const closesAt = new Date(w.core.db.prepare("SELECT closes_at FROM evaluation_rounds WHERE step_key = 'nysgerrighed' LIMIT 1").pluck().get() as string);
    await tickUntil(w, new Date(closesAt.getTime() + MINUTE));
    const before = replyText(await handleCommand(w.core, 'resultater nysgerrighed', consultant));
    expect(before).toContain('1 af 8 har svaret');
    expect(before).toMatch(/Mangler svar: .*\bBo\b/);

    // Bo never answered the closed form; he leaves. The form was sent to eight people and one answered.
    await removeConfirmed('fjern @bo');
    const after = replyText(await handleCommand(w.core, 'resultater nysgerrighed', consultant));
    expect(after).toContain('1 af 8 har svaret');
    expect(after).not.toMatch(/\bBo\b/);
  });
});

describe('the channels of a member who leaves', () => {
  it('on a platform that can, takes them out of the group\'s channel, and of the programme\'s when they leave it all', async () => {
    w = await fourPartnerships({ fake: new RemovingFakePlatform('slack') });
    const fake = w.fake as RemovingFakePlatform;
    const channelOf = (name: string) => w.core.repos.partnerships.listForProgramme(w.programme.id).find((p) => p.name === name)!.channelRef!;
    const programmeChannel = w.core.repos.programmes.get(w.programme.id)!.channelRef!;
    await handleCommand(w.core, 'medlem "Herregården" <@UC1|Anna>=kultur', consultant);
    await w.core.scheduler.tick();
    expect(fake.channels.get(channelOf('Herregården'))!.members.has('UC1')).toBe(true);

    const first = await removeConfirmed('fjern <@UC1|Anna> Herregården');
    expect(first.done).toContain('Anna tages ud af gruppens kanal.');
    await w.core.scheduler.tick();
    expect(fake.channels.get(channelOf('Herregården'))!.members.has('UC1')).toBe(false);
    expect(fake.channels.get(channelOf('Havet'))!.members.has('UC1')).toBe(true);
    expect(fake.channels.get(programmeChannel)!.members.has('UC1')).toBe(true);

    await removeConfirmed('fjern <@UC1|Anna>');
    await w.core.scheduler.tick();
    expect(fake.channels.get(channelOf('Havet'))!.members.has('UC1')).toBe(false);
    expect(fake.channels.get(programmeChannel)!.members.has('UC1')).toBe(false);
    // Someone added and removed before the outbox ran is never invited, nor welcomed.
    await handleCommand(w.core, 'medlem "Kornet" <@UX1|Xenia>=kultur', consultant);
    await removeConfirmed('fjern <@UX1|Xenia>');
    await w.core.scheduler.tick();
    const toXenia = fake.calls.filter((c) => c.method === 'inviteMembers' && (c.args as InviteRequest).userRefs.includes('UX1'));
    expect(toXenia).toEqual([]);
    expect(w.fake.sent.filter((m) => m.channelRef === 'D-UX1')).toEqual([]);
    expect(w.core.db.prepare("SELECT COUNT(*) FROM deliveries WHERE status = 'failed'").pluck().get()).toBe(0);
    // Quietly: nothing is posted in any channel about it.
    expect(w.fake.sent.filter((m) => m.channelRef.startsWith('C') && /Anna/.test(m.message.text) && m.idempotencyKey.includes('remove'))).toEqual([]);
  });
});
