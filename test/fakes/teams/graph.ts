/**
 * A slice of Microsoft Graph v1.0: list and create channels in a team
 * (`/v1.0/teams/{group-id}/channels`), read back channel messages and their replies (RSC
 * ChannelMessage.Read.Group) and the bot's 1:1 chats (`/v1.0/chats/{id}/messages`,
 * Chat.Read.WhereInstalled), newest first, paged with `@odata.nextLink`; Graph's error body
 * `{ error: { code, message, innerError } }`.
 */
import { randomUUID } from 'node:crypto';
import type { FakeReply, FakeRequest } from './http-types.ts';
import type { FakeChannel, FakeTeam, FakeTeamsState, Json, StoredMessage } from './state.ts';

const missingRole = (roles: string): FakeReply =>
  graphError(403, 'Forbidden', `Missing role permissions on the request. API requires one of '${roles}'. Roles on the request ''.`);

export interface GraphRoute {
  operation: 'listChannels' | 'createChannel' | 'getChannel' | 'channelMessages' | 'replies' | 'chatMessages';
  groupId: string;
  channelId?: string;
  messageId?: string;
  chatId?: string;
}

const MESSAGES = /^\/v1\.0\/teams\/([^/]+)\/channels\/([^/]+)\/messages(?:\/([^/]+)\/replies)?$/;
const CHAT_MESSAGES = /^\/v1\.0\/chats\/([^/]+)\/messages$/;

export function parseGraphRoute(method: string, path: string): GraphRoute | undefined {
  const messages = method === 'GET' ? MESSAGES.exec(path) : null;
  if (messages) {
    const [groupId, channelId, messageId] = [messages[1]!, messages[2]!, messages[3]].map((p) => (p === undefined ? undefined : decodeURIComponent(p)));
    return messageId ? { operation: 'replies', groupId: groupId!, channelId, messageId } : { operation: 'channelMessages', groupId: groupId!, channelId };
  }
  const chat = method === 'GET' ? CHAT_MESSAGES.exec(path) : null;
  if (chat) return { operation: 'chatMessages', groupId: '', chatId: decodeURIComponent(chat[1]!) };
  const match = /^\/v1\.0\/teams\/([^/]+)\/channels(?:\/([^/]+))?$/.exec(path);
  if (!match) return undefined;
  const groupId = decodeURIComponent(match[1]!);
  if (match[2] !== undefined) return method === 'GET' ? { operation: 'getChannel', groupId, channelId: decodeURIComponent(match[2]) } : undefined;
  if (method === 'GET') return { operation: 'listChannels', groupId };
  if (method === 'POST') return { operation: 'createChannel', groupId };
  return undefined;
}

export function graphError(status: number, code: string, message: string, headers?: Record<string, string>): FakeReply {
  const requestId = randomUUID();
  return {
    status,
    body: { error: { code, message, innerError: { date: new Date().toISOString().slice(0, 19), 'request-id': requestId, 'client-request-id': requestId } } },
    headers: { 'request-id': requestId, ...headers },
  };
}

