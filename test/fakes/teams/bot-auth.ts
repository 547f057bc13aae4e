/**
 * Reference wiring (what adapters/teams must do) for a CloudAdapter with auth ON whose inbound
 * validation and outbound tokens use configurable URLs, so it runs against this fake:
 *
 * - inbound: `ToBotFromChannelOpenIdMetadataUrl` (+ `ToBotFromChannelTokenIssuer`) in
 *   ConfigurationBotFrameworkAuthentication; JwtTokenExtractor/OpenIdMetadata fetch it with
 *   node-fetch, http is fine.
 * - outbound: the SDK's own credentials always go through MSAL, which refuses http authorities
 *   (`authority_uri_insecure`) and runs instance discovery against login.microsoftonline.com, so
 *   pass a ServiceClientCredentialsFactory that POSTs client credentials to
 *   `${ToChannelFromBotLoginUrl}/oauth2/v2.0/token` itself (same endpoint real Entra ID has).
 */
import { ConfigurationBotFrameworkAuthentication, type Activity } from 'botbuilder';
import {
  AppCredentials,
  AuthenticationConstants,
  AuthenticationError,
  BotFrameworkAuthentication,
  MicrosoftAppCredentials,
  ServiceClientCredentialsFactory,
  type AuthenticateRequestResult,
  type ClaimsIdentity,
  type ConnectorFactory,
  type ServiceClientCredentials,
  type UserTokenClient,
} from 'botframework-connector';

const TOKEN_PATH = '/oauth2/v2.0/token';
const REFRESH_EARLY_MS = 5 * 60_000;

export class TokenRequestError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`Token request failed with HTTP ${status}: ${JSON.stringify(body)}`);
    this.name = 'TokenRequestError';
  }
}

/** One client-credentials request (client_secret_post), as MSAL would send it. */
export async function fetchClientCredentialsToken(input: { tokenUrl: string; appId: string; appPassword: string; scope: string }): Promise<{ accessToken: string; expiresOn: Date }> {
  const scope = input.scope.endsWith('/.default') ? input.scope : `${input.scope.replace(/\/$/, '')}/.default`;
  const response = await fetch(input.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: input.appId, client_secret: input.appPassword, scope }).toString(),
    signal: AbortSignal.timeout(30_000),
  });
  const body = (await response.json().catch(() => undefined)) as { access_token?: string; expires_in?: number } | undefined;
  if (!response.ok || !body?.access_token) throw new TokenRequestError(response.status, body);
  return { accessToken: body.access_token, expiresOn: new Date(Date.now() + (body.expires_in ?? 3600) * 1000) };
}

/** AppCredentials whose token comes from the factory (cached there, per token URL and scope). */
class ClientSecretAppCredentials extends AppCredentials {
  constructor(
    private readonly factory: ClientSecretCredentialsFactory,
    appId: string,
    scope: string,
    private readonly tokenUrl: string,
  ) {
    super(appId, undefined, scope);
  }

  override getToken(forceRefresh = false): Promise<string> {
    return this.factory.token(this.tokenUrl, this.oAuthScope, forceRefresh);
  }

  protected override async refreshToken() {
    return this.factory.fetchToken(this.tokenUrl, this.oAuthScope);
  }
}

export class ClientSecretCredentialsFactory extends ServiceClientCredentialsFactory {
  private readonly cache = new Map<string, Promise<{ accessToken: string; expiresOn: Date }>>();

  constructor(
    private readonly appId: string,
    private readonly appPassword: string,
  ) {
    super();
  }

  override async isValidAppId(appId: string): Promise<boolean> {
    return appId === this.appId;
  }

  override async isAuthenticationDisabled(): Promise<boolean> {
    return !this.appId;
  }

  override async createCredentials(appId: string, audience: string | undefined, loginEndpoint: string): Promise<ServiceClientCredentials> {
    if (await this.isAuthenticationDisabled()) return MicrosoftAppCredentials.Empty;
    if (!(await this.isValidAppId(appId))) throw new Error('Invalid appId.');
    const tokenUrl = `${loginEndpoint.replace(/\/+$/, '')}${TOKEN_PATH}`;
    return new ClientSecretAppCredentials(this, appId, audience || AuthenticationConstants.ToChannelFromBotOAuthScope, tokenUrl);
  }

  fetchToken(tokenUrl: string, scope: string) {
    return fetchClientCredentialsToken({ tokenUrl, appId: this.appId, appPassword: this.appPassword, scope });
  }

