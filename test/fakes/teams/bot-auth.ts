/**
 * Test-side helpers around the production Teams auth (adapters/teams/auth.ts): a raw client-credentials
 * request to probe the fake token endpoint, and the production authentication with test settings.
 */
import type { BotFrameworkAuthentication } from 'botframework-connector';
import { ClientSecretCredentialsFactory, createBotFrameworkAuthentication, JwtErrorsAs401 } from '../../../adapters/teams/auth.ts';

export { ClientSecretCredentialsFactory, JwtErrorsAs401 };

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

export interface TeamsAuthSettings {
  appId: string;
  appPassword: string;
  tenantId: string;
  openIdMetadataUrl: string;
  /** The authority the bot's Connector tokens come from (the fake's `loginUrl`). */
  loginUrl: string;
}

/** The production BotFrameworkAuthentication (single tenant) pointed at the fake. */
export function createTeamsBotFrameworkAuthentication(settings: TeamsAuthSettings): BotFrameworkAuthentication {
  return createBotFrameworkAuthentication(
    {
      appId: settings.appId,
      appPassword: settings.appPassword,
      appType: 'SingleTenant',
      appTenantId: settings.tenantId,
      openIdMetadataUrl: settings.openIdMetadataUrl,
      connectorAuthority: settings.loginUrl,
      loginBaseUrl: settings.loginUrl,
      graphUrl: '',
      timeoutMs: 20_000,
    },
    new ClientSecretCredentialsFactory(settings.appId, settings.appPassword),
  );
}
