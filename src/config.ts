import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { defaultPaceRules } from './outbox/limits.ts';
import type { PaceRule } from './outbox/pacer.ts';

const flag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', ''])
  .optional()
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

const paceRuleSchema = z.object({
  platform: z.string().min(1),
  op: z.string().min(1),
  scope: z.enum(['workspace', 'target']),
  windows: z.array(z.object({ count: z.number().int().positive(), perMs: z.number().int().positive() })).min(1),
});

/** JSON text holding a list of pace rules; invalid JSON or shape is reported like any other variable. */
const paceRules = z
  .string()
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be JSON, e.g. [{"platform":"slack","op":"post","scope":"target","windows":[{"count":1,"perMs":1100}]}]' });
      return z.NEVER;
    }
  })
  .pipe(z.array(paceRuleSchema))
  .optional();

/**
 * Every environment variable Tovholder reads, with its default. The README's table is tested against
 * this schema; an invalid value is reported by variable name.
 */
export const envSchema = z.object({
  TOVHOLDER_DB: z.string().min(1).default('./data/tovholder.db').describe('Path of the SQLite database file (created if missing).'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000).describe('HTTP port for Slack, Teams and the local workspace.'),
  HOST: z.string().default('127.0.0.1').describe('Interface to listen on; set 0.0.0.0 behind a reverse proxy.'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info').describe('pino log level.'),
  LOG_FORMAT: z.enum(['auto', 'json', 'text']).default('auto').describe('How `tovholder start` reports starting and stopping: text = sentences, json = JSON log lines, auto = sentences on a terminal, JSON otherwise. Logs are always JSON lines.'),
  TOVHOLDER_TIMEZONE: z.string().default('Europe/Copenhagen').describe('Default time zone of new programmes.'),
  TOVHOLDER_LOCALE: z.enum(['da', 'en']).default('da').describe('Default language of new programmes.'),
  TOVHOLDER_ALLOW_CLOCK_OVERRIDE: flag.describe('Set to 1 to let `tovholder tick --now <instant>` act as if at another time (tests, demos).'),
  TOVHOLDER_CREATORS: z
    .string()
    .optional()
    .transform((v) => (v ?? '').split(',').map((entry) => entry.trim()).filter(Boolean))
    .describe('Who may create programmes besides workspace admins and the consultants of the workspace\'s programmes: comma-separated user ids or e-mail addresses.'),
  TOVHOLDER_WORKER_ID: z.string().optional().describe('Name of this process in the outbox (default: host name and pid).'),
  TOVHOLDER_PACE_RULES: paceRules.describe('JSON list of outbox pace rules (platform, op, scope, windows); each replaces the built-in rules for its platform and op. Tests use tight or loose limits with it.'),
  TOVHOLDER_LOCAL_WORKSPACE: z.enum(['auto', 'on', 'off']).default('auto').describe('The local workspace (a chat page on this server, for trying the bot): auto = on when no Slack or Teams credentials are set.'),
  TOVHOLDER_METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters (openssl rand -hex 32)').optional().describe('A bearer token Prometheus must send to read /metrics (scrapes across a network); unset: /metrics is open to whoever reaches the port.'),
  TOVHOLDER_TEMPLATES_DIR: z.string().min(1).optional().describe('Folder of template files (*.json, *.yaml, *.yml) loaded at start-up beside the built-in ones; an invalid file is refused whole and logged.'),
  TOVHOLDER_BACKUP_DIR: z.string().min(1).optional().describe('Directory for the nightly backup (tovholder-<instant>.db, verified); unset: no nightly backup.'),
  TOVHOLDER_BACKUP_KEEP: z.coerce.number().int().min(1).max(365).default(7).describe('How many nightly backups to keep in TOVHOLDER_BACKUP_DIR (the oldest go first).'),
  TOVHOLDER_BACKUP_AT: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a local time HH:MM, e.g. 02:30').default('02:30').describe('Local time (TOVHOLDER_TIMEZONE) of the nightly backup.'),
  SLACK_BOT_TOKEN: z.string().startsWith('xoxb-', 'must be a bot token starting with xoxb-').optional().describe('Slack bot token (xoxb-...).'),
  SLACK_SIGNING_SECRET: z.string().min(8).optional().describe('Slack signing secret, to verify requests.'),
  SLACK_APP_TOKEN: z.string().startsWith('xapp-', 'must be an app-level token starting with xapp-').optional().describe('Slack app-level token (xapp-...); turns on Socket Mode.'),
  SLACK_API_URL: z.url().optional().describe('Base URL of the Slack Web API, ending in /api/ (tests point it at a local fake).'),
  SLACK_CLIENT_ID: z.string().optional().describe('Slack OAuth: the app\'s Client ID; with SLACK_CLIENT_SECRET and SLACK_STATE_SECRET, workspaces install the bot at /slack/install.'),
  SLACK_CLIENT_SECRET: z.string().optional().describe('Slack OAuth: the app\'s Client Secret.'),
  SLACK_STATE_SECRET: z.string().optional().describe('Slack OAuth: a random secret (16+ characters) that signs the install link\'s state.'),
  MICROSOFT_APP_ID: z.string().optional().describe('Teams: the bot\'s Microsoft App ID.'),
  MICROSOFT_APP_PASSWORD: z.string().optional().describe('Teams: the bot\'s client secret.'),
  MICROSOFT_APP_CERTIFICATE_THUMBPRINT: z.string().optional().describe('Teams: instead of a client secret, the SHA-1 thumbprint (40 hex characters) of a certificate uploaded to the app registration.'),
  MICROSOFT_APP_CERTIFICATE_PRIVATE_KEY: z.string().optional().describe('Teams: that certificate\'s private key, as PEM text or the path of a PEM file.'),
  MICROSOFT_APP_TENANT_ID: z.string().optional().describe('Teams: tenant id (single-tenant bots).'),
  MICROSOFT_APP_TYPE: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant').describe('Teams: app type.'),
  TEAMS_OPENID_METADATA_URL: z.url().default('https://login.botframework.com/v1/.well-known/openidconfiguration').describe('Teams: where the keys that sign inbound activities are published (tests point it at a local fake).'),
  TEAMS_LOGIN_URL: z.url().default('https://login.microsoftonline.com').describe('Teams: Microsoft Entra ID base URL for the bot\'s tokens; the tenant is appended.'),
  GRAPH_API_URL: z.url().default('https://graph.microsoft.com').describe('Teams: Microsoft Graph base URL, used to create channels.'),
});

export type Config = z.infer<typeof envSchema>;

export class ConfigError extends Error {
  readonly code = 'invalid_config';
}

/** Reads and validates the environment once, at start-up. The only reader of process.env. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const known = Object.fromEntries(
    Object.keys(envSchema.shape).map((key) => [key, env[key] === '' ? undefined : env[key]]),
  );
  const result = envSchema.safeParse(known);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration. Fix these environment variables:\n${lines.join('\n')}`);
  }
  const config = result.data;
  if (config.SLACK_BOT_TOKEN && !config.SLACK_SIGNING_SECRET && !config.SLACK_APP_TOKEN) {
    throw new ConfigError('Invalid configuration. SLACK_BOT_TOKEN is set: also set SLACK_SIGNING_SECRET (HTTP mode) or SLACK_APP_TOKEN (Socket Mode).');
  }
  if (config.MICROSOFT_APP_ID) Object.assign(config, teamsCredentials(config));
  if (config.MICROSOFT_APP_ID && config.MICROSOFT_APP_TYPE === 'SingleTenant' && !config.MICROSOFT_APP_TENANT_ID) {
    throw new ConfigError('Invalid configuration. MICROSOFT_APP_TYPE is SingleTenant: also set MICROSOFT_APP_TENANT_ID.');
  }
  if (config.MICROSOFT_APP_ID && config.MICROSOFT_APP_TYPE === 'UserAssignedMSI') {
    throw new ConfigError('Invalid configuration. MICROSOFT_APP_TYPE=UserAssignedMSI is not supported yet: use SingleTenant or MultiTenant with MICROSOFT_APP_PASSWORD.');
  }
  return config;
}

/**
 * The bot's Teams identity: a client secret, or a certificate (thumbprint + private key, PEM text or a
 * file). Exactly one of the two; the key is read and parsed here, so a wrong one stops the start.
 */
function teamsCredentials(config: Config): Partial<Config> {
  const thumbprint = config.MICROSOFT_APP_CERTIFICATE_THUMBPRINT?.replace(/[\s:]/g, '');
  const key = config.MICROSOFT_APP_CERTIFICATE_PRIVATE_KEY;
  if (!thumbprint && !key) {
    if (config.MICROSOFT_APP_PASSWORD) return {};
    throw new ConfigError('Invalid configuration. MICROSOFT_APP_ID is set: also set MICROSOFT_APP_PASSWORD, or MICROSOFT_APP_CERTIFICATE_THUMBPRINT and MICROSOFT_APP_CERTIFICATE_PRIVATE_KEY.');
  }
  if (config.MICROSOFT_APP_PASSWORD) throw new ConfigError('Invalid configuration. Set either MICROSOFT_APP_PASSWORD or the MICROSOFT_APP_CERTIFICATE_* variables, not both.');
  if (!thumbprint || !key) throw new ConfigError('Invalid configuration. A certificate needs both MICROSOFT_APP_CERTIFICATE_THUMBPRINT and MICROSOFT_APP_CERTIFICATE_PRIVATE_KEY.');
  if (!/^[0-9a-fA-F]{40}$/.test(thumbprint)) {
    throw new ConfigError('Invalid configuration. MICROSOFT_APP_CERTIFICATE_THUMBPRINT must be the certificate\'s SHA-1 thumbprint: 40 hexadecimal characters, as the Azure portal shows it.');
  }
  return { MICROSOFT_APP_CERTIFICATE_THUMBPRINT: thumbprint.toUpperCase(), MICROSOFT_APP_CERTIFICATE_PRIVATE_KEY: readPrivateKey(key) };
}

function readPrivateKey(value: string): string {
  let pem = value;
  if (!value.trimStart().startsWith('-----BEGIN')) {
    try {
      pem = readFileSync(value, 'utf8');
    } catch (error) {
      throw new ConfigError(`Invalid configuration. MICROSOFT_APP_CERTIFICATE_PRIVATE_KEY is neither PEM text nor a readable file: ${(error as Error).message}`);
    }
  }
  try {
    createPrivateKey(pem);
  } catch {
    throw new ConfigError('Invalid configuration. MICROSOFT_APP_CERTIFICATE_PRIVATE_KEY holds no PEM private key (expected "-----BEGIN PRIVATE KEY-----" or "-----BEGIN RSA PRIVATE KEY-----", unencrypted).');
  }
  return pem;
}

/** Slack is configured by a bot token (one workspace) or by any of the OAuth install variables. */
export function hasSlack(config: Config): boolean {
  return !!(config.SLACK_BOT_TOKEN || config.SLACK_CLIENT_ID || config.SLACK_CLIENT_SECRET || config.SLACK_STATE_SECRET);
}

export function hasTeams(config: Config): boolean {
  return !!config.MICROSOFT_APP_ID;
}

/** Whether to run the local workspace: by default exactly when no real platform is configured. */
export function hasLocalWorkspace(config: Config): boolean {
  if (config.TOVHOLDER_LOCAL_WORKSPACE === 'auto') return !hasSlack(config) && !hasTeams(config);
  return config.TOVHOLDER_LOCAL_WORKSPACE === 'on';
}

/**
 * The outbox's pace rules: the built-in ones (src/outbox/limits.ts), where TOVHOLDER_PACE_RULES names a
 * platform and op, replaced by the configured rules for that pair.
 */
export function paceRulesFrom(config: Pick<Config, 'TOVHOLDER_PACE_RULES'>): PaceRule[] {
  const configured = config.TOVHOLDER_PACE_RULES ?? [];
  // Per scope: a configured per-channel rule keeps the default workspace-wide one for the same op.
  const replaced = new Set(configured.map((r) => `${r.platform}|${r.op}|${r.scope}`));
  return [...defaultPaceRules.filter((r) => !replaced.has(`${r.platform}|${r.op}|${r.scope}`)), ...configured];
}
