import type { Clock } from '../../src/clock.ts';
import type { ChatPlatform, CreateChannelRequest, FindSentRequest, InviteRequest, PostRequest, UpdateRequest, UploadRequest } from '../../src/platform/port.ts';
import { AuthError, TransientError } from '../../src/platform/errors.ts';
import { toSlackMessage } from './blocks.ts';
import { createChannel, inviteMembers, removeMembers, type ChannelDeps } from './channels.ts';
import type { SlackClients, WebClient } from './clients.ts';
import { mapSlackError, revokedTokenCode, slackCall, slackErrorCode } from './errors.ts';
import type { Installation, SlackInstallations } from './installations.ts';
import { RateGate } from './rate-gate.ts';

/** The metadata event type every Tovholder post carries; its payload holds the delivery's key. */
export const DELIVERY_EVENT_TYPE = 'tovholder_delivery';
/** Clocks differ between us and Slack: search a little further back than the first attempt. */
const FIND_SENT_SLACK_MS = 60_000;

export interface SlackPortDeps {
  clients: SlackClients;
  /** Available once the adapter is attached to the core (the table lives in the core's database). */
  installations(): SlackInstallations | null;
  isChannelInUse(workspaceId: string, channelRef: string): boolean;
  /** The bot's clock: Retry-After waits are measured on it, like every other wait of the outbox. */
  clock: Clock;
}

interface Found {
  client: WebClient;
  installation: Installation;
}

interface HistoryMessage {
  ts?: string;
  metadata?: { event_type?: string; event_payload?: { key?: unknown } };
}

/**
 * The core's ChatPlatform over the Slack Web API. Only the outbox dispatcher calls it; every failure
 * leaves here as one of the core's typed errors (see errors.ts), and nothing is retried here.
 *
 * A workspace that removed the app fails every call at once (TargetGoneError naming why, from
 * installations.require), without a request with its dead token. A call answered token_revoked,
 * account_inactive or invalid_auth marks the installation removed the same way, so that one
 * delivery fails (AuthError: not retried) and the workspace's next ones fail without a call.
 */
export class SlackPort implements ChatPlatform {
  readonly name = 'slack';
  private readonly gate: RateGate;

  constructor(private readonly deps: SlackPortDeps) {
    this.gate = new RateGate(() => deps.clock.now().getTime());
  }

  async createChannel(request: CreateChannelRequest): Promise<{ channelRef: string; name: string }> {
    return this.withClient(request.workspaceId, (found) => createChannel(this.channelDeps(found), request));
  }

  async inviteMembers(request: InviteRequest): Promise<void> {
    return this.withClient(request.workspaceId, (found) => inviteMembers(this.channelDeps(found), request));
  }

  async removeMembers(request: InviteRequest): Promise<void> {
    return this.withClient(request.workspaceId, (found) => removeMembers(this.channelDeps(found), request));
  }

  async openDirect(request: { workspaceId: string; userRef: string }): Promise<{ channelRef: string }> {
    return this.withClient(request.workspaceId, ({ client }) => this.open(client, request));
  }

  private async open(client: WebClient, request: { workspaceId: string; userRef: string }): Promise<{ channelRef: string }> {
    const opened = await this.gate.run(request.workspaceId, 'conversations.open', () =>
      slackCall('conversations.open', () => client.conversations.open({ users: request.userRef })),
    );
    const id = opened.channel?.id;
    if (!id) throw new TransientError('conversations.open answered without a channel');
    return { channelRef: id };
  }

  async postMessage(request: PostRequest): Promise<{ messageRef: string }> {
    return this.withClient(request.workspaceId, ({ client }) => this.post(client, request));
  }

  private async post(client: WebClient, request: PostRequest): Promise<{ messageRef: string }> {
    const rendered = toSlackMessage(request.message);
    const posted = await slackCall('chat.postMessage', () =>
      client.chat.postMessage({
        channel: request.channelRef,
        text: rendered.text,
        blocks: rendered.blocks as never,
        metadata: { event_type: DELIVERY_EVENT_TYPE, event_payload: { key: request.idempotencyKey } },
        unfurl_links: false,
        unfurl_media: false,
        // An empty thread_ts is invalid_thread_ts: leave it out unless there is a thread.
        ...(request.threadRef ? { thread_ts: request.threadRef } : {}),
      }),
    );
    if (!posted.ts) throw new TransientError('chat.postMessage answered without a ts');
    return { messageRef: posted.ts };
  }

  async updateMessage(request: UpdateRequest): Promise<void> {
    const rendered = toSlackMessage(request.message);
    await this.withClient(request.workspaceId, ({ client }) =>
      slackCall('chat.update', () =>
        client.chat.update({ channel: request.channelRef, ts: request.messageRef, text: rendered.text, blocks: rendered.blocks as never }),
      ),
    );
  }

