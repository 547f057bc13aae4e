import { z } from 'zod';
import { ConfigError, type Config } from '../../src/config.ts';

/** Slack's OAuth v2 install flow ("Add to Slack" at /slack/install), for more than one workspace. */
export interface SlackOAuthSettings {
  clientId: string;
  clientSecret: string;
  stateSecret: string;
  /** Slack's authorize page: next to the Web API (https://slack.com/oauth/v2/authorize for Slack itself). */
  authorizationUrl: string;
}

/** The Slack part of the configuration, checked once at start-up. */
export interface SlackSettings {
  /** SLACK_BOT_TOKEN: the single-workspace path. Null when workspaces only come in through OAuth. */
  botToken: string | null;
  mode: 'http' | 'socket';
  signingSecret: string | null;
  appToken: string | null;
  /** Base URL of the Web API with a trailing slash, or undefined for Slack itself. */
  apiUrl: string | undefined;
  /** Set when SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET are. */
  oauth: SlackOAuthSettings | null;
}

const OAUTH_VARIABLES = ['SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET'] as const;

const schema = z
  .object({
    SLACK_BOT_TOKEN: z.string().startsWith('xoxb-', 'must be a bot token starting with xoxb-').optional(),
    SLACK_SIGNING_SECRET: z.string().min(8, 'must be the signing secret from "Basic Information"').optional(),
    SLACK_APP_TOKEN: z.string().startsWith('xapp-', 'must be an app-level token starting with xapp-').optional(),
    // The Web API client appends method names ("chat.postMessage") to it, and the OAuth pages are found beside it.
    SLACK_API_URL: z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://slack.com/api/' })
      .refine((url) => /\/api\/?$/.test(new URL(url).pathname), 'must end in /api/, like https://slack.com/api/')
      .optional(),
    SLACK_CLIENT_ID: z.string().regex(/^\d+\.\d+$/, 'must be the Client ID from "Basic Information → App Credentials" (digits.digits)').optional(),
    SLACK_CLIENT_SECRET: z.string().min(8, 'must be the Client Secret from "Basic Information → App Credentials"').optional(),
    SLACK_STATE_SECRET: z.string().min(16, 'must be a random string of at least 16 characters (e.g. from `openssl rand -hex 32`)').optional(),
  })
  .superRefine((c, ctx) => {
    const oauth = OAUTH_VARIABLES.filter((name) => c[name]);
    if (oauth.length > 0) {
      for (const name of OAUTH_VARIABLES.filter((n) => !c[n])) {
        ctx.addIssue({ code: 'custom', path: [name], message: `is required for installing through /slack/install (${oauth.join(', ')} ${oauth.length === 1 ? 'is' : 'are'} set)` });
      }
    } else if (!c.SLACK_BOT_TOKEN) {
      ctx.addIssue({
        code: 'custom',
        path: ['SLACK_BOT_TOKEN'],
        message: 'is required to connect Slack (or set SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET to install in workspaces through /slack/install)',
      });
    }
    if (!c.SLACK_APP_TOKEN && !c.SLACK_SIGNING_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['SLACK_SIGNING_SECRET'], message: 'is required in HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)' });
    }
  });


/** Validates the Slack variables; the error names each variable to fix. */
export function slackSettings(config: Config): SlackSettings {
  const parsed = schema.safeParse(config);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid Slack configuration. Fix these environment variables:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  const apiUrl = c.SLACK_API_URL ? (c.SLACK_API_URL.endsWith('/') ? c.SLACK_API_URL : `${c.SLACK_API_URL}/`) : undefined;
  return {
    botToken: c.SLACK_BOT_TOKEN ?? null,
    mode: c.SLACK_APP_TOKEN ? 'socket' : 'http',
    signingSecret: c.SLACK_SIGNING_SECRET ?? null,
    appToken: c.SLACK_APP_TOKEN ?? null,
    apiUrl,
    oauth:
      c.SLACK_CLIENT_ID && c.SLACK_CLIENT_SECRET && c.SLACK_STATE_SECRET
        ? {
            clientId: c.SLACK_CLIENT_ID,
            clientSecret: c.SLACK_CLIENT_SECRET,
            stateSecret: c.SLACK_STATE_SECRET,
            // https://slack.com/api/ → https://slack.com/oauth/v2/authorize; a fake Web API serves its own.
            authorizationUrl: new URL('../oauth/v2/authorize', apiUrl ?? 'https://slack.com/api/').toString(),
          }
        : null,
  };
}
