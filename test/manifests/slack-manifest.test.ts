/**
 * The Slack app manifests (manifests/slack/*.yaml) against the Slack adapter's code: every slash
 * command, event and interaction the adapter registers with Bolt is declared, and the bot scopes are
 * exactly those the Web API methods it calls and the events it receives need — no more, no fewer.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { EVENTS_PATH, REDIRECT_PATH } from '../../adapters/slack/bolt-app.ts';
import { boltRegistrations, readSources, ROOT, stripComments, webApiCalls, type MethodCall } from './code-reader.ts';

/** The manifests carry this host; the README tells the installer to replace it. */
const HOST_PLACEHOLDER = 'https://YOUR-HOST';

/**
 * Bot-token scopes each Web API method needs, from Slack's method reference (docs.slack.dev →
 * Reference → Methods → <method> → "Scopes", bot token). A conversations.* method takes one scope per
 * kind of conversation (channels: public, groups: private, im: direct message, mpim: group direct
 * message); listed are the kinds Tovholder touches: the public channels it creates — which a
 * workspace admin may later make private, the bot stays in them — and direct messages. It never opens
 * group direct messages (conversations.open is called with one user), so no mpim:* scope.
 */
const METHOD_SCOPES: Record<string, (call: MethodCall) => string[]> = {
  'auth.test': () => [],
  'views.open': () => [], // needs only the interaction's trigger_id
  'chat.postMessage': () => ['chat:write'],
  'chat.postEphemeral': () => ['chat:write'],
  'chat.update': () => ['chat:write'],
  // channels:manage for a public channel, groups:write for a private one.
  'conversations.create': (call) => (/is_private:\s*false\b/.test(call.args) ? ['channels:manage'] : ['channels:manage', 'groups:write']),
  'conversations.invite': () => ['channels:manage', 'groups:write'],
  // A member who leaves a group (`fjern`) is taken out of its channel.
  'conversations.kick': () => ['channels:manage', 'groups:write'],
  'conversations.setTopic': () => ['channels:manage', 'groups:write'],
  'conversations.setPurpose': () => ['channels:manage', 'groups:write'],
  // One read scope per type asked for in `types` (Slack's default is public_channel).
  'conversations.list': (call) => listTypes(call).map((type) => LIST_TYPE_SCOPES[type] ?? `unknown conversation type ${type}`),
  // findSent looks in every conversation Tovholder posts to.
  'conversations.history': () => ['channels:history', 'groups:history', 'im:history'],
  'conversations.open': () => ['im:write'],
  'users.info': () => ['users:read'],
  // Slack: users:read.email "must be requested at the same time as users:read".
  'users.lookupByEmail': () => ['users:read.email', 'users:read'],
  // files.uploadV2 is the SDK's files.getUploadURLExternal + files.completeUploadExternal.
  'files.uploadV2': () => ['files:write'],
  // A template a consultant shares: files.info, then url_private_download with the same token.
  'files.info': () => ['files:read'],
};

const LIST_TYPE_SCOPES: Record<string, string> = {
  public_channel: 'channels:read',
  private_channel: 'groups:read',
  im: 'im:read',
  mpim: 'mpim:read',
};

