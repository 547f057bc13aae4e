/**
 * A slice of Microsoft Graph v1.0: list and create channels in a team
 * (`/v1.0/teams/{group-id}/channels`), with Graph's error body `{ error: { code, message, innerError } }`.
 */
import { randomUUID } from 'node:crypto';
import type { FakeReply, FakeRequest } from './http-types.ts';
import type { FakeChannel, FakeTeam, FakeTeamsState, Json } from './state.ts';

export interface GraphRoute {
  operation: 'listChannels' | 'createChannel' | 'getChannel';
  groupId: string;
  channelId?: string;
}

export function parseGraphRoute(method: string, path: string): GraphRoute | undefined {
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
  ) {}

  handle(route: GraphRoute, req: FakeRequest): FakeReply {
    const team = this.state.teamByGroupId(route.groupId);
    if (!team) return graphError(404, 'NotFound', `No team found with Group Id ${route.groupId}`);
    if (route.operation === 'listChannels') {
      return { status: 200, body: { '@odata.context': `${this.graphUrl}/v1.0/$metadata#teams('${team.aadGroupId}')/channels`, value: team.channels.map((c) => this.toGraph(team, c)) } };
    }
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
