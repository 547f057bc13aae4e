/**
 * Bot Connector v3 as botframework-connector's ConnectorClient / TeamsConnectorClient call it:
 * create conversation, send / reply / update / delete activity, (paged) members, a member,
 * team channels and team details. Conversation ids arrive percent-encoded in the path.
 */
import type { FakeReply, FakeRequest } from './http-types.ts';
import type { SlidingWindowLimiter } from './rate-limit.ts';
import type { FakeConversation, FakeTeamsState, FakeUser, Json } from './state.ts';

export type ConnectorOperation =
  | 'createConversation'
  | 'sendToConversation'
  | 'replyToActivity'
  | 'updateActivity'
  | 'deleteActivity'
  | 'getMembers'
  | 'getPagedMembers'
  | 'getMember'
  | 'getTeamChannels'
  | 'getTeamDetails';

export interface ConnectorRoute {
  operation: ConnectorOperation;
  conversationId?: string;
  activityId?: string;
  userId?: string;
  teamId?: string;
}

const WRITES: ReadonlySet<ConnectorOperation> = new Set(['createConversation', 'sendToConversation', 'replyToActivity', 'updateActivity', 'deleteActivity']);

/** Matches `[/{prefix}]/v3/...` so a serviceUrl like `http://127.0.0.1:PORT/teams/` works too. */
export function parseConnectorRoute(method: string, path: string): ConnectorRoute | undefined {
  const at = path.indexOf('/v3/');
  if (at < 0) return undefined;
  const s = path.slice(at + 4).split('/').map((part) => decodeURIComponent(part));
  const [head, id, sub, leaf, ...extra] = s;
  if (extra.length) return undefined;
  if (head === 'conversations') {
    if (id === undefined) return method === 'POST' ? { operation: 'createConversation' } : undefined;
    if (sub === 'activities' && leaf === undefined && method === 'POST') return { operation: 'sendToConversation', conversationId: id };
    if (sub === 'activities' && leaf !== undefined) {
      const op = ({ POST: 'replyToActivity', PUT: 'updateActivity', DELETE: 'deleteActivity' } as const)[method as 'POST' | 'PUT' | 'DELETE'];
      return op ? { operation: op, conversationId: id, activityId: leaf } : undefined;
    }
    if (method !== 'GET') return undefined;
    if (sub === 'members' && leaf === undefined) return { operation: 'getMembers', conversationId: id };
    if (sub === 'members') return { operation: 'getMember', conversationId: id, userId: leaf };
    if (sub === 'pagedmembers' && leaf === undefined) return { operation: 'getPagedMembers', conversationId: id };
  }
  if (head === 'teams' && id !== undefined && method === 'GET') {
    if (sub === 'conversations' && leaf === undefined) return { operation: 'getTeamChannels', teamId: id };
    if (sub === undefined) return { operation: 'getTeamDetails', teamId: id };
  }
  return undefined;
}

export function connectorError(status: number, code: string, message: string, headers?: Record<string, string>): FakeReply {
  return { status, body: { error: { code, message } }, ...(headers ? { headers } : {}) };
}

export const NOT_IN_ROSTER = (): FakeReply => connectorError(403, 'BotNotInConversationRoster', 'The bot is not part of the conversation roster.');
const NOT_FOUND = (): FakeReply => connectorError(404, 'ConversationNotFound', 'Conversation not found.');

export class FakeConnector {
  /** Responses with status 429 the rate limiter produced, per conversation key. */
  readonly throttled = new Map<string, number>();
  /** Limits on roster reads (pagedmembers) per team; none unless a test sets them. */
  rosterLimiter: SlidingWindowLimiter | null = null;
  /** Teams' 50 requests per second per app per tenant, over every Connector request; its 429s count under the tenant id. */
  tenantLimiter: SlidingWindowLimiter | null = null;

  constructor(
    private readonly state: FakeTeamsState,
    public limiter: SlidingWindowLimiter,
  ) {}

