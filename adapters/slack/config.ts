import { z } from 'zod';
import { ConfigError, type Config } from '../../src/config.ts';

/** The Slack part of the configuration, checked once at start-up. */
export interface SlackSettings {
  botToken: string;
  mode: 'http' | 'socket';
  signingSecret: string | null;
  appToken: string | null;
  /** Base URL of the Web API with a trailing slash, or undefined for Slack itself. */
  apiUrl: string | undefined;
}

const schema = z
  .object({
    SLACK_BOT_TOKEN: z.string({ error: 'is required to connect Slack' }).startsWith('xoxb-', 'must be a bot token starting with xoxb-'),
    SLACK_SIGNING_SECRET: z.string().min(8, 'must be the signing secret from "Basic Information"').optional(),
    SLACK_APP_TOKEN: z.string().startsWith('xapp-', 'must be an app-level token starting with xapp-').optional(),
    SLACK_API_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://slack.com/api/' }).optional(),
  })
  .refine((c) => c.SLACK_APP_TOKEN || c.SLACK_SIGNING_SECRET, {
    path: ['SLACK_SIGNING_SECRET'],
    message: 'is required in HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)',
  });

/** Validates the Slack variables; the error names each variable to fix. */
export function slackSettings(config: Config): SlackSettings {
  const parsed = schema.safeParse(config);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid Slack configuration. Fix these environment variables:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  return {
    botToken: c.SLACK_BOT_TOKEN,
    mode: c.SLACK_APP_TOKEN ? 'socket' : 'http',
    signingSecret: c.SLACK_SIGNING_SECRET ?? null,
    appToken: c.SLACK_APP_TOKEN ?? null,
    apiUrl: c.SLACK_API_URL ? (c.SLACK_API_URL.endsWith('/') ? c.SLACK_API_URL : `${c.SLACK_API_URL}/`) : undefined,
  };
}
