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
import type { ClientCertificate } from './assertion.ts';
import { ClientCredentialsTokens, tokenUrlOf, type Token, type TokenSource } from './tokens.ts';
import type { TeamsSettings } from './settings.ts';

export { tokenUrlOf };

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
 * The SDK's credentials factory (inbound authentication, CloudAdapter's own replies) over the same
 * tokens (tokens.ts) the outbound clients use, so both share one cache.
 */
export class ClientSecretCredentialsFactory extends ServiceClientCredentialsFactory implements TokenSource {
  readonly tokens: ClientCredentialsTokens;

  constructor(appId: string, credential: string | ClientCertificate | ClientCredentialsTokens, clock: Clock = systemClock) {
    super();
    this.tokens = credential instanceof ClientCredentialsTokens ? credential : new ClientCredentialsTokens(appId, credential, clock);
  }

  override async isValidAppId(appId: string): Promise<boolean> {
    return appId === this.tokens.appId;
  }

  override async isAuthenticationDisabled(): Promise<boolean> {
    return !this.tokens.appId;
  }

  override async createCredentials(appId: string, audience: string | undefined, loginEndpoint: string): Promise<ServiceClientCredentials> {
    if (await this.isAuthenticationDisabled()) return MicrosoftAppCredentials.Empty;
    if (!(await this.isValidAppId(appId))) throw new Error('Invalid appId.');
    return new ClientSecretAppCredentials(this, appId, audience || AuthenticationConstants.ToChannelFromBotOAuthScope, tokenUrlOf(loginEndpoint));
  }

  fetchToken(tokenUrl: string, scope: string): Promise<Token> {
    return this.tokens.fetchToken(tokenUrl, scope);
  }

  token(tokenUrl: string, scope: string, forceRefresh = false): Promise<string> {
    return this.tokens.token(tokenUrl, scope, forceRefresh);
  }
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
