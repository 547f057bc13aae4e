import { tokenUrlOf, type TokenSource } from './tokens.ts';
import { callJson } from './rest.ts';
import { graphAuthority, type TeamsSettings } from './settings.ts';

const GRAPH_SCOPE = 'https://graph.microsoft.com';

export interface GraphChannel {
  id: string;
  displayName: string;
  description: string | null;
  membershipType?: string;
}

/** A chat or channel message as Graph lists it (the fields findSent looks at). */
export interface GraphMessage {
  id: string;
  createdDateTime: string;
  from?: { application?: { id?: string } | null } | null;
  body?: { contentType?: string; content?: string };
  attachments?: Array<{ contentType?: string; content?: string | null }>;
}

export interface GraphPage {
  value: GraphMessage[];
  nextLink?: string;
}

/**
 * The slice of Microsoft Graph the adapter needs: a bot cannot create channels, Graph can
 * (application permission Channel.Create.Group by resource-specific consent, or Channel.Create).
 * The token is asked for in the tenant that owns the team, so multi-tenant bots work too.
 */
export class GraphClient {
  constructor(
    private readonly settings: TeamsSettings,
    private readonly credentials: TokenSource,
  ) {}

  /** A STANDARD channel: bots cannot post in private ones. */
  async createChannel(tenantId: string, aadGroupId: string, input: { displayName: string; description: string }): Promise<GraphChannel> {
    return this.call(tenantId, 'POST', `/v1.0/teams/${encodeURIComponent(aadGroupId)}/channels`, {
      displayName: input.displayName,
      description: input.description,
      membershipType: 'standard',
    });
  }

  async listChannels(tenantId: string, aadGroupId: string): Promise<GraphChannel[]> {
    const page = await this.call<{ value?: GraphChannel[] }>(tenantId, 'GET', `/v1.0/teams/${encodeURIComponent(aadGroupId)}/channels`);
    return page.value ?? [];
  }

  /**
   * One page of a message list, newest first: a path under the Graph URL (50 a page), or the
   * `@odata.nextLink` Graph gave for the next page.
   */
  async page(tenantId: string, method: 'GET', pathOrLink: string): Promise<GraphPage> {
    // The token only goes to Graph: a next link elsewhere is not followed.
    const link = pathOrLink.startsWith(this.settings.graphUrl);
    const path = link ? pathOrLink.slice(this.settings.graphUrl.length) : `${pathOrLink}?$top=50`;
    if (!path.startsWith('/')) return { value: [] };
    const page = await this.call<{ value?: GraphMessage[]; '@odata.nextLink'?: string }>(tenantId, method, path);
    return { value: page.value ?? [], ...(page['@odata.nextLink'] ? { nextLink: page['@odata.nextLink'] } : {}) };
  }

  private async call<T>(tenantId: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const token = await this.credentials.token(tokenUrlOf(graphAuthority(this.settings, tenantId)), GRAPH_SCOPE);
    return callJson<T>({ service: 'graph', method, url: `${this.settings.graphUrl}${path}`, token, body, timeoutMs: this.settings.timeoutMs });
  }
}
