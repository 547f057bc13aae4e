import { resolve } from 'node:path';
import type { Config } from '../src/config.ts';

/** What the start screen says about the local workspace. */
export interface LocalScreen {
  /** The page's address, e.g. http://127.0.0.1:3000/ */
  url: string;
  /** Said when the configured port was taken and another one is used. */
  portNote?: string;
  /** Whether its time control is on (only when no other platform shares the clock). */
  timeControl: boolean;
}

/** The one screen `npm start` shows: what is running, and what to set to connect a platform. */
export function startupScreen(config: Config, connected: string[], local?: LocalScreen): string {
  const lines = [
    '',
    '  Tovholder kører / is running',
    '  ────────────────────────────',
    `  Database:  ${resolve(config.TOVHOLDER_DB)}`,
    '  Scheduler: checks for due reminders every minute',
    '',
  ];
  // The local workspace has its own box below; the other platforms are listed here.
  // Its line ends with the page's address; Slack's and Teams' lines end with their endpoint paths.
  const platforms = local ? connected.filter((line) => !line.trimEnd().endsWith(local.url)) : connected;
  if (local) lines.push(...localBox(local));
  if (platforms.length > 0) {
    lines.push(...platforms.flatMap((line) => line.split('\n')).map((line) => `  ${line}`), '');
  } else {
    lines.push(
      local
        ? '  Slack and Teams are not connected. To connect one, set these environment variables and restart:'
        : '  No chat platform is connected yet. To connect one, set these environment variables and restart:',
      '',
      '  Slack (see manifests/slack/manifest.yaml):',
      '    SLACK_BOT_TOKEN=xoxb-...        the bot token from "OAuth & Permissions"',
      '    SLACK_SIGNING_SECRET=...        from "Basic Information" (HTTP mode, request URL /slack/events)',
      '    SLACK_APP_TOKEN=xapp-...        optional: Socket Mode, no public URL needed',
      '    SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET',
      '                                    optional: more workspaces install it at /slack/install',
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

function localBox(local: LocalScreen): string[] {
  const rows = [
    'Lokalt arbejdsrum – åbn i din browser / local workspace – open in your browser:',
    '',
    `    ${local.url}`,
    '',
    'Skriv /tovholder demo (eller tryk «Start demo») for et forløb med fire partnerskaber.',
    local.timeControl ? 'Spol tiden frem med «+1 dag», «+1 uge» og «Til næste aktivitet».' : 'Tidskontrollen er slået fra, fordi Slack eller Teams også er forbundet.',
  ];
  const width = Math.max(...rows.map((r) => r.length)) + 4;
  const box = [`  ╭${'─'.repeat(width)}╮`, ...rows.map((r) => `  │  ${r.padEnd(width - 4)}  │`), `  ╰${'─'.repeat(width)}╯`];
  return [...box, ...(local.portNote ? [`  ${local.portNote}`] : []), ''];
}

/**
 * A person at a terminal reads sentences; a log collector (stdout not a terminal, or LOG_FORMAT=json)
 * gets JSON lines. LOG_FORMAT=text forces the sentences, e.g. under a process manager that shows stdout.
 */
export function forPeople(config: Pick<Config, 'LOG_FORMAT'>, stdout: { isTTY?: boolean } = process.stdout): boolean {
  return config.LOG_FORMAT === 'text' || (config.LOG_FORMAT === 'auto' && stdout.isTTY === true);
}

export const STOPPING = '\n  Tovholder stopper … / Tovholder is stopping …\n';
export const STOPPED = '  Tovholder er stoppet. / Tovholder has stopped.\n';
