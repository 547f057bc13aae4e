import type { Config } from '../../src/config.ts';
import type { ClientCertificate } from './assertion.ts';

/** What the Teams adapter needs from the configuration, with the authorities worked out. */
export interface TeamsSettings {
  appId: string;
  appPassword: string;
  /** Certificate credentials instead of the password (config.ts checked and read them). */
  certificate?: ClientCertificate;
  appType: 'SingleTenant' | 'MultiTenant';
  /** The bot's home tenant (single-tenant bots). */
  appTenantId: string;
  openIdMetadataUrl: string;
  /** Where Connector tokens come from: the home tenant, or `botframework.com` for multi-tenant bots. */
  connectorAuthority: string;
  /** Entra ID base URL; a Graph token is asked for in the tenant that owns the team. */
  loginBaseUrl: string;
  graphUrl: string;
  /** Per HTTP call to the Connector or Graph; well under the outbox lease. */
  timeoutMs: number;
}

export function teamsSettings(config: Config, overrides: Partial<TeamsSettings> = {}): TeamsSettings {
  const appType = config.MICROSOFT_APP_TYPE === 'SingleTenant' ? 'SingleTenant' : 'MultiTenant';
  const loginBaseUrl = config.TEAMS_LOGIN_URL.replace(/\/+$/, '');
  const appTenantId = config.MICROSOFT_APP_TENANT_ID ?? '';
  return {
    appId: config.MICROSOFT_APP_ID ?? '',
    appPassword: config.MICROSOFT_APP_PASSWORD ?? '',
    ...(config.MICROSOFT_APP_CERTIFICATE_THUMBPRINT && config.MICROSOFT_APP_CERTIFICATE_PRIVATE_KEY
      ? { certificate: { thumbprint: config.MICROSOFT_APP_CERTIFICATE_THUMBPRINT, privateKey: config.MICROSOFT_APP_CERTIFICATE_PRIVATE_KEY } }
      : {}),
    appType,
    appTenantId,
    openIdMetadataUrl: config.TEAMS_OPENID_METADATA_URL,
    connectorAuthority: `${loginBaseUrl}/${appType === 'SingleTenant' ? appTenantId : 'botframework.com'}`,
    loginBaseUrl,
    graphUrl: config.GRAPH_API_URL.replace(/\/+$/, ''),
    timeoutMs: 20_000,
    ...overrides,
  };
}

export function graphAuthority(settings: TeamsSettings, tenantId: string): string {
  return `${settings.loginBaseUrl}/${tenantId}`;
}