function listTypes(call: MethodCall): string[] {
  const types = /types:\s*(['"`])([^'"`]*)\1/.exec(call.args)?.[2] ?? 'public_channel';
  return types.split(',').map((t) => t.trim());
}

/**
 * The Events API subscriptions a Bolt listener needs. The `message` listener answers direct messages
 * (channel_type im) and replies in the threads of Tovholder's posts, in public channels and in those
 * made private later; Tovholder is never in a group direct message, so no message.mpim.
 */
const LISTENER_EVENTS: Record<string, string[]> = {
  message: ['message.channels', 'message.groups', 'message.im'],
  // Slack's own notices that the app left a workspace; they need no scope.
  app_uninstalled: ['app_uninstalled'],
  tokens_revoked: ['tokens_revoked'],
};

/** The scope Slack requires for each event subscription (docs.slack.dev → Reference → Events). */
const EVENT_SCOPES: Record<string, string> = {
  'message.channels': 'channels:history',
  'message.groups': 'groups:history',
  'message.im': 'im:history',
  'message.mpim': 'mpim:history',
  app_mention: 'app_mentions:read',
};

/** Slack's app manifest, the parts Tovholder uses, with the limits from Slack's manifest reference. */
const httpsUrl = z.string().regex(/^https:\/\/[^\s]+$/);
const manifestSchema = z.strictObject({
  _metadata: z.strictObject({ major_version: z.literal(1), minor_version: z.number().int().optional() }),
  display_information: z.strictObject({
    name: z.string().min(1).max(35),
    description: z.string().max(140),
    long_description: z.string().min(175).max(4000),
    background_color: z.string().regex(/^#[0-9a-fA-F]{6}$/),
  }),
  features: z.strictObject({
    app_home: z.strictObject({ home_tab_enabled: z.boolean(), messages_tab_enabled: z.boolean(), messages_tab_read_only_enabled: z.boolean() }),
    bot_user: z.strictObject({ display_name: z.string().min(1).max(80), always_online: z.boolean() }),
    slash_commands: z.array(
      z.strictObject({
        command: z.string().regex(/^\/[a-z0-9_-]{1,31}$/),
        url: httpsUrl.optional(),
        description: z.string().min(1).max(2000),
        usage_hint: z.string().max(1000).optional(),
        should_escape: z.boolean(),
      }),
    ),
  }),
  oauth_config: z.strictObject({ redirect_urls: z.array(z.string().startsWith('https://')).optional(), scopes: z.strictObject({ bot: z.array(z.string().regex(/^[a-z_.]+:[a-z_.]+$|^commands$/)) }) }),
  settings: z.strictObject({
    event_subscriptions: z.strictObject({ request_url: httpsUrl.optional(), bot_events: z.array(z.string()) }),
    interactivity: z.strictObject({ is_enabled: z.boolean(), request_url: httpsUrl.optional() }),
    org_deploy_enabled: z.boolean(),
    socket_mode_enabled: z.boolean(),
    token_rotation_enabled: z.boolean(),
  }),
});
type SlackManifest = z.infer<typeof manifestSchema>;

function load(file: string): SlackManifest {
  const raw: unknown = parse(readFileSync(join(ROOT, 'manifests/slack', file), 'utf8'));
  return manifestSchema.parse(raw);
}

const http = load('manifest.yaml');
const socket = load('manifest.socket-mode.yaml');
const sources = readSources('adapters/slack');
const registered = boltRegistrations(sources);
const calls = webApiCalls(sources);
const requestUrl = `${HOST_PLACEHOLDER}${EVENTS_PATH}`;

function requiredEvents(): string[] {
  return registered.events.flatMap((event) => LISTENER_EVENTS[event] ?? [event]);
}

function requiredScopes(): Map<string, string[]> {
  const why = new Map<string, string[]>();
  const need = (scope: string, reason: string): void => {
    why.set(scope, [...(why.get(scope) ?? []), reason]);
  };
  for (const call of calls) {
    const rule = METHOD_SCOPES[call.method];
    if (!rule) continue;
    for (const scope of rule(call)) need(scope, `${call.method} (${call.path})`);
  }
  for (const event of requiredEvents()) {
    const scope = EVENT_SCOPES[event];
    if (scope) need(scope, `event ${event}`);
  }
  if (registered.commands.length > 0) need('commands', `slash command ${registered.commands.join(', ')}`);
  return why;
}

describe('Slack app manifests', () => {
  it('are valid manifests (the fields Tovholder uses, within Slack\'s limits)', () => {
    // Parsing above would have thrown; this names the two files in the report.
    expect(http.display_information.name).toBe('Tovholder');
    expect(socket.display_information.name).toBe('Tovholder');
  });

  it('declare every slash command the adapter registers, with escaped mentions', () => {
    expect(registered.commands.length, 'no app.command(...) found in adapters/slack').toBeGreaterThan(0);
    for (const manifest of [http, socket]) {
      const declared = manifest.features.slash_commands.map((c) => c.command);
      expect(declared.sort(), 'slash commands in the manifest vs app.command(...) in adapters/slack').toEqual([...registered.commands].sort());
      // Members are added by @mention; the core reads them as <@U123|name>.
      for (const command of manifest.features.slash_commands) expect(command.should_escape, command.command).toBe(true);
    }
  });

  it('subscribe to exactly the events the adapter listens for', () => {
    const unknown = registered.events.filter((e) => !LISTENER_EVENTS[e] && !EVENT_SCOPES[e]);
    expect(unknown, 'add these Bolt listeners to LISTENER_EVENTS / EVENT_SCOPES in this test').toEqual([]);
    const required = [...new Set(requiredEvents())].sort();
    expect([...http.settings.event_subscriptions.bot_events].sort()).toEqual(required);
    expect([...socket.settings.event_subscriptions.bot_events].sort()).toEqual(required);
  });

  it('turn interactivity on when the adapter handles buttons or forms', () => {
    expect(registered.interactions.filter((kind) => kind === 'shortcut' || kind === 'options'), 'shortcuts and select menus need more manifest settings').toEqual([]);
    const interactive = registered.interactions.length > 0;
    expect(http.settings.interactivity.is_enabled).toBe(interactive);
    expect(socket.settings.interactivity.is_enabled).toBe(interactive);
  });

  it('let people write to the bot when the adapter reads direct messages', () => {
    const direct = requiredEvents().includes('message.im');
    for (const manifest of [http, socket]) {
      expect(manifest.features.app_home.messages_tab_enabled).toBe(direct);
      expect(manifest.features.app_home.messages_tab_read_only_enabled).toBe(false);
    }
  });

  it('ask for exactly the bot scopes the adapter needs', () => {
    const unknown = [...new Set(calls.map((c) => c.method))].filter((m) => !METHOD_SCOPES[m]);
    expect(unknown, 'the adapter calls Web API methods missing from METHOD_SCOPES: add each with its bot scopes from Slack\'s docs').toEqual([]);
    const needed = requiredScopes();
    for (const manifest of [http, socket]) {
      const declared = manifest.oauth_config.scopes.bot;
      expect(new Set(declared).size, 'a scope is listed twice').toBe(declared.length);
      const unused = declared.filter((scope) => !needed.has(scope));
      const missing = [...needed.keys()].filter((scope) => !declared.includes(scope)).map((scope) => `${scope} (for ${needed.get(scope)!.join('; ')})`);
      expect(unused, 'scopes no method or event of the adapter needs').toEqual([]);
      expect(missing, 'scopes the adapter needs').toEqual([]);
    }
  });

  it('HTTP mode sends commands, buttons and events to the adapter\'s request URL', () => {
    expect(http.settings.socket_mode_enabled).toBe(false);
    expect(http.features.slash_commands.map((c) => c.url)).toEqual(http.features.slash_commands.map(() => requestUrl));
    expect(http.settings.event_subscriptions.request_url).toBe(requestUrl);
    expect(http.settings.interactivity.request_url).toBe(requestUrl);
    // Installing in several workspaces (OAuth) returns to the installer's redirect path.
    expect(http.oauth_config.redirect_urls).toEqual([`${HOST_PLACEHOLDER}${REDIRECT_PATH}`]);
  });

  it('the Socket Mode variant is the same app without request URLs', () => {
    expect(socket.settings.socket_mode_enabled).toBe(true);
    const withoutUrls = structuredClone(http);
    for (const command of withoutUrls.features.slash_commands) delete command.url;
    delete withoutUrls.settings.event_subscriptions.request_url;
    delete withoutUrls.settings.interactivity.request_url;
    delete withoutUrls.oauth_config.redirect_urls;
    withoutUrls.settings.socket_mode_enabled = true;
    expect(socket).toEqual(withoutUrls);
  });
});

describe('reading the Slack adapter\'s code', () => {
  const file = (code: string) => [{ path: 'x.ts', code: stripComments(code) }];

  it('finds commands, events and interactions registered with Bolt, through constants too', () => {
    const found = boltRegistrations(
      file(`export const SLASH = '/tovholder';
        app.command(SLASH, async () => {});
        app.command('/tovholder-admin', async () => {});
        app.event('app_mention', async () => {});
        app.message(async () => {});
        app.action<BlockAction>({ type: 'block_actions' }, async () => {});
        // app.command('/commented-out', ...)`),
    );
    expect(found).toEqual({ commands: ['/tovholder', '/tovholder-admin'], events: ['app_mention', 'message'], interactions: ['action'] });
  });

  it('finds Web API calls however they are written, but not in comments', () => {
    const found = webApiCalls(
      file(`await client.chat.postMessage({ channel });
        await this.clients.get(token).auth.test();
        client.users
          .info({ user });
        await client.filesUploadV2({ channel_id });
        await client.apiCall('bookmarks.add', {});
        /* client.reactions.add() */ // client.pins.add()`),
    ).map((c) => c.method);
    expect(found).toEqual(['chat.postMessage', 'auth.test', 'users.info', 'files.uploadV2', 'bookmarks.add']);
  });

  it('reads the conversation types a conversations.list call asks for', () => {
    const [call] = webApiCalls(file(`client.conversations.list({ types: 'public_channel,private_channel', limit: 1000 })`));
    expect(METHOD_SCOPES['conversations.list']!(call!)).toEqual(['channels:read', 'groups:read']);
  });
});
