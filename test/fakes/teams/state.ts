/**
 * The fake Teams tenant's data: users, teams with channels, conversations (1:1, channel,
 * channel threads), the messages the bot posted, and every recorded HTTP call.
 */
import { randomBytes, randomUUID } from 'node:crypto';

export type Json = Record<string, unknown>;

/** A member as the Bot Connector returns it (TeamsChannelAccount). */
export interface FakeUser {
  id: string;
  name: string;
  aadObjectId: string;
  email: string;
  userPrincipalName: string;
  givenName: string;
  surname: string;
  tenantId: string;
  userRole: 'user' | 'guest';
}

export interface FakeChannel {
  id: string;
  displayName: string;
  description?: string;
  membershipType: 'standard' | 'private';
  createdDateTime: string;
}

export interface FakeTeam {
  /** The Bot Framework team id (`19:...@thread.tacv2`, equal to the General channel's id). */
  id: string;
  /** The Microsoft 365 group id: the team id Graph uses. */
  aadGroupId: string;
  name: string;
  memberIds: string[];
  channels: FakeChannel[];
  botInstalled: boolean;
  /** Whether the app may create channels through Graph (Channel.Create.Group RSC granted). */
  graphChannelCreate: boolean;
  /** Whether the app may read the team's channel messages (ChannelMessage.Read.Group RSC granted). */
  channelMessageRead: boolean;
}

export interface FakeConversation {
  id: string;
  conversationType: 'personal' | 'channel';
  tenantId: string;
  teamId?: string;
  channelId?: string;
  /** For a thread: the channel conversation it belongs to. */
  parentId?: string;
  /** For a personal chat: the user. */
  userId?: string;
  uninstalled: boolean;
}

export interface StoredMessage {
  id: string;
  conversationId: string;
  replyToId?: string;
  activity: Json;
  createdAt: number;
  updatedAt?: number;
  /** Earlier versions, oldest first, when the bot updated the message. */
  history: Json[];
}

export interface RecordedCall {
  time: number;
  service: 'openid' | 'token' | 'connector' | 'graph' | 'onedrive' | 'unknown';
  method: string;
  path: string;
  conversationId?: string;
  status: number;
  /** The parsed request body. */
  body?: unknown;
  /** The response body sent. */
  response?: unknown;
  auth: 'none' | 'valid' | 'invalid';
}

function hex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

export function newThreadId(): string {
  return `19:${hex(16)}@thread.tacv2`;
}

export class FakeTeamsState {
  readonly users = new Map<string, FakeUser>();
  readonly teams = new Map<string, FakeTeam>();
  readonly conversations = new Map<string, FakeConversation>();
  readonly messages: StoredMessage[] = [];
  readonly calls: RecordedCall[] = [];
  private lastActivityId = 0;
  /** Whether the tenant granted the app Chat.Read.WhereInstalled (reading its 1:1 chats through Graph). */
  chatRead = false;
  /** When a message is stored (Graph's createdDateTime): a test on a manual clock sets its clock here. */
  now: () => number = Date.now;

  constructor(readonly tenantId: string) {}

  addUser(input: { name: string; email?: string; givenName?: string; surname?: string; userRole?: 'user' | 'guest'; aadObjectId?: string; id?: string }): FakeUser {
    const [first = input.name, ...rest] = input.name.split(' ');
    const email = input.email ?? `${input.name.toLowerCase().replace(/[^a-z0-9]+/g, '.')}@example.dk`;
    const user: FakeUser = {
      id: input.id ?? `29:1${randomBytes(30).toString('base64url')}`,
      name: input.name,
      aadObjectId: input.aadObjectId ?? randomUUID(),
      email,
      userPrincipalName: email,
      givenName: input.givenName ?? first,
      surname: input.surname ?? rest.join(' '),
      tenantId: this.tenantId,
      userRole: input.userRole ?? 'user',
    };
    this.users.set(user.id, user);
    return user;
  }

  /** A user by Bot Framework id (`29:...`) or AAD object id. */
  findUser(idOrAadObjectId: string): FakeUser | undefined {
    return this.users.get(idOrAadObjectId) ?? [...this.users.values()].find((u) => u.aadObjectId === idOrAadObjectId);
  }

