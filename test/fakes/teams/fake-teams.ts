/**
 * A local stand-in for everything a Teams bot talks to, on one node:http server at 127.0.0.1:
 * Bot Framework OpenID metadata + JWKS, an Entra ID client-credentials token endpoint, the Bot
 * Connector v3 (`serviceUrl`) and a slice of Microsoft Graph. Wire a CloudAdapter to it with
 * createTeamsBotFrameworkAuthentication (bot-auth.ts).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeConnector, connectorError, parseConnectorRoute } from './connector.ts';
import { CONNECTOR_ERRORS, RandomFaults, type FailureSpec, type FaultRates } from './faults.ts';
import { FakeGraph, graphError, parseGraphRoute } from './graph.ts';
import { FakeOneDrive } from './onedrive.ts';
import type { FakeReply, FakeRequest, Handled } from './http-types.ts';
import { CONNECTOR_AUDIENCE, FakeIdentity, GRAPH_AUDIENCE, OPENID_PATH, type ClaimOverrides } from './identity.ts';
import type { SigningKey } from './keys.ts';
import { SlidingWindowLimiter, TEAMS_PER_CONVERSATION_LIMITS, TEAMS_PER_TENANT_LIMITS, type RateWindow } from './rate-limit.ts';
import { FakeTeamsState, type FakeConversation, type FakeTeam, type FakeUser, type Json, type RecordedCall, type StoredMessage } from './state.ts';

export type { FailureSpec } from './faults.ts';

export interface FakeTeamsOptions {
  appId: string;
  appPassword: string;
  tenantId: string;
  port?: number;
  /** Path of the connector's serviceUrl (Teams uses regional ones like `/emea/`). Default `/teams/`. */
  serviceUrlPath?: string;
  /** Channels the published signing key endorses. Default `['msteams']`. */
  endorsements?: string[];
  tokenLifetimeSeconds?: number;
  /** Per-conversation send limits. Default: Teams' 7/1 s, 8/2 s, 60/30 s, 1800/h. */
  rateLimits?: readonly RateWindow[];
  /** Limits on all Connector requests of the app in the tenant. Default: Teams' 50/s. */
  tenantRateLimits?: readonly RateWindow[];
  now?: () => number;
}

