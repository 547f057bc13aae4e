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
  TOVHOLDER_TIMEZONE: z.string().default('Europe/Copenhagen').describe('Default time zone of new programmes.'),
  TOVHOLDER_LOCALE: z.enum(['da', 'en']).default('da').describe('Default language of new programmes.'),
  TOVHOLDER_ALLOW_CLOCK_OVERRIDE: flag.describe('Set to 1 to let `tovholder tick --now <instant>` act as if at another time (tests, demos).'),
  TOVHOLDER_WORKER_ID: z.string().optional().describe('Name of this process in the outbox (default: host name and pid).'),
  TOVHOLDER_PACE_RULES: paceRules.describe('JSON list of outbox pace rules (platform, op, scope, windows); each replaces the built-in rules for its platform and op. Tests use tight or loose limits with it.'),
  TOVHOLDER_LOCAL_WORKSPACE: z.enum(['auto', 'on', 'off']).default('auto').describe('The local workspace (a chat page on this server, for trying the bot): auto = on when no Slack or Teams credentials are set.'),
  SLACK_BOT_TOKEN: z.string().startsWith('xoxb-', 'must be a bot token starting with xoxb-').optional().describe('Slack bot token (xoxb-...).'),
  SLACK_SIGNING_SECRET: z.string().min(8).optional().describe('Slack signing secret, to verify requests.'),
  SLACK_APP_TOKEN: z.string().startsWith('xapp-', 'must be an app-level token starting with xapp-').optional().describe('Slack app-level token (xapp-...); turns on Socket Mode.'),
  SLACK_API_URL: z.url().optional().describe('Base URL of the Slack Web API, ending in /api/ (tests point it at a local fake).'),
  SLACK_CLIENT_ID: z.string().optional().describe('Slack OAuth: the app\'s Client ID; with SLACK_CLIENT_SECRET and SLACK_STATE_SECRET, workspaces install the bot at /slack/install.'),
  SLACK_CLIENT_SECRET: z.string().optional().describe('Slack OAuth: the app\'s Client Secret.'),
  SLACK_STATE_SECRET: z.string().optional().describe('Slack OAuth: a random secret (16+ characters) that signs the install link\'s state.'),
  MICROSOFT_APP_ID: z.string().optional().describe('Teams: the bot\'s Microsoft App ID.'),
  MICROSOFT_APP_PASSWORD: z.string().optional().describe('Teams: the bot\'s client secret.'),
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
  if (config.MICROSOFT_APP_ID && !config.MICROSOFT_APP_PASSWORD) {
    throw new ConfigError('Invalid configuration. MICROSOFT_APP_ID is set: also set MICROSOFT_APP_PASSWORD.');
  }
  if (config.MICROSOFT_APP_ID && config.MICROSOFT_APP_TYPE === 'SingleTenant' && !config.MICROSOFT_APP_TENANT_ID) {
    throw new ConfigError('Invalid configuration. MICROSOFT_APP_TYPE is SingleTenant: also set MICROSOFT_APP_TENANT_ID.');
  }
  if (config.MICROSOFT_APP_ID && config.MICROSOFT_APP_TYPE === 'UserAssignedMSI') {
    throw new ConfigError('Invalid configuration. MICROSOFT_APP_TYPE=UserAssignedMSI is not supported yet: use SingleTenant or MultiTenant with MICROSOFT_APP_PASSWORD.');
  }
  return config;
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
  const replaced = new Set(configured.map((r) => `${r.platform}|${r.op}`));
  return [...defaultPaceRules.filter((r) => !replaced.has(`${r.platform}|${r.op}`)), ...configured];
}
