import type { RichMessage } from '../messages/model.ts';

/**
 * The port between the core and a chat platform. The core owns it; adapters implement it.
 * Every call is made by the outbox dispatcher, never directly by a command, so pacing, retries and
 * crash recovery apply to all of them. References (workspaceId, channelRef, userRef, messageRef) are
 * opaque strings that only the adapter interprets (a Teams channelRef carries the serviceUrl too).
 */
export interface ChatPlatform {
  /** The platform's name as stored on programmes and deliveries ("slack", "teams", "local"). */
  readonly name: string;

  createChannel(request: CreateChannelRequest): Promise<{ channelRef: string; name: string }>;
  inviteMembers(request: InviteRequest): Promise<void>;
  /** Opens (or finds) the direct conversation with a user. */
  openDirect(request: { workspaceId: string; userRef: string }): Promise<{ channelRef: string }>;
  postMessage(request: PostRequest): Promise<{ messageRef: string }>;

  /** Optional: replace a message's content (e.g. to close an evaluation's buttons). */
  updateMessage?(request: UpdateRequest): Promise<void>;
  /** Optional: take users out of a channel (a member who leaves the group); already out is fine. */
  removeMembers?(request: InviteRequest): Promise<void>;
  /** Optional: resolve an e-mail address to a user. */
  lookupUserByEmail?(request: { workspaceId: string; email: string }): Promise<{ userRef: string; displayName: string } | null>;
  /** Optional: whether the user administers the workspace (Slack: admin or owner); they may create programmes. */
  isWorkspaceAdmin?(request: { workspaceId: string; userRef: string }): Promise<boolean>;
  /** Optional: share a file (an evaluation export) in a conversation. */
  uploadFile?(request: UploadRequest): Promise<{ fileRef: string }>;
  /**
   * Optional: after a crash, find out whether a message with this idempotency key was already posted
   * (Slack: message metadata in conversations.history). Returning null means "certainly not sent".
   */
  findSent?(request: FindSentRequest): Promise<{ messageRef: string } | null>;
  /**
   * Optional: the target the platform counts rate limits for, when several channelRefs share one
   * (Teams: a channel and all its threads). Pacing and Retry-After then apply to it as a whole.
   */
  paceTarget?(channelRef: string): string;
}

export interface CreateChannelRequest {
  workspaceId: string;
  name: string;
  topic?: string;
  purpose?: string;
  /**
   * What the channel is for. An adapter that places channels per programme needs it (Teams creates
   * them in the team where the programme was set up, and tells that programme's consultants).
   */
  owner?: { programmeId: string; type: 'programme' | 'partnership'; id: string };
  /**
   * Set when an earlier attempt may have created the channel already (its process was killed, or the
   * answer was lost): when that attempt began. The adapter adopts a channel it finds that this bot
   * created since then under one of the names it would try, rather than making a second one.
   */
  earlierAttemptSince?: Date;
}

export interface InviteRequest {
  workspaceId: string;
  channelRef: string;
  userRefs: string[];
}

export interface PostRequest {
  workspaceId: string;
  channelRef: string;
  message: RichMessage;
  /** Stored with the message where the platform allows, so findSent can recognise it. */
  idempotencyKey: string;
  threadRef?: string;
}

export interface UpdateRequest {
  workspaceId: string;
  channelRef: string;
  messageRef: string;
  message: RichMessage;
}

export interface FindSentRequest {
  workspaceId: string;
  channelRef: string;
  idempotencyKey: string;
  /** The first attempt's time: nothing older needs to be searched. */
  since: Date;
  /** What was posted, for a platform that can only recognise some messages by their content. */
  message?: RichMessage;
  /** The thread the post went to, if any. */
  threadRef?: string;
}

export interface UploadRequest {
  workspaceId: string;
  channelRef: string;
  filename: string;
  title: string;
  /** The file's bytes (e.g. a UTF-8 CSV with BOM). */
  content: Buffer;
  /** A message to go with the file. */
  comment?: string;
  /** The delivery's key: one offer per delivery where the platform keeps the file until it is accepted. */
  idempotencyKey?: string;
}
