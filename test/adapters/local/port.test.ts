import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BOT_REF, GENERAL_CHANNEL, WORKSPACE_ID } from '../../../adapters/local/directory.ts';
import { channelSlug, directRef, LocalPort } from '../../../adapters/local/port.ts';
import { LocalStore } from '../../../adapters/local/store.ts';
import { ManualClock } from '../../../src/clock.ts';
import { silentLogger } from '../../../src/logger.ts';
import { plainMessage } from '../../../src/messages/model.ts';
import { InvalidRequestError, NotFoundError } from '../../../src/platform/errors.ts';

const ws = WORKSPACE_ID;

describe('the local port', () => {
  let clock: ManualClock;
  let store: LocalStore;
  let port: LocalPort;

  beforeEach(() => {
    clock = new ManualClock('2027-01-04T08:00:00Z');
    store = new LocalStore(new Database(':memory:'), clock);
    port = new LocalPort(store, silentLogger());
  });
  afterEach(() => store.close());

  it('creates channels with Slack-like names, unique per workspace, with the bot in them', async () => {
    const first = await port.createChannel({ workspaceId: ws, name: 'Små Partnerskaber 2027 Havet', topic: 'Nordsøen Oceanarium + Børnehaven Bjørnen' });
    const second = await port.createChannel({ workspaceId: ws, name: 'Små Partnerskaber 2027 Havet' });
    expect(first.name).toBe('små-partnerskaber-2027-havet');
    expect(second.name).toBe('små-partnerskaber-2027-havet-2');
    expect(first.channelRef).not.toBe(second.channelRef);
    expect(store.channel(first.channelRef)).toMatchObject({ kind: 'channel', topic: 'Nordsøen Oceanarium + Børnehaven Bjørnen' });
    expect(store.members(first.channelRef)).toEqual([BOT_REF]);
    expect(channelSlug('  «Kornets Hus» / Troldeskoven!  ')).toBe('kornets-hus-troldeskoven');
  });

  it('invites the people it knows, twice without harm, and reports the ones it does not', async () => {
    const { channelRef } = await port.createChannel({ workspaceId: ws, name: 'Havet' });
    await port.inviteMembers({ workspaceId: ws, channelRef, userRefs: ['U-anders', 'U-sofie'] });
    await port.inviteMembers({ workspaceId: ws, channelRef, userRefs: ['U-sofie'] });
    expect(store.members(channelRef)).toEqual([BOT_REF, 'U-anders', 'U-sofie']);

    await expect(port.inviteMembers({ workspaceId: ws, channelRef, userRefs: ['U-mette', 'U-nobody'] })).rejects.toThrow(NotFoundError);
    expect(store.members(channelRef)).toContain('U-mette');
    await expect(port.inviteMembers({ workspaceId: ws, channelRef: 'C-missing', userRefs: ['U-mette'] })).rejects.toThrow(/channel_not_found/);
    await expect(port.inviteMembers({ workspaceId: 'other', channelRef, userRefs: ['U-mette'] })).rejects.toThrow(NotFoundError);
  });

  it('opens one direct conversation per person and finds it again', async () => {
    const a = await port.openDirect({ workspaceId: ws, userRef: 'U-sofie' });
    const b = await port.openDirect({ workspaceId: ws, userRef: 'U-sofie' });
    expect(a.channelRef).toBe(directRef('U-sofie'));
    expect(b).toEqual(a);
    expect(store.channel(a.channelRef)?.kind).toBe('direct');
    expect(store.members(a.channelRef)).toEqual([BOT_REF, 'U-sofie']);
    expect(store.channelsOf('U-sofie').map((c) => c.ref)).toEqual([GENERAL_CHANNEL, a.channelRef]);
    expect(store.channelsOf('U-anders').map((c) => c.ref)).not.toContain(a.channelRef);
    await expect(port.openDirect({ workspaceId: ws, userRef: 'U-nobody' })).rejects.toThrow(NotFoundError);
  });

  it('posts messages with their blocks and finds a post again by its idempotency key (findSent)', async () => {
    const { channelRef } = await port.createChannel({ workspaceId: ws, name: 'Havet' });
    const since = clock.now();
    const { messageRef } = await port.postMessage({ workspaceId: ws, channelRef, message: plainMessage('Påmindelse: *Nysgerrighed*'), idempotencyKey: 'reminder:1:p' });
    expect(store.message(messageRef)).toMatchObject({ authorRef: BOT_REF, text: 'Påmindelse: *Nysgerrighed*', visibleTo: null });
    expect(store.message(messageRef)?.blocks).toEqual([{ type: 'section', text: 'Påmindelse: *Nysgerrighed*' }]);

    expect(await port.findSent({ workspaceId: ws, channelRef, idempotencyKey: 'reminder:1:p', since })).toEqual({ messageRef });
    expect(await port.findSent({ workspaceId: ws, channelRef, idempotencyKey: 'reminder:2:p', since })).toBeNull();
    expect(await port.findSent({ workspaceId: ws, channelRef: GENERAL_CHANNEL, idempotencyKey: 'reminder:1:p', since })).toBeNull();
    // Only messages since the first attempt count.
    expect(await port.findSent({ workspaceId: ws, channelRef, idempotencyKey: 'reminder:1:p', since: new Date(since.getTime() + 1) })).toBeNull();
    await expect(port.postMessage({ workspaceId: ws, channelRef: 'C-gone', message: plainMessage('x'), idempotencyKey: 'k' })).rejects.toThrow(NotFoundError);
  });

  it('posts thread replies and updates its own messages', async () => {
    const { channelRef } = await port.createChannel({ workspaceId: ws, name: 'Havet' });
    const parent = await port.postMessage({ workspaceId: ws, channelRef, message: plainMessage('Spørgsmål'), idempotencyKey: 'q' });
    const reply = await port.postMessage({ workspaceId: ws, channelRef, message: plainMessage('Svar'), idempotencyKey: 'r', threadRef: parent.messageRef });
    expect(store.message(reply.messageRef)?.threadRef).toBe(parent.messageRef);
    await expect(port.postMessage({ workspaceId: ws, channelRef, message: plainMessage('x'), idempotencyKey: 'x', threadRef: 'M-none' })).rejects.toThrow(NotFoundError);

    clock.advance(60_000);
    await port.updateMessage({ workspaceId: ws, channelRef, messageRef: parent.messageRef, message: plainMessage('Lukket') });
    expect(store.message(parent.messageRef)).toMatchObject({ text: 'Lukket', editedAt: '2027-01-04T08:01:00.000Z' });
    await expect(port.updateMessage({ workspaceId: ws, channelRef, messageRef: 'M-none', message: plainMessage('x') })).rejects.toThrow(NotFoundError);
    const human = store.insertMessage({ channelRef, authorRef: 'U-sofie', text: 'hej' });
    await expect(port.updateMessage({ workspaceId: ws, channelRef, messageRef: human.ref, message: plainMessage('x') })).rejects.toThrow(InvalidRequestError);
  });

  it('looks people up by e-mail, never the bot', async () => {
    expect(await port.lookupUserByEmail({ workspaceId: ws, email: 'Sofie@Hjoerring.example ' })).toEqual({ userRef: 'U-sofie', displayName: 'Sofie Nørgaard' });
    expect(await port.lookupUserByEmail({ workspaceId: ws, email: 'nobody@hjoerring.example' })).toBeNull();
  });

  it('shares files with a message that links them', async () => {
    const { channelRef } = await port.createChannel({ workspaceId: ws, name: 'Havet' });
    const { fileRef } = await port.uploadFile({ workspaceId: ws, channelRef, filename: 'evaluering.csv', title: 'Evaluering', content: Buffer.from('a;b\n1;2\n'), comment: 'Her er eksporten' });
    expect(store.file(fileRef)).toMatchObject({ filename: 'evaluering.csv', channelRef });
    expect(store.file(fileRef)?.content.toString()).toBe('a;b\n1;2\n');
    const [message] = store.messagesFor(channelRef, 'U-mette');
    expect(message).toMatchObject({ fileRef, text: 'Her er eksporten', authorRef: BOT_REF });
  });

  it('shows an ephemeral message only to its reader', () => {
    store.insertMessage({ channelRef: GENERAL_CHANNEL, authorRef: BOT_REF, text: 'til alle' });
    store.insertMessage({ channelRef: GENERAL_CHANNEL, authorRef: BOT_REF, text: 'kun til Mette', visibleTo: 'U-mette' });
    expect(store.messagesFor(GENERAL_CHANNEL, 'U-mette').map((m) => m.text)).toEqual(['til alle', 'kun til Mette']);
    expect(store.messagesFor(GENERAL_CHANNEL, 'U-sofie').map((m) => m.text)).toEqual(['til alle']);
    expect(store.lastSeqFor('U-sofie').get(GENERAL_CHANNEL)).toBe(store.messagesFor(GENERAL_CHANNEL, 'U-sofie')[0]!.seq);
  });

  it('seeds its people and #generelt once, however often it starts', () => {
    const again = new LocalStore(store.db, clock);
    expect(again.users().filter((u) => !u.isBot)).toHaveLength(9);
    expect(again.members(GENERAL_CHANNEL)).toHaveLength(10);
    expect(again.user('U-mette')).toMatchObject({ name: 'Mette Kjær Andersen', email: 'mette@hjoerring.example' });
  });
});
