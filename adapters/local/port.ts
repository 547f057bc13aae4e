import type { Logger } from '../../src/logger.ts';
import { defuseMessage } from '../../src/messages/model.ts';
import { InvalidRequestError, NotFoundError } from '../../src/platform/errors.ts';
import type {
  ChatPlatform,
  CreateChannelRequest,
  FindSentRequest,
  InviteRequest,
  PostRequest,
  UpdateRequest,
  UploadRequest,
} from '../../src/platform/port.ts';
import { BOT_REF, CONSULTANT_REF } from './directory.ts';
import { newRef, type LocalChannel, type LocalStore } from './store.ts';

/** The direct conversation between the bot and one person: one per person, found again by its ref. */
export function directRef(userRef: string): string {
  return `D-${userRef}`;
}

/** "Små Partnerskaber 2027 Havet" → "små-partnerskaber-2027-havet", as Slack names channels. */
export function channelSlug(name: string): string {
  const slug = name
    .toLowerCase()
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}_-]+/gu, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 80);
  return slug || 'kanal';
}

/**
 * The ChatPlatform port over the local store. Only the outbox dispatcher calls it, exactly as it calls
 * Slack or Teams; failures are the port's typed errors, so the outbox treats them the same way.
 */
export class LocalPort implements ChatPlatform {
  readonly name = 'local';

  constructor(
    private readonly store: LocalStore,
    private readonly logger: Logger,
  ) {}

  async createChannel(request: CreateChannelRequest): Promise<{ channelRef: string; name: string }> {
    return this.store.transaction(() => {
      const base = channelSlug(request.name);
      let name = base;
      for (let n = 2; this.store.channelByName(request.workspaceId, name); n += 1) name = `${base}-${n}`;
      const channel = this.store.insertChannel({
        ref: newRef('C'),
        workspaceId: request.workspaceId,
        name,
        kind: 'channel',
        topic: request.topic ?? null,
        purpose: request.purpose ?? null,
      });
      this.store.addMembers(channel.ref, [BOT_REF]);
      return { channelRef: channel.ref, name };
    });
  }

  /** Invites everyone it knows; unknown users fail the delivery afterwards, so the consultant sees it in status. */
  async inviteMembers(request: InviteRequest): Promise<void> {
    const unknown = this.store.transaction(() => {
      this.channelOrFail(request.workspaceId, request.channelRef);
      const known = request.userRefs.filter((ref) => this.store.user(ref));
      this.store.addMembers(request.channelRef, known);
      return request.userRefs.filter((ref) => !known.includes(ref));
    });
    if (unknown.length > 0) throw new NotFoundError(`user_not_found: ${unknown.join(', ')}`);
  }

  async openDirect(request: { workspaceId: string; userRef: string }): Promise<{ channelRef: string }> {
    return { channelRef: this.ensureDirect(request.workspaceId, request.userRef).ref };
  }

  /** Used by the port and by the page (a person's "Tovholder" conversation exists before the bot writes). */
  ensureDirect(workspaceId: string, userRef: string): LocalChannel {
    // The page asks on every poll: answer from a read while the conversation exists.
    const found = this.store.channel(directRef(userRef));
    if (found) return found;
    return this.store.transaction(() => {
      const user = this.store.user(userRef);
      if (!user) throw new NotFoundError(`user_not_found: ${userRef}`);
      const ref = directRef(userRef);
      const existing = this.store.channel(ref);
      if (existing) return existing;
      const channel = this.store.insertChannel({ ref, workspaceId, name: `dm-${user.handle}`, kind: 'direct', topic: null, purpose: null });
      this.store.addMembers(ref, [BOT_REF, userRef]);
      return channel;
    });
  }

  async postMessage(request: PostRequest): Promise<{ messageRef: string }> {
    return this.store.transaction(() => {
      this.channelOrFail(request.workspaceId, request.channelRef);
      if (request.threadRef && !this.store.message(request.threadRef)) throw new NotFoundError(`thread_not_found: ${request.threadRef}`);
      // Users' names and answers are shown as written, never as formatting (defuseMessage).
      const message = defuseMessage(request.message);
      const stored = this.store.insertMessage({
        channelRef: request.channelRef,
        authorRef: BOT_REF,
        text: message.text,
        blocks: message.blocks,
        threadRef: request.threadRef ?? null,
        idempotencyKey: request.idempotencyKey,
      });
      return { messageRef: stored.ref };
    });
  }

  async updateMessage(request: UpdateRequest): Promise<void> {
    const message = this.store.message(request.messageRef);
    if (!message || message.channelRef !== request.channelRef) throw new NotFoundError(`message_not_found: ${request.messageRef}`);
    if (message.authorRef !== BOT_REF) throw new InvalidRequestError('cant_update_message: not written by the bot');
    const { text, blocks } = defuseMessage(request.message);
    this.store.updateMessage(request.messageRef, { text, blocks });
  }

  async findSent(request: FindSentRequest): Promise<{ messageRef: string } | null> {
    const found = this.store.findByKey(request.channelRef, request.idempotencyKey, request.since);
    return found ? { messageRef: found.ref } : null;
  }

  async lookupUserByEmail(request: { workspaceId: string; email: string }): Promise<{ userRef: string; displayName: string } | null> {
    const user = this.store.userByEmail(request.email);
    return user && !user.isBot ? { userRef: user.ref, displayName: user.name } : null;
  }

  /** The local workspace's administrator is its consultant (Mette), as the demo's owner. */
  async isWorkspaceAdmin(request: { workspaceId: string; userRef: string }): Promise<boolean> {
    return request.userRef === CONSULTANT_REF;
  }

  async uploadFile(request: UploadRequest): Promise<{ fileRef: string }> {
    return this.store.transaction(() => {
      this.channelOrFail(request.workspaceId, request.channelRef);
      const fileRef = this.store.insertFile({ channelRef: request.channelRef, filename: request.filename, title: request.title, content: request.content });
      this.store.insertMessage({ channelRef: request.channelRef, authorRef: BOT_REF, text: request.comment ?? request.title, fileRef });
      this.logger.debug({ fileRef, channel: request.channelRef }, 'file shared');
      return { fileRef };
    });
  }

  private channelOrFail(workspaceId: string, channelRef: string): LocalChannel {
    const channel = this.store.channel(channelRef);
    if (!channel || channel.workspaceId !== workspaceId) throw new NotFoundError(`channel_not_found: ${channelRef}`);
    return channel;
  }
}