export interface FakeTeams {
  url: string;
  openIdMetadataUrl: string;
  /** `ToChannelFromBotLoginUrl`: the authority; the token endpoint is `${loginUrl}/oauth2/v2.0/token`. */
  loginUrl: string;
  tokenUrl: string;
  serviceUrl: string;
  /** Graph base URL (requests go to `${graphUrl}/v1.0/...`). */
  graphUrl: string;
  appId: string;
  tenantId: string;
  state: FakeTeamsState;
  calls: RecordedCall[];
  conversations: Map<string, FakeConversation>;
  /** The key the published JWKS holds (mint impostors with `createSigningKey({ kid: signingKey.kid })`). */
  signingKey: SigningKey;
  addUser: FakeTeamsState['addUser'];
  addTeam: FakeTeamsState['addTeam'];
  personalConversation(user: FakeUser): FakeConversation;
  /** The activities the bot posted to a conversation (full payloads, attachments included). */
  messages(conversationId: string): Json[];
  storedMessages(conversationId?: string): StoredMessage[];
  /** How many 429s the rate limiter returned (for one conversation, or in all). */
  rateLimited(conversationId?: string): number;
  /** The bot is removed from / uninstalled in a conversation or a whole team: 403 from then on. */
  setUninstalled(conversationOrTeamId: string, uninstalled?: boolean): void;
  /** Grant or revoke the app's Graph permission to create channels in a team. */
  setGraphPermission(team: FakeTeam | string, allowed: boolean): void;
  failNext(spec: FailureSpec): void;
  /** Seeded random 429s and stored-then-502s on every Connector write from now on (null: stop). */
  injectFaults(rates: FaultRates | null): RandomFaults | undefined;
  /** The users' OneDrive, where files a user accepted are uploaded. */
  oneDrive: FakeOneDrive;
  /** Grant or revoke reading a team's channel messages (RSC ChannelMessage.Read.Group). Default granted. */
  setChannelMessageRead(team: FakeTeam, allowed: boolean): void;
  /** Grant or revoke reading the bot's 1:1 chats (Chat.Read.WhereInstalled, admin consent). Default not granted. */
  setChatRead(allowed: boolean): void;
  /** Drops failures queued by failNext that have not fired yet. */
  clearFailures(): void;
  /**
   * Replaces the per-conversation limits and the per-tenant ones (and forgets past requests). The
   * tenant's default to Teams' 50/s, or none when the per-conversation limits are switched off ([]).
   */
  setRateLimits(windows: readonly RateWindow[], tenantWindows?: readonly RateWindow[]): void;
  /** Limits roster reads (pagedmembers, each page counts) per team; 429s count in rateLimited(). */
  setRosterLimits(windows: readonly RateWindow[]): void;
  tokensIssued(): number;
  /** Uploads a certificate (PEM) to the app registration; returns its SHA-1 thumbprint. */
  registerCertificate(pem: string): string;
  /** The client assertions the token endpoint accepted (decoded). */
  assertions(): Array<{ header: Record<string, unknown>; claims: Record<string, unknown> }>;
  signActivityToken(claims?: ClaimOverrides, sign?: { key?: SigningKey; header?: Record<string, unknown> }): string;
  /** POSTs an activity to the bot as Teams would; `token: null` sends no Authorization header. */
  sendActivity(botEndpointUrl: string, activity: Json, options?: { token?: string | null }): Promise<Response>;
  close(): Promise<void>;
}

async function readRequest(req: IncomingMessage, url: URL): Promise<FakeRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  const type = req.headers['content-type'] ?? '';
  let body: unknown = raw || undefined;
  if (raw && type.includes('application/x-www-form-urlencoded')) body = Object.fromEntries(new URLSearchParams(raw));
  else if (raw && type.includes('json')) {
    try {
      body = JSON.parse(raw);
    } catch {
      body = raw;
    }
  }
  return { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body };
}

function write(res: ServerResponse, reply: FakeReply): void {
  const headers: Record<string, string> = { ...reply.headers };
  let payload: string | undefined;
  if (reply.body !== undefined) {
    payload = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
    headers['content-type'] ??= typeof reply.body === 'string' ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8';
  }
  res.writeHead(reply.status, headers).end(payload);
}