/** Characters Teams refuses in channel names. */
const FORBIDDEN_CHARS = /[~#%&*{}+/\\:<>?|'",]/;
export const MAX_CHANNEL_NAME = 50;

export class FakeGraph {
  constructor(
    private readonly state: FakeTeamsState,
    private readonly graphUrl: string,
    private readonly appId: string,
  ) {}

  handle(route: GraphRoute, req: FakeRequest): FakeReply {
    if (route.operation === 'chatMessages') return this.chatMessages(route.chatId!, req);
    const team = this.state.teamByGroupId(route.groupId);
    if (!team) return graphError(404, 'NotFound', `No team found with Group Id ${route.groupId}`);
    if (route.operation === 'listChannels') {
      return { status: 200, body: { '@odata.context': `${this.graphUrl}/v1.0/$metadata#teams('${team.aadGroupId}')/channels`, value: team.channels.map((c) => this.toGraph(team, c)) } };
    }
    if (route.operation === 'channelMessages' || route.operation === 'replies') return this.channelMessages(team, route, req);
    if (route.operation === 'getChannel') {
      const channel = team.channels.find((c) => c.id === route.channelId);
      return channel ? { status: 200, body: this.toGraph(team, channel) } : graphError(404, 'NotFound', 'Channel not found');
    }
    if (!team.graphChannelCreate) {
      return graphError(403, 'Forbidden', "Missing role permissions on the request. API requires one of 'Channel.Create.Group, Channel.Create, Teamwork.Migrate.All'. Roles on the request ''.");
    }
    return this.createChannel(team, (req.body && typeof req.body === 'object' ? req.body : {}) as Json);
  }

  private createChannel(team: FakeTeam, body: Json): FakeReply {
    const displayName = typeof body.displayName === 'string' ? body.displayName : '';
    const membershipType = (body.membershipType as string | undefined) ?? 'standard';
    if (!displayName.trim()) return graphError(400, 'BadRequest', 'Channel name cannot be empty.');
    if (displayName.length > MAX_CHANNEL_NAME) return graphError(400, 'BadRequest', `Channel name length exceeds the maximum of ${MAX_CHANNEL_NAME} characters.`);
    if (FORBIDDEN_CHARS.test(displayName) || /^[_.]/.test(displayName) || displayName.endsWith('.')) {
      return graphError(400, 'BadRequest', 'Channel name contains invalid characters.');
    }
    if (membershipType !== 'standard' && membershipType !== 'private') return graphError(400, 'BadRequest', `membershipType '${membershipType}' is not supported by the fake.`);
    if (membershipType === 'private') {
      const members = Array.isArray(body.members) ? (body.members as Array<{ roles?: string[] }>) : [];
      if (!members.some((m) => m.roles?.includes('owner'))) return graphError(400, 'BadRequest', 'A private channel created with application permissions needs an owner in members.');
    }
    if (team.channels.some((c) => c.displayName.toLowerCase() === displayName.toLowerCase())) {
      return graphError(400, 'NameAlreadyExists', 'Channel name already existed, please use other name.');
    }
    const channel = this.state.addChannel(team, {
      displayName,
      membershipType,
      ...(typeof body.description === 'string' ? { description: body.description } : {}),
    });
    return { status: 201, body: { '@odata.context': `${this.graphUrl}/v1.0/$metadata#teams('${team.aadGroupId}')/channels/$entity`, ...this.toGraph(team, channel) } };
  }

  private channelMessages(team: FakeTeam, route: GraphRoute, req: FakeRequest): FakeReply {
    if (!team.channelMessageRead) return missingRole('ChannelMessage.Read.All, ChannelMessage.Read.Group');
    const channel = team.channels.find((c) => c.id === route.channelId);
    if (!channel) return graphError(404, 'NotFound', 'Channel not found');
    const rootOf = (conversationId: string) => /;messageid=(\d+)$/.exec(conversationId)?.[1];
    const inChannel = this.state.messages.filter((m) => m.conversationId === channel.id || m.conversationId.startsWith(`${channel.id};messageid=`));
    const chosen =
      route.operation === 'replies'
        ? inChannel.filter((m) => rootOf(m.conversationId) === route.messageId && m.id !== route.messageId)
        : inChannel.filter((m) => m.conversationId === channel.id || rootOf(m.conversationId) === m.id);
    return this.page(chosen, req);
  }

  private chatMessages(chatId: string, req: FakeRequest): FakeReply {
    if (!this.state.chatRead) return missingRole('Chat.Read.All, Chat.Read.WhereInstalled');
    const match = /^19:([^_]+)_([^@]+)@unq\.gbl\.spaces$/.exec(chatId);
    const user = match && match[2] === this.appId ? this.state.findUser(match[1]!) : undefined;
    const conversation = user ? [...this.state.conversations.values()].find((c) => c.conversationType === 'personal' && c.userId === user.id) : undefined;
    if (!conversation) return graphError(404, 'NotFound', `Chat ${chatId} not found`);
    return this.page(this.state.messages.filter((m) => m.conversationId === conversation.id), req);
  }

  /** Newest first, `$top` (at most 50) per page, the rest behind `@odata.nextLink`. */
  private page(messages: StoredMessage[], req: FakeRequest): FakeReply {
    const top = Math.min(50, Math.max(1, Number(req.query.get('$top') ?? 20) || 20));
    const skip = Number(req.query.get('$skiptoken') ?? 0) || 0;
    const newest = [...messages].sort((a, b) => b.createdAt - a.createdAt || Number(b.id) - Number(a.id));
    const slice = newest.slice(skip, skip + top);
    const next = skip + top < newest.length ? `${this.graphUrl}${req.path}?$top=${top}&$skiptoken=${skip + top}` : undefined;
    return { status: 200, body: { value: slice.map((m) => this.toGraphMessage(m)), ...(next ? { '@odata.nextLink': next } : {}) } };
  }

  private toGraphMessage(m: StoredMessage): Json {
    const attachments = (m.activity.attachments as Array<{ contentType?: string; content?: unknown }> | undefined) ?? [];
    return {
      id: m.id,
      replyToId: m.replyToId ?? null,
      messageType: 'message',
      createdDateTime: new Date(m.createdAt).toISOString(),
      from: { application: { id: this.appId, displayName: 'Tovholder', applicationIdentityType: 'bot' }, user: null },
      body: { contentType: 'html', content: typeof m.activity.text === 'string' ? m.activity.text : '' },
      attachments: attachments.map((a, i) => ({ id: String(i), contentType: a.contentType, content: JSON.stringify(a.content ?? null) })),
    };
  }

  private toGraph(team: FakeTeam, channel: FakeChannel): Json {
    return {
      id: channel.id,
      createdDateTime: channel.createdDateTime,
      displayName: channel.displayName,
      description: channel.description ?? null,
      isFavoriteByDefault: null,
      email: '',
      tenantId: this.state.tenantId,
      webUrl: `https://teams.microsoft.com/l/channel/${encodeURIComponent(channel.id)}/${encodeURIComponent(channel.displayName)}?groupId=${team.aadGroupId}&tenantId=${this.state.tenantId}`,
      membershipType: channel.membershipType,
    };
  }
}