  async lookupUserByEmail(request: { workspaceId: string; email: string }): Promise<{ userRef: string; displayName: string } | null> {
    return this.withClient(request.workspaceId, ({ client }) => this.lookup(client, request));
  }

  private lookup(client: WebClient, request: { workspaceId: string; email: string }): Promise<{ userRef: string; displayName: string } | null> {
    return this.gate.run(request.workspaceId, 'users.lookupByEmail', async () => {
      try {
        const user = (await client.users.lookupByEmail({ email: request.email })).user;
        if (!user?.id) return null;
        return { userRef: user.id, displayName: user.profile?.display_name || user.real_name || user.name || request.email };
      } catch (error) {
        if (slackErrorCode(error) === 'users_not_found') return null;
        throw mapSlackError(error, 'users.lookupByEmail');
      }
    });
  }

  /** Workspace admins and owners may create programmes (users.info, with the quick interactive client). */
  async isWorkspaceAdmin(request: { workspaceId: string; userRef: string }): Promise<boolean> {
    return this.withClient(request.workspaceId, async ({ installation }) => {
      const client = this.deps.clients.get(installation.botToken, 'interactive');
      const { user } = await this.gate.run(request.workspaceId, 'users.info', () => slackCall('users.info', () => client.users.info({ user: request.userRef })));
      return !!(user?.is_admin || user?.is_owner || user?.is_primary_owner);
    });
  }

  async uploadFile(request: UploadRequest): Promise<{ fileRef: string }> {
    return this.withClient(request.workspaceId, ({ client }) => this.upload(client, request));
  }

  private async upload(client: WebClient, request: UploadRequest): Promise<{ fileRef: string }> {
    const uploaded = (await slackCall('files.uploadV2', () =>
      client.filesUploadV2({
        channel_id: request.channelRef,
        file: request.content,
        filename: request.filename,
        title: request.title,
        ...(request.comment ? { initial_comment: request.comment } : {}),
      }),
    )) as { files?: { files?: { id?: string }[] }[] };
    const id = uploaded.files?.[0]?.files?.[0]?.id;
    if (!id) throw new TransientError('files.uploadV2 answered without a file id');
    return { fileRef: id };
  }

  /** Looks for our metadata (the delivery's key) in the channel's history since the first attempt. */
  async findSent(request: FindSentRequest): Promise<{ messageRef: string } | null> {
    return this.withClient(request.workspaceId, ({ client }) => this.find(client, request));
  }

  private async find(client: WebClient, request: FindSentRequest): Promise<{ messageRef: string } | null> {
    const oldest = ((request.since.getTime() - FIND_SENT_SLACK_MS) / 1000).toFixed(6);
    let cursor: string | undefined;
    do {
      const page = await slackCall('conversations.history', () =>
        client.conversations.history({ channel: request.channelRef, oldest, include_all_metadata: true, limit: 200, ...(cursor ? { cursor } : {}) }),
      );
      const found = (page.messages as HistoryMessage[] | undefined)?.find(
        (m) => m.metadata?.event_type === DELIVERY_EVENT_TYPE && m.metadata.event_payload?.key === request.idempotencyKey,
      );
      if (found?.ts) return { messageRef: found.ts };
      cursor = page.response_metadata?.next_cursor || undefined;
    } while (cursor);
    return null;
  }

  /**
   * Runs `call` with the workspace's client. If Slack answers that the token is dead, the installation
   * is marked removed (unless it was installed again meanwhile) and the failure says so.
   */
  private async withClient<T>(workspaceId: string, call: (found: Found) => Promise<T>): Promise<T> {
    const installations = this.deps.installations();
    if (!installations) throw new TransientError('the Slack adapter is not attached to the core yet');
    const installation = await installations.require(workspaceId);
    try {
      return await call({ client: this.deps.clients.get(installation.botToken), installation });
    } catch (error) {
      if (!revokedTokenCode(error)) throw error;
      const failure = mapSlackError(error);
      installations.revoke(installation.teamId, `Slack answered ${failure.message}`, { token: installation.botToken });
      const where = installation.teamName ? `${installation.teamName} (${installation.teamId})` : installation.teamId;
      throw new AuthError(`${failure.message}: Slack no longer accepts Tovholder's token for the workspace ${where}; nothing more is sent there until Tovholder is installed again`, failure.cause);
    }
  }

  private channelDeps({ client, installation }: Found): ChannelDeps {
    return { client, installation, isChannelInUse: (ws, ref) => this.deps.isChannelInUse(ws, ref) };
  }
}