  /** A cached token, refreshed 5 minutes before it expires; concurrent callers share one request. */
  async token(tokenUrl: string, scope: string, forceRefresh = false): Promise<string> {
    const key = `${tokenUrl} ${scope}`;
    const cached = this.cache.get(key);
    if (cached && !forceRefresh) {
      const token = await cached.catch(() => undefined);
      if (token && token.expiresOn.getTime() - REFRESH_EARLY_MS > Date.now()) return token.accessToken;
    }
    const pending = this.fetchToken(tokenUrl, scope);
    this.cache.set(key, pending);
    pending.catch(() => this.cache.get(key) === pending && this.cache.delete(key));
    return (await pending).accessToken;
  }
}

export interface TeamsAuthSettings {
  appId: string;
  appPassword: string;
  tenantId: string;
  /** Default: https://login.botframework.com/v1/.well-known/openidconfiguration */
  openIdMetadataUrl?: string;
  /** Default: https://login.microsoftonline.com/{tenantId} (single-tenant bot). */
  loginUrl?: string;
  /** Default: https://api.botframework.com */
  tokenIssuer?: string;
  /** Default: https://api.botframework.com */
  oAuthScope?: string;
}

/**
 * The BotFrameworkAuthentication for CloudAdapter. All parameterized keys must be given together:
 * once one is set, BotFrameworkAuthenticationFactory uses every one of them as given (a missing
 * issuer would reject every token).
 */
export function createTeamsBotFrameworkAuthentication(settings: TeamsAuthSettings): BotFrameworkAuthentication {
  const credentials = new ClientSecretCredentialsFactory(settings.appId, settings.appPassword);
  const inner = new ConfigurationBotFrameworkAuthentication(
    {
      MicrosoftAppId: settings.appId,
      MicrosoftAppTenantId: settings.tenantId,
      MicrosoftAppType: 'SingleTenant',
      ToBotFromChannelOpenIdMetadataUrl: settings.openIdMetadataUrl ?? AuthenticationConstants.ToBotFromChannelOpenIdMetadataUrl,
      ToBotFromChannelTokenIssuer: settings.tokenIssuer ?? AuthenticationConstants.ToBotFromChannelTokenIssuer,
      ToBotFromEmulatorOpenIdMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
      ToChannelFromBotLoginUrl: settings.loginUrl ?? `https://login.microsoftonline.com/${settings.tenantId}`,
      ToChannelFromBotOAuthScope: settings.oAuthScope ?? AuthenticationConstants.ToChannelFromBotOAuthScope,
      OAuthUrl: AuthenticationConstants.OAuthUrl,
      CallerId: 'urn:botframework:azure',
      ValidateAuthority: true,
    },
    credentials,
  );
  return new JwtErrorsAs401(inner);
}

const JWT_ERRORS = new Set(['JsonWebTokenError', 'NotBeforeError', 'TokenExpiredError']);

/**
 * The SDK lets jsonwebtoken's own errors escape (bad signature under a known kid, nbf in the
 * future, disallowed alg), and CloudAdapter.process answers anything but AuthenticationError
 * with 500. This maps them to 401; everything else (e.g. OpenID metadata unreachable) stays 500.
 */
export class JwtErrorsAs401 extends BotFrameworkAuthentication {
  constructor(private readonly inner: BotFrameworkAuthentication) {
    super();
  }

  private static map(error: unknown): never {
    if (error instanceof Error && JWT_ERRORS.has(error.name)) throw new AuthenticationError(`Unauthorized. ${error.message}`, 401);
    throw error;
  }

  override authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    return this.inner.authenticateRequest(activity, authHeader).catch(JwtErrorsAs401.map);
  }

  override authenticateStreamingRequest(authHeader: string, channelIdHeader: string): Promise<AuthenticateRequestResult> {
    return this.inner.authenticateStreamingRequest(authHeader, channelIdHeader).catch(JwtErrorsAs401.map);
  }

  override authenticateChannelRequest(authHeader: string): Promise<ClaimsIdentity> {
    return this.inner.authenticateChannelRequest(authHeader).catch(JwtErrorsAs401.map);
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.inner.createConnectorFactory(claimsIdentity);
  }

  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.inner.createUserTokenClient(claimsIdentity);
  }

  override createBotFrameworkClient() {
    return this.inner.createBotFrameworkClient();
  }

  override getOriginatingAudience(): string {
    return AuthenticationConstants.ToChannelFromBotOAuthScope;
  }
}
