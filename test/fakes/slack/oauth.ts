/**
 * Slack's OAuth v2 install flow for one app: the authorize page (GET /oauth/v2/authorize, where an
 * admin would pick a workspace and press Allow — here the workspace is the `team` query parameter,
 * Slack's own way to preselect one) sends the browser back to the app's redirect URL with a
 * single-use `code` and the `state` it was given; `oauth.v2.access` exchanges the code, with the app's
 * client id and secret, for the workspace's bot token.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { sendText, str } from './http.ts';
import type { SlackState } from './state.ts';
import type { FakeSlackOAuthApp, Json, RecordedCall } from './types.ts';

export const AUTHORIZE_PATH = '/oauth/v2/authorize';

/** Slack: an authorization code is valid for 10 minutes and can be used once. */
const CODE_LIFETIME_MS = 10 * 60_000;

interface Grant {
  teamId: string;
  userId: string;
  scopes: string[];
  redirectUri: string | null;
  issuedAt: number;
  used: boolean;
}

export class FakeOAuth {
  /** Redirect URLs configured for the app (the manifest's oauth_config.redirect_urls). Settable by tests. */
  redirectUrls: string[];
  readonly clientId: string;
  readonly clientSecret: string;
  readonly appId: string;
  private readonly grants = new Map<string, Grant>();

  constructor(
    private readonly state: SlackState,
    app: FakeSlackOAuthApp,
    private readonly now: () => number,
  ) {
    this.clientId = app.clientId;
    this.clientSecret = app.clientSecret;
    this.appId = app.appId ?? 'A0TOVHOLD';
    this.redirectUrls = [...(app.redirectUrls ?? [])];
  }

  /** Issues a code for `teamId` directly (what pressing Allow on the authorize page does). */
  issueCode(teamId: string, options: { userId?: string; scopes?: string[]; redirectUri?: string } = {}): string {
    const team = this.state.team(teamId);
    const userId = options.userId ?? [...team.users.values()].find((u) => !u.isBot)?.id ?? team.botUserId;
    const code = `${teamId}.${randomUUID()}`;
    this.grants.set(code, { teamId, userId, scopes: options.scopes ?? [], redirectUri: options.redirectUri ?? null, issuedAt: this.now(), used: false });
    return code;
  }

  /** GET /oauth/v2/authorize?client_id&scope&state&redirect_uri&team: 302 to the redirect URL with code and state. */
  authorizePage(req: IncomingMessage, res: ServerResponse, url: URL, at: number): RecordedCall {
    const q = url.searchParams;
    const params: Json = Object.fromEntries(q.entries());
    const refuse = (error: string): RecordedCall => {
      sendText(res, 400, error);
      return { method: '(oauth authorize)', params, status: 400, error, at };
    };
    if (req.method !== 'GET') return refuse('method_not_allowed');
    if (q.get('client_id') !== this.clientId) return refuse('invalid_client_id');
    const scopes = (q.get('scope') ?? '').split(',').filter(Boolean);
    if (scopes.length === 0) return refuse('invalid_scope');
    const teamId = q.get('team') ?? [...this.state.teams.keys()][0]!;
    if (!this.state.teams.has(teamId)) return refuse('invalid_team');
    const asked = q.get('redirect_uri');
    const redirect = asked ?? this.redirectUrls[0];
    if (!redirect) return refuse('no_redirect_url');
    if (asked && !this.redirectUrls.some((allowed) => asked.startsWith(allowed))) return refuse('bad_redirect_uri');
    const code = this.issueCode(teamId, { scopes, ...(asked ? { redirectUri: asked } : {}), ...(q.get('user') ? { userId: q.get('user')! } : {}) });
    const back = new URL(redirect);
    back.searchParams.set('code', code);
    const state = q.get('state');
    if (state !== null) back.searchParams.set('state', state);
    res.writeHead(302, { location: back.toString() }).end();
    return { method: '(oauth authorize)', teamId, params, status: 302, at };
  }

  /** oauth.v2.access: client credentials as form fields or HTTP Basic auth, and the code. */
  access(params: Json, headers: IncomingHttpHeaders): Json & { ok: boolean; teamId?: string } {
    const basic = /^Basic\s+(\S+)$/i.exec(headers.authorization ?? '')?.[1];
    const [basicId, basicSecret] = basic ? Buffer.from(basic, 'base64').toString('utf8').split(':') : [];
    const clientId = str(params, 'client_id') ?? basicId;
    const clientSecret = str(params, 'client_secret') ?? basicSecret;
    if (!clientId) return { ok: false, error: 'invalid_client_id' };
    if (clientId !== this.clientId) return { ok: false, error: 'invalid_client_id' };
    if (clientSecret !== this.clientSecret) return { ok: false, error: 'bad_client_secret' };
    const code = str(params, 'code');
    const grant = code === undefined ? undefined : this.grants.get(code);
    if (!grant || this.now() - grant.issuedAt > CODE_LIFETIME_MS) return { ok: false, error: 'invalid_code' };
    if (grant.used) return { ok: false, error: 'code_already_used' };
    if (grant.redirectUri !== null && str(params, 'redirect_uri') !== grant.redirectUri) return { ok: false, error: 'bad_redirect_uri' };
    grant.used = true;
    const team = this.state.team(grant.teamId);
    return {
      ok: true,
      teamId: team.teamId,
      app_id: this.appId,
      authed_user: { id: grant.userId },
      scope: grant.scopes.join(','),
      token_type: 'bot',
      access_token: team.botToken,
      bot_user_id: team.botUserId,
      team: { id: team.teamId, name: team.name },
      enterprise: null,
      is_enterprise_install: false,
    };
  }
}
