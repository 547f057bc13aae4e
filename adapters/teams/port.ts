import type { ChatPlatform, CreateChannelRequest, FindSentRequest, InviteRequest, PostRequest, UpdateRequest, UploadRequest } from '../../src/platform/port.ts';
import { toActivity } from './cards.ts';
import { createChannel } from './channels.ts';
import type { Json } from './connector.ts';
import { offerFile } from './files.ts';
import { failIfGone, isGoneFailure, reportGone, reportUnreachableUser } from './gone.ts';
import { baseConversationId, conversationOf, isThreadId, messageRef, parseChannelRef, parseMessageRef, threadConversation } from './refs.ts';
import { checkRoster } from './roster.ts';
import type { Bound, TeamsRuntime } from './runtime.ts';
import { findSent, withSentKey } from './sent.ts';

/**
 * The ChatPlatform port for Teams. Only the outbox dispatcher calls it. Every call is one HTTP request
 * (no SDK retries: the outbox paces, retries and honours Retry-After), failures are the core's typed
 * errors (errors.ts), and a conversation Teams refused is never called again until it writes to us.
 * Every post carries its delivery's key, so findSent can read the conversation back through Graph
 * after a lost answer (sent.ts).
 */
export class TeamsPlatform implements ChatPlatform {
  readonly name = 'teams';

  constructor(private readonly runtime: TeamsRuntime) {}

  async createChannel(request: CreateChannelRequest): Promise<{ channelRef: string; name: string }> {
    return createChannel(this.runtime.get(), request);
  }

  async inviteMembers(request: InviteRequest): Promise<void> {
    const bound = this.runtime.get();
    await this.guard(bound, request.workspaceId, request.channelRef, conversationOf(request.channelRef), () =>
      checkRoster(bound, request, (u) => this.runtime.nameOf(u)),
    );
  }

  async openDirect(request: { workspaceId: string; userRef: string }): Promise<{ channelRef: string }> {
    const { store, connector } = this.runtime.get();
    const known = store.personalConversation(request.workspaceId, request.userRef);
    if (known) {
      failIfGone(this.runtime.get(), known);
      return { channelRef: known };
    }
    try {
      const { id } = await connector.openPersonal(request.workspaceId, request.userRef);
      store.upsertConversation({ tenantId: request.workspaceId, conversationId: id, kind: 'personal', team: null, userId: request.userRef });
      return { channelRef: id };
    } catch (error) {
      if (isGoneFailure(error)) reportUnreachableUser(this.runtime.get(), { workspaceId: request.workspaceId, userRef: request.userRef, error });
      throw error;
    }
  }

  async postMessage(request: PostRequest): Promise<{ messageRef: string }> {
    const bound = this.runtime.get();
    const activity = withSentKey(toActivity(request.message, (u) => this.runtime.nameOf(u)), request.idempotencyKey);
    const target = parseChannelRef(request.channelRef);
    const conversationId = conversationOf(request.channelRef);
    return this.guard(bound, request.workspaceId, request.channelRef, conversationId, async () => {
      if (target.kind === 'thread') return this.postInThread(bound, request, target.channelId, activity);
      const id = target.conversationId;
      // Personal and group chats have no threads; a thread id is already where the post goes.
      if (!isChannel(bound, id) || isThreadId(id)) return this.send(bound, request.workspaceId, id, activity);
      if (request.threadRef) return this.send(bound, request.workspaceId, threadConversation(id, request.threadRef), activity);
      // A post to a channel starts a new thread; its id is what replies in that thread carry.
      const thread = await bound.connector.startThread(request.workspaceId, id, activity);
      return { messageRef: thread.id };
    });
  }

  /** A file consent card in the personal chat; the file goes up when the user allows it (files.ts). */
  async uploadFile(request: UploadRequest): Promise<{ fileRef: string }> {
    const bound = this.runtime.get();
    return this.guard(bound, request.workspaceId, request.channelRef, conversationOf(request.channelRef), () => offerFile(bound, request));
  }

  /** Teams counts a channel and all its threads as one conversation (fallback threads included). */
  paceTarget(channelRef: string): string {
    return conversationOf(channelRef);
  }

  async findSent(request: FindSentRequest): Promise<{ messageRef: string } | null> {
    return findSent(this.runtime.get(), request, { appId: this.runtime.settings.appId, nameOf: (u) => this.runtime.nameOf(u) });
  }

  async updateMessage(request: UpdateRequest): Promise<void> {
    const bound = this.runtime.get();
    const { conversationId, activityId } = parseMessageRef(request.messageRef, conversationOf(request.channelRef));
    failIfGone(bound, baseConversationId(conversationId));
    await bound.connector.update(request.workspaceId, conversationId, activityId, toActivity(request.message, (u) => this.runtime.nameOf(u)));
  }

  async lookupUserByEmail(request: { workspaceId: string; email: string }): Promise<{ userRef: string; displayName: string } | null> {
    const { store } = this.runtime.get();
    let user = store.userBy(request.workspaceId, 'email', request.email);
    if (!user) {
      // Teams has no lookup by e-mail for bots: read the rosters of the teams Tovholder is in.
      for (const team of store.teamsInTenant(request.workspaceId)) {
        const roster = await this.runtime.get().rosters.members(request.workspaceId, team.teamId);
        for (const m of roster) store.upsertUser(request.workspaceId, { id: m.id, name: m.name, aadObjectId: m.aadObjectId, email: m.email ?? m.userPrincipalName });
      }
      user = store.userBy(request.workspaceId, 'email', request.email);
    }
    return user ? { userRef: user.userId, displayName: user.name } : null;
  }

  /** The first post to a fallback "channel" starts its thread; later posts are replies in it. */
  private async postInThread(bound: Bound, request: PostRequest, channelId: string, activity: Json): Promise<{ messageRef: string }> {
    const threadId = bound.store.thread(request.channelRef)?.threadId;
    if (threadId) return this.send(bound, request.workspaceId, threadId, activity);
    const thread = await bound.connector.startThread(request.workspaceId, channelId, activity);
    bound.store.setThreadId(request.channelRef, thread.id);
    return { messageRef: thread.id };
  }

  private async send(bound: Bound, tenantId: string, conversationId: string, activity: Json): Promise<{ messageRef: string }> {
    const { id } = await bound.connector.send(tenantId, conversationId, activity);
    return { messageRef: messageRef(conversationId, id) };
  }

  /** Fails fast for a conversation marked gone; marks (and reports) one the Connector refuses now. */
  private async guard<T>(bound: Bound, workspaceId: string, channelRef: string, conversationId: string, run: () => Promise<T>): Promise<T> {
    failIfGone(bound, conversationId);
    try {
      return await run();
    } catch (error) {
      if (isGoneFailure(error)) reportGone(bound, { workspaceId, channelRef, conversationId, error });
      throw error;
    }
  }
}

/** Channels are known from inbound activities or Graph; ids of unknown ones still tell (`@thread.tacv2`). */
function isChannel(bound: Bound, conversationId: string): boolean {
  const kind = bound.store.conversation(baseConversationId(conversationId))?.kind;
  return kind ? kind === 'channel' : /@thread\.(tacv2|skype)$/.test(baseConversationId(conversationId));
}