  handle(route: ConnectorRoute, req: FakeRequest): FakeReply {
    const body = (req.body && typeof req.body === 'object' ? req.body : {}) as Json;
    const overTenant = this.tenantLimiter && this.throttle(this.state.tenantId, this.tenantLimiter, 'for this app in this tenant');
    if (overTenant) return overTenant;
    if (route.operation === 'createConversation') return this.createConversation(body);
    if (route.teamId !== undefined) return this.teamRoute(route);
    const conversation = this.state.resolveConversation(route.conversationId!);
    if (!conversation) return NOT_FOUND();
    if (this.state.isUninstalled(conversation)) return NOT_IN_ROSTER();
    if (route.operation === 'getPagedMembers' && this.rosterLimiter) {
      const limited = this.throttle(conversation.parentId ?? conversation.id, this.rosterLimiter);
      if (limited) return limited;
    }
    if (WRITES.has(route.operation)) {
      // Teams counts a channel and all its threads as one conversation.
      const limited = this.throttle(conversation.parentId ?? conversation.id);
      if (limited) return limited;
    }
    const members = this.state.membersOf(conversation);
    switch (route.operation) {
      case 'sendToConversation':
        return { status: 201, body: { id: this.state.storeMessage(conversation.id, body).id } };
      case 'replyToActivity':
        return { status: 201, body: { id: this.state.storeMessage(conversation.id, body, route.activityId).id } };
      case 'updateActivity': {
        const message = this.state.messages.find((m) => m.conversationId === conversation.id && m.id === route.activityId);
        if (!message) return connectorError(404, 'ActivityNotFound', 'Activity not found.');
        message.history.push(message.activity);
        message.activity = { ...body, id: message.id, conversation: { ...(body.conversation as Json | undefined), id: conversation.id } };
        message.updatedAt = Date.now();
        return { status: 200, body: { id: message.id } };
      }
      case 'deleteActivity': {
        const index = this.state.messages.findIndex((m) => m.conversationId === conversation.id && m.id === route.activityId);
        if (index < 0) return connectorError(404, 'ActivityNotFound', 'Activity not found.');
        this.state.messages.splice(index, 1);
        return { status: 200 };
      }
      case 'getMembers':
        return { status: 200, body: members };
      case 'getPagedMembers': {
        const pageSize = Math.min(500, Math.max(1, Number(req.query.get('pageSize') ?? 200) || 200));
        const start = Number(Buffer.from(req.query.get('continuationToken') ?? '', 'base64url').toString() || 0);
        const page = members.slice(start, start + pageSize);
        const next = start + pageSize < members.length ? Buffer.from(String(start + pageSize)).toString('base64url') : undefined;
        return { status: 200, body: { members: page, ...(next ? { continuationToken: next } : {}) } };
      }
      case 'getMember': {
        const member = members.find((m) => m.id === route.userId || m.aadObjectId === route.userId);
        return member ? { status: 200, body: member } : connectorError(404, 'MemberNotFoundInConversation', 'The member could not be found in the conversation.');
      }
      default:
        return connectorError(405, 'MethodNotAllowed', 'Not supported by the fake.');
    }
  }

  private throttle(key: string, limiter: SlidingWindowLimiter = this.limiter, scope = 'in this conversation'): FakeReply | undefined {
    const taken = limiter.take(key);
    if (taken.ok) return undefined;
    this.throttled.set(key, (this.throttled.get(key) ?? 0) + 1);
    return connectorError(429, 'Throttled', `Too many requests: over ${taken.window.limit} per ${taken.window.windowMs} ms ${scope}.`, {
      'Retry-After': String(taken.retryAfterSeconds),
    });
  }

  private teamRoute(route: ConnectorRoute): FakeReply {
    const team = this.state.teams.get(route.teamId!);
    if (!team) return connectorError(404, 'TeamNotFound', 'Team not found.');
    if (!team.botInstalled) return NOT_IN_ROSTER();
    if (route.operation === 'getTeamDetails') {
      return { status: 200, body: { id: team.id, name: team.name, aadGroupId: team.aadGroupId, channelCount: team.channels.length, memberCount: team.memberIds.length, type: 'standard' } };
    }
    // Bots see standard channels only; the General channel has no name.
    const conversations = team.channels
      .filter((c) => c.membershipType === 'standard')
      .map((c) => (c.id === team.id ? { id: c.id } : { id: c.id, name: c.displayName }));
    return { status: 200, body: { conversations } };
  }

  private createConversation(body: Json): FakeReply {
    const channelData = (body.channelData ?? {}) as { channel?: { id?: string }; tenant?: { id?: string } };
    const activity = body.activity as Json | undefined;
    if (channelData.channel?.id) {
      const channel = this.state.conversations.get(channelData.channel.id);
      if (!channel || channel.conversationType !== 'channel' || channel.parentId) return NOT_FOUND();
      if (this.state.isUninstalled(channel)) return NOT_IN_ROSTER();
      if (!activity) return connectorError(400, 'BadSyntax', 'An activity is required to start a thread in a channel.');
      const limited = this.throttle(channel.id);
      if (limited) return limited;
      const rootId = this.state.nextActivityId();
      const threadId = `${channel.id};messageid=${rootId}`;
      this.state.resolveConversation(threadId);
      this.state.storeMessage(threadId, activity, undefined, rootId);
      return { status: 201, body: { id: threadId, activityId: rootId } };
    }
    const members = (body.members ?? []) as Array<{ id?: string }>;
    if (members.length !== 1 || body.isGroup) return connectorError(400, 'BadSyntax', 'Incorrect conversation creation parameters');
    const tenantId = (body.tenantId as string | undefined) ?? channelData.tenant?.id;
    if (tenantId !== this.state.tenantId) return connectorError(400, 'BadSyntax', 'Incorrect conversation creation parameters');
    const user = this.state.findUser(members[0]!.id ?? '');
    if (!user) return connectorError(400, 'BadArgument', 'Failed to decrypt pairwise id');
    if (!this.canReach(user)) return connectorError(403, 'Forbidden', 'The bot is not installed for the user.');
    const conversation: FakeConversation = this.state.personalConversation(user);
    if (conversation.uninstalled) return NOT_IN_ROSTER();
    const limited = this.throttle(conversation.id);
    if (limited) return limited;
    const sent = activity ? this.state.storeMessage(conversation.id, activity) : undefined;
    return { status: 201, body: { id: conversation.id, ...(sent ? { activityId: sent.id } : {}) } };
  }

  /** The bot can open a 1:1 with a user who installed it or shares a team where it is installed. */
  private canReach(user: FakeUser): boolean {
    const personal = [...this.state.conversations.values()].some((c) => c.userId === user.id);
    return personal || [...this.state.teams.values()].some((t) => t.botInstalled && t.memberIds.includes(user.id));
  }
}
