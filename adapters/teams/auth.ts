/**
 * Bot Framework authentication with auth ON and every endpoint configurable (production defaults are
 * Microsoft's; tests point them at a local fake). Two reasons it is not the SDK's default wiring:
 * - the SDK's MicrosoftAppCredentials always go through MSAL, which refuses http authorities and does
 *   instance discovery against login.microsoftonline.com, so outbound tokens come from our own
 *   client-credentials request to `${loginUrl}/oauth2/v2.0/token` (the endpoint Entra ID has);
 * - the SDK lets jsonwebtoken's errors escape, which CloudAdapter answers with 500: they become 401.
 * The bot proves who it is by a client secret or by a certificate (a signed client assertion, assertion.ts).
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
import { systemClock, type Clock } from '../../src/clock.ts';
import { clientAssertion, type ClientCertificate } from './assertion.ts';
import { describeBody, mapHttpFailure, mapNetworkFailure } from './errors.ts';
import type { TeamsSettings } from './settings.ts';

const TOKEN_PATH = '/oauth2/v2.0/token';
const REFRESH_EARLY_MS = 5 * 60_000;
const TOKEN_TIMEOUT_MS = 20_000;

interface Token {
  accessToken: string;
  expiresAt: number;
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
    const token = await this.factory.fetchToken(this.tokenUrl, this.oAuthScope);
    return { accessToken: token.accessToken, expiresOn: new Date(token.expiresAt) };
  }
}

/**
 * Client-credentials tokens for the Connector and for Graph, by client secret (client_secret_post) or
 * by certificate (private_key_jwt). Token lifetimes are wall-clock time, so the cache uses the system
 * clock even when the bot runs on a test clock.
 */
export class ClientSecretCredentialsFactory extends ServiceClientCredentialsFactory {
  private readonly cache = new Map<string, Promise<Token>>();

  constructor(
    private readonly appId: string,
    /** The client secret, or the certificate registered for the app. */
    private readonly credential: string | ClientCertificate,
    private readonly clock: Clock = systemClock,
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
    return new ClientSecretAppCredentials(this, appId, audience || AuthenticationConstants.ToChannelFromBotOAuthScope, tokenUrlOf(loginEndpoint));
  }

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

function asDefaultScope(scope: string): string {
  return scope.endsWith('/.default') ? scope : `${scope.replace(/\/$/, '')}/.default`;
}

/**
 * The BotFrameworkAuthentication for the CloudAdapter. Every parameterized key is set: once one is,
 * the SDK uses all of them as given (a missing issuer would reject every token).
 */
export function createBotFrameworkAuthentication(settings: TeamsSettings, credentials: ClientSecretCredentialsFactory): BotFrameworkAuthentication {
  const inner = new ConfigurationBotFrameworkAuthentication(
    {
      MicrosoftAppId: settings.appId,
      MicrosoftAppTenantId: settings.appType === 'SingleTenant' ? settings.appTenantId : '',
      MicrosoftAppType: settings.appType,
      ToBotFromChannelOpenIdMetadataUrl: settings.openIdMetadataUrl,
      ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
      ToBotFromEmulatorOpenIdMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
      ToChannelFromBotLoginUrl: settings.connectorAuthority,
      ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
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
 * Maps jsonwebtoken's own errors (bad signature under a known kid, nbf in the future, disallowed alg)
 * to the SDK's 401; everything else (e.g. OpenID metadata unreachable) stays a 500.
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
