/**
 * Client-credentials tokens for the Connector and for Graph, by client secret (client_secret_post) or
 * by certificate (private_key_jwt), from our own request to `${loginUrl}/oauth2/v2.0/token` (see
 * auth.ts for why not the SDK's). Token lifetimes are wall-clock time, so the cache uses the system
 * clock even when the bot runs on a test clock. No Bot Framework SDK here: the outbound side (the
 * outbox thread, `tovholder tick`) sends with these tokens and never loads it (≈ 35 MB, 0.8 s).
 */
import { systemClock, type Clock } from '../../src/clock.ts';
import { clientAssertion, type ClientCertificate } from './assertion.ts';
import { describeBody, mapHttpFailure, mapNetworkFailure } from './errors.ts';

const TOKEN_PATH = '/oauth2/v2.0/token';
const REFRESH_EARLY_MS = 5 * 60_000;
const TOKEN_TIMEOUT_MS = 20_000;

export interface Token {
  accessToken: string;
  expiresAt: number;
}

/** Where outbound clients (connector.ts, graph.ts) get their bearer tokens. */
export interface TokenSource {
  token(tokenUrl: string, scope: string, forceRefresh?: boolean): Promise<string>;
}

export class ClientCredentialsTokens implements TokenSource {
  private readonly cache = new Map<string, Promise<Token>>();

  constructor(
    readonly appId: string,
    /** The client secret, or the certificate registered for the app. */
    private readonly credential: string | ClientCertificate,
    private readonly clock: Clock = systemClock,
  ) {}

  /** One token request; failures are the core's typed errors (a refused secret is an AuthError). */
  async fetchToken(tokenUrl: string, scope: string): Promise<Token> {
    const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: this.appId, scope: asDefaultScope(scope), ...this.proof(tokenUrl) });
    let response: Response;
    try {
      response = await fetch(tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: body.toString(),
        signal: AbortSignal.timeout(TOKEN_TIMEOUT_MS),
      });
    } catch (error) {
      throw mapNetworkFailure('token', error);
    }
    const json = (await response.json().catch(() => undefined)) as { access_token?: string; expires_in?: number } | undefined;
    if (!response.ok || !json?.access_token) {
      throw mapHttpFailure({ service: 'token', status: response.ok ? 502 : response.status, ...describeBody(json), retryAfter: response.headers.get('retry-after') });
    }
    return { accessToken: json.access_token, expiresAt: this.clock.now().getTime() + (json.expires_in ?? 3600) * 1000 };
  }

  private proof(tokenUrl: string): Record<string, string> {
    if (typeof this.credential === 'string') return { client_secret: this.credential };
    return {
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: clientAssertion(this.appId, tokenUrl, this.credential, this.clock.now().getTime()),
    };
  }

  /** A cached token, refreshed 5 minutes before it expires; concurrent callers share one request. */
  async token(tokenUrl: string, scope: string, forceRefresh = false): Promise<string> {
    const key = `${tokenUrl} ${asDefaultScope(scope)}`;
    const cached = this.cache.get(key);
    if (cached && !forceRefresh) {
      const token = await cached.catch(() => undefined);
      if (token && token.expiresAt - REFRESH_EARLY_MS > this.clock.now().getTime()) return token.accessToken;
    }
    const pending = this.fetchToken(tokenUrl, scope);
    this.cache.set(key, pending);
    pending.catch(() => this.cache.get(key) === pending && this.cache.delete(key));
    return (await pending).accessToken;
  }
}

export function tokenUrlOf(authority: string): string {
  return `${authority.replace(/\/+$/, '')}${TOKEN_PATH}`;
}

export function asDefaultScope(scope: string): string {
  return scope.endsWith('/.default') ? scope : `${scope.replace(/\/$/, '')}/.default`;
}