export async function startFakeTeams(options: FakeTeamsOptions): Promise<FakeTeams> {
  const state = new FakeTeamsState(options.tenantId);
  const connector = new FakeConnector(state, new SlidingWindowLimiter(options.rateLimits ?? TEAMS_PER_CONVERSATION_LIMITS, options.now));
  connector.tenantLimiter = new SlidingWindowLimiter(options.tenantRateLimits ?? TEAMS_PER_TENANT_LIMITS, options.now);
  const failures: Array<FailureSpec & { remaining: number }> = [];
  let identity: FakeIdentity | undefined;
  let faults: RandomFaults | undefined;
  let oneDrive: FakeOneDrive | undefined;
  let graph: FakeGraph | undefined;

  const takeFailure = (service: FailureSpec['service'], req: FakeRequest, conversationId?: string): (FakeReply & { drop?: boolean; afterStore?: boolean }) | undefined => {
    const spec = failures.find(
      (f) =>
        f.remaining > 0 &&
        (f.service ?? 'connector') === service &&
        (!f.method || f.method.toUpperCase() === req.method) &&
        (!f.conversationId || f.conversationId === conversationId) &&
        (!f.path || (typeof f.path === 'string' ? decodeURIComponent(req.path).includes(f.path) : f.path.test(decodeURIComponent(req.path)))),
    );
    if (!spec) return undefined;
    spec.remaining -= 1;
    if (spec.dropResponse) return { status: 0, drop: true };
    const retryAfter = spec.retryAfterSeconds ?? (spec.status === 429 ? 1 : undefined);
    const headers = retryAfter === undefined ? undefined : { 'Retry-After': String(retryAfter) };
    const afterStore = spec.afterStore ? { afterStore: true } : {};
    if (spec.body !== undefined) return { status: spec.status, body: spec.body, ...(headers ? { headers } : {}), ...afterStore };
    const [code, message] = CONNECTOR_ERRORS[spec.status] ?? ['Error', `HTTP ${spec.status}`];
    return { ...(service === 'graph' ? graphError(spec.status, code, message, headers) : connectorError(spec.status, code, message, headers)), ...afterStore };
  };

  const dispatch = (req: FakeRequest): Handled => {
    const upload = oneDrive!.handle(req);
    if (upload) return { service: 'onedrive', auth: 'none', reply: upload };
    const own = identity!.handle(req);
    if (own) {
      const failed = own.service === 'token' ? takeFailure('token', req) : undefined;
      return failed ? { ...own, reply: failed } : own;
    }
    const route = parseConnectorRoute(req.method, req.path);
    if (route) {
      const conversationId = route.conversationId ?? route.teamId;
      const auth = identity!.verifyBearer(req.headers, CONNECTOR_AUDIENCE);
      if (!auth.ok) {
        return { service: 'connector', conversationId, auth: auth.reason === 'missing' ? 'none' : 'invalid', reply: { status: 401, body: { message: 'Authorization has been denied for this request.' } } };
      }
      const failure = takeFailure('connector', req, conversationId) ?? faults?.take(route.operation);
      const handled = !failure || failure.drop || failure.afterStore ? connector.handle(route, req) : undefined;
      // A failure after the store answers with the failure only if the request itself succeeded.
      const reply = failure && !failure.drop && (!handled || handled.status < 300) ? { status: failure.status, body: failure.body, headers: failure.headers } : handled!;
      const created = ((handled ?? reply).body as { id?: string } | undefined)?.id;
      return { service: 'connector', conversationId: conversationId ?? ((handled ?? reply).status < 300 ? created : undefined), auth: 'valid', reply, ...(failure?.drop ? { drop: true } : {}) };
    }
    const graphRoute = parseGraphRoute(req.method, req.path);
    if (graphRoute) {
      const auth = identity!.verifyBearer(req.headers, GRAPH_AUDIENCE);
      if (!auth.ok) {
        const message = auth.reason === 'missing' ? 'Access token is empty.' : `Access token validation failure. ${auth.reason}.`;
        return { service: 'graph', auth: auth.reason === 'missing' ? 'none' : 'invalid', reply: graphError(401, 'InvalidAuthenticationToken', message) };
      }
      return { service: 'graph', auth: 'valid', reply: takeFailure('graph', req) ?? graph!.handle(graphRoute, req) };
    }
    return { service: 'unknown', auth: 'none', reply: { status: 404, body: { error: { code: 'NotFound', message: `No route for ${req.method} ${req.path}` } } } };
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    readRequest(req, url)
      .then((fakeReq) => {
        const handled = dispatch(fakeReq);
        const body = handled.service === 'token' && fakeReq.body && typeof fakeReq.body === 'object' ? { ...fakeReq.body, client_secret: '***', client_assertion: '***' } : fakeReq.body;
        state.calls.push({
          time: state.now(),
          service: handled.service,
          method: fakeReq.method,
          path: decodeURIComponent(fakeReq.path),
          ...(handled.conversationId ? { conversationId: handled.conversationId } : {}),
          status: handled.drop ? 0 : handled.reply.status,
          body,
          response: handled.reply.body,
          auth: handled.auth,
        });
        if (handled.drop) res.socket?.destroy();
        else write(res, handled.reply);
      })
      .catch((error: unknown) => write(res, { status: 500, body: { error: { code: 'FakeError', message: String(error) } } }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  identity = new FakeIdentity({
    url,
    appId: options.appId,
    appPassword: options.appPassword,
    tenantId: options.tenantId,
    endorsements: options.endorsements ?? ['msteams'],
    tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 3600,
  });
  graph = new FakeGraph(state, url, options.appId);
  oneDrive = new FakeOneDrive(url);
  const serviceUrl = `${url}${options.serviceUrlPath ?? '/teams/'}`;
  const loginUrl = `${url}/${options.tenantId}`;
  const ident = identity;

  return {
    url,
    openIdMetadataUrl: `${url}${OPENID_PATH}`,
    loginUrl,
    tokenUrl: `${loginUrl}/oauth2/v2.0/token`,
    serviceUrl,
    graphUrl: url,
    appId: options.appId,
    tenantId: options.tenantId,
    state,
    calls: state.calls,
    conversations: state.conversations,
    signingKey: ident.channelKey,
    addUser: (input) => state.addUser(input),
    addTeam: (input) => state.addTeam(input),
    personalConversation: (user) => state.personalConversation(user),
    messages: (conversationId) => state.messages.filter((m) => m.conversationId === conversationId).map((m) => m.activity),
    storedMessages: (conversationId) => state.messages.filter((m) => conversationId === undefined || m.conversationId === conversationId),
    rateLimited: (conversationId) =>
      conversationId === undefined ? [...connector.throttled.values()].reduce((a, b) => a + b, 0) : (connector.throttled.get(conversationId) ?? 0),
    setUninstalled(conversationOrTeamId, uninstalled = true) {
      const team = state.teams.get(conversationOrTeamId);
      if (team) team.botInstalled = !uninstalled;
      const conversation = state.resolveConversation(conversationOrTeamId);
      if (!team && !conversation) throw new Error(`Unknown conversation or team ${conversationOrTeamId}`);
      if (conversation && !team) conversation.uninstalled = uninstalled;
    },
    setGraphPermission(team, allowed) {
      const found = typeof team === 'string' ? (state.teams.get(team) ?? state.teamByGroupId(team)) : team;
      if (!found) throw new Error(`Unknown team ${String(team)}`);
      found.graphChannelCreate = allowed;
    },
    failNext: (spec) => void failures.push({ ...spec, remaining: spec.times ?? 1 }),
    oneDrive,
    injectFaults: (rates) => (faults = rates ? new RandomFaults(rates) : undefined),
    setChannelMessageRead(team, allowed) {
      team.channelMessageRead = allowed;
    },
    setChatRead(allowed) {
      state.chatRead = allowed;
    },
    clearFailures: () => void failures.splice(0),
    setRateLimits(windows, tenantWindows = windows.length === 0 ? [] : TEAMS_PER_TENANT_LIMITS) {
      connector.limiter = new SlidingWindowLimiter(windows, options.now);
      connector.tenantLimiter = new SlidingWindowLimiter(tenantWindows, options.now);
    },
    setRosterLimits: (windows) => void (connector.rosterLimiter = new SlidingWindowLimiter(windows, options.now)),
    tokensIssued: () => ident.tokensIssued,
    registerCertificate: (pem) => ident.registerCertificate(pem),
    assertions: () => ident.assertions,
    signActivityToken: (claims, sign) => ident.signActivityToken(serviceUrl, claims, sign),
    async sendActivity(botEndpointUrl, activity, sendOptions = {}) {
      const token = sendOptions.token === undefined ? ident.signActivityToken(String(activity.serviceUrl ?? serviceUrl)) : sendOptions.token;
      return fetch(botEndpointUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8', ...(token === null ? {} : { authorization: `Bearer ${token}` }) },
        body: JSON.stringify(activity),
      });
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