  /** A team with its General channel; the bot is installed unless `botInstalled: false`. */
  addTeam(input: { name: string; members?: FakeUser[]; channels?: string[]; botInstalled?: boolean; graphChannelCreate?: boolean }): FakeTeam {
    const id = newThreadId();
    const created = new Date().toISOString();
    const team: FakeTeam = {
      id,
      aadGroupId: randomUUID(),
      name: input.name,
      memberIds: (input.members ?? []).map((m) => m.id),
      channels: [{ id, displayName: 'General', membershipType: 'standard', createdDateTime: created }],
      botInstalled: input.botInstalled ?? true,
      graphChannelCreate: input.graphChannelCreate ?? true,
      channelMessageRead: true,
    };
    this.teams.set(id, team);
    this.addChannelConversation(team, team.channels[0]!);
    for (const name of input.channels ?? []) this.addChannel(team, { displayName: name });
    return team;
  }

  addChannel(team: FakeTeam, input: { displayName: string; description?: string; membershipType?: 'standard' | 'private' }): FakeChannel {
    const channel: FakeChannel = {
      id: newThreadId(),
      displayName: input.displayName,
      ...(input.description ? { description: input.description } : {}),
      membershipType: input.membershipType ?? 'standard',
      createdDateTime: new Date().toISOString(),
    };
    team.channels.push(channel);
    this.addChannelConversation(team, channel);
    return channel;
  }

  private addChannelConversation(team: FakeTeam, channel: FakeChannel): void {
    this.conversations.set(channel.id, { id: channel.id, conversationType: 'channel', tenantId: this.tenantId, teamId: team.id, channelId: channel.id, uninstalled: false });
  }

  teamByGroupId(aadGroupId: string): FakeTeam | undefined {
    return [...this.teams.values()].find((t) => t.aadGroupId === aadGroupId);
  }

  /** The user's 1:1 chat with the bot (created, i.e. personally installed, on first use). */
  personalConversation(user: FakeUser): FakeConversation {
    const existing = [...this.conversations.values()].find((c) => c.conversationType === 'personal' && c.userId === user.id);
    if (existing) return existing;
    const conversation: FakeConversation = { id: `a:1${randomBytes(40).toString('base64url')}`, conversationType: 'personal', tenantId: this.tenantId, userId: user.id, uninstalled: false };
    this.conversations.set(conversation.id, conversation);
    return conversation;
  }

  /** A conversation by id; `19:...;messageid=N` threads are created on first use. */
  resolveConversation(id: string): FakeConversation | undefined {
    const known = this.conversations.get(id);
    if (known) return known;
    const match = /^(19:[^;]+);messageid=(\d+)$/.exec(id);
    const parent = match ? this.conversations.get(match[1]!) : undefined;
    if (!parent) return undefined;
    const thread: FakeConversation = { ...parent, id, parentId: parent.id, uninstalled: false };
    this.conversations.set(id, thread);
    return thread;
  }

  isUninstalled(conversation: FakeConversation): boolean {
    if (conversation.uninstalled) return true;
    if (conversation.parentId && this.conversations.get(conversation.parentId)?.uninstalled) return true;
    const team = conversation.teamId ? this.teams.get(conversation.teamId) : undefined;
    return team ? !team.botInstalled : false;
  }

  /** Members of a conversation: the team's for channels and threads, the user for a 1:1. */
  membersOf(conversation: FakeConversation): FakeUser[] {
    if (conversation.userId) return [this.users.get(conversation.userId)].filter((u): u is FakeUser => !!u);
    const team = conversation.teamId ? this.teams.get(conversation.teamId) : undefined;
    return (team?.memberIds ?? []).map((id) => this.users.get(id)).filter((u): u is FakeUser => !!u);
  }

  /** Teams activity ids are epoch milliseconds; keep them unique and increasing. */
  nextActivityId(): string {
    this.lastActivityId = Math.max(Date.now(), this.lastActivityId + 1);
    return String(this.lastActivityId);
  }

  storeMessage(conversationId: string, activity: Json, replyToId?: string, id: string = this.nextActivityId()): StoredMessage {
    const message: StoredMessage = {
      id,
      conversationId,
      ...(replyToId ? { replyToId } : {}),
      activity: { ...activity, id, conversation: { ...(activity.conversation as Json | undefined), id: conversationId }, timestamp: new Date(this.now()).toISOString() },
      createdAt: this.now(),
      history: [],
    };
    this.messages.push(message);
    return message;
  }
}
