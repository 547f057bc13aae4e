import { TargetGoneError } from '../../src/platform/errors.ts';
import { tokenUrlOf, type TokenSource } from './tokens.ts';
import { callJson } from './rest.ts';
import type { TeamsSettings } from './settings.ts';
import type { TeamsStore } from './store.ts';

export const CONNECTOR_SCOPE = 'https://api.botframework.com';

export type Json = Record<string, unknown>;

/** A member as the Connector returns it (TeamsChannelAccount). */
export interface TeamsMember {
  id: string;
  name: string;
  aadObjectId?: string;
  email?: string;
  userPrincipalName?: string;
}

/**
 * The Bot Connector v3 REST calls the adapter makes, one attempt each (see rest.ts). The serviceUrl is
 * always the one of the latest inbound activity from the tenant.
 */
export class ConnectorClient {
  constructor(
    private readonly settings: TeamsSettings,
    private readonly credentials: TokenSource,
    private readonly store: TeamsStore,
  ) {}

  async send(tenantId: string, conversationId: string, activity: Json): Promise<{ id: string }> {
    return this.call(tenantId, 'POST', `v3/conversations/${encodeURIComponent(conversationId)}/activities`, activity);
  }

  async update(tenantId: string, conversationId: string, activityId: string, activity: Json): Promise<void> {
    await this.call(tenantId, 'PUT', `v3/conversations/${encodeURIComponent(conversationId)}/activities/${encodeURIComponent(activityId)}`, {
      ...activity,
      id: activityId,
    });
  }

  /** A new thread in a channel (its first post is `activity`): returns `19:...;messageid=N`. */
  async startThread(tenantId: string, channelId: string, activity: Json): Promise<{ id: string; activityId?: string }> {
    return this.call(tenantId, 'POST', 'v3/conversations', {
      isGroup: true,
      bot: { id: `28:${this.settings.appId}` },
      tenantId,
      channelData: { channel: { id: channelId }, tenant: { id: tenantId } },
      activity,
    });
  }

  /** Opens (or finds: Teams returns the same one) the 1:1 chat with a user. */
  async openPersonal(tenantId: string, userId: string): Promise<{ id: string }> {
    return this.call(tenantId, 'POST', 'v3/conversations', {
      isGroup: false,
      bot: { id: `28:${this.settings.appId}` },
      members: [{ id: userId }],
      tenantId,
      channelData: { tenant: { id: tenantId } },
    });
  }

  /** Every member of a team or conversation, page by page. */
  async members(tenantId: string, conversationId: string): Promise<TeamsMember[]> {
    const all: TeamsMember[] = [];
    let token: string | undefined;
    do {
      const query = `pageSize=500${token ? `&continuationToken=${encodeURIComponent(token)}` : ''}`;
      const page = await this.call<{ members?: TeamsMember[]; continuationToken?: string }>(
        tenantId,
        'GET',
        `v3/conversations/${encodeURIComponent(conversationId)}/pagedmembers?${query}`,
      );
      all.push(...(page.members ?? []));
      token = page.continuationToken;
    } while (token);
    return all;
  }

  /** A member by Bot Framework id or AAD object id. */
  async member(tenantId: string, conversationId: string, userId: string): Promise<TeamsMember> {
    return this.call(tenantId, 'GET', `v3/conversations/${encodeURIComponent(conversationId)}/members/${encodeURIComponent(userId)}`);
  }

  async teamDetails(tenantId: string, teamId: string): Promise<{ id: string; name?: string; aadGroupId?: string }> {
    return this.call(tenantId, 'GET', `v3/teams/${encodeURIComponent(teamId)}`);
  }

  private async call<T>(tenantId: string, method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<T> {
    const serviceUrl = this.store.serviceUrl(tenantId);
    // Without an inbound activity from the tenant there is no serviceUrl: the bot is not installed there.
    if (!serviceUrl) throw new TargetGoneError(`Tovholder has never been reached from tenant ${tenantId} (not installed there)`);
    const token = await this.credentials.token(tokenUrlOf(this.settings.connectorAuthority), CONNECTOR_SCOPE);
    const url = `${serviceUrl.replace(/\/+$/, '')}/${path}`;
    return callJson<T>({ service: 'connector', method, url, token, body, timeoutMs: this.settings.timeoutMs });
  }
}
