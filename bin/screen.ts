import { resolve } from 'node:path';
import type { Config } from '../src/config.ts';

/** The one screen `npm start` shows: what is running, and what to set to connect a platform. */
export function startupScreen(config: Config, connected: string[]): string {
  const lines = [
    '',
    '  Tovholder kører / is running',
    '  ────────────────────────────',
    `  Database:  ${resolve(config.TOVHOLDER_DB)}`,
    '  Scheduler: checks for due reminders every minute',
    '',
  ];
  if (connected.length > 0) {
    lines.push(...connected.map((line) => `  ${line}`), '');
  } else {
    lines.push(
      '  No chat platform is connected yet. To connect one, set these environment variables and restart:',
      '',
      '  Slack (see manifests/slack/manifest.yaml):',
      '    SLACK_BOT_TOKEN=xoxb-...        the bot token from "OAuth & Permissions"',
      '    SLACK_SIGNING_SECRET=...        from "Basic Information" (HTTP mode, request URL /slack/events)',
      '    SLACK_APP_TOKEN=xapp-...        optional: Socket Mode, no public URL needed',
      '',
      '  Microsoft Teams (see manifests/teams/manifest.json):',
      '    MICROSOFT_APP_ID=...            the bot\'s app registration',
      '    MICROSOFT_APP_PASSWORD=...      its client secret',
      '    MICROSOFT_APP_TENANT_ID=...     for single-tenant bots',
      '',
      '  All settings are listed in README.md ("Configuration"). Stop with Ctrl+C.',
      '',
    );
  }
  return `${lines.join('\n')}\n`;
}
