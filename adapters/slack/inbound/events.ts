import type { App } from '@slack/bolt';
import { handleInboundMessage } from '../../../src/commands/router.ts';
import type { CommandReply } from '../../../src/commands/types.ts';
import type { RichMessage } from '../../../src/messages/model.ts';
import { toSlackMessage } from '../blocks.ts';
import type { SlackInstallations } from '../installations.ts';
import { receiveTemplateFile } from '../../../src/templates/uploads.ts';
import { commandContext } from './context.ts';
import type { InboundDeps } from './deps.ts';
import { slackTemplateFile, type SlackEventFile } from './files.ts';
import { fromSlackText } from './slack-text.ts';

/** The fields of a message event we read. */
interface MessageEvent {
  type: 'message';
  subtype?: string;
  bot_id?: string;
  user?: string;
  text?: string;
  ts: string;
  thread_ts?: string;
  channel: string;
  channel_type?: string;
  /** Files shared with the message (subtype file_share). */
  files?: SlackEventFile[];
}

/**
 * A file shared with the bot is a template upload: any file in the direct message, and in a channel
 * a file posted with the word "skabelon" (or "template"), optionally after a mention or the command.
 */
function templateFiles(message: MessageEvent, direct: boolean): SlackEventFile[] {
  const files = (message.files ?? []).filter((f) => typeof f?.id === 'string');
  if (direct) return files;
  return /^\s*(<@\w+>\s*)?(\/?tovholder\s+)?(skabelon|template)\b/i.test(message.text ?? '') ? files : [];
}

/** Message subtypes that are still a person writing to us. */
const PERSON_SUBTYPES = new Set([undefined, 'thread_broadcast', 'file_share']);

/**
 * Direct messages and thread replies in channels (answers to evaluations) go to the core. Bolt acks
 * events before listeners run and Slack redelivers, so each event is recorded by its event_id first
 * and handled only the first time.
 *
 * app_uninstalled and tokens_revoked (for the bot's token) end the workspace's installation; see
 * workspaceRemoved. Bolt delivers both without authorizing them: there is no token left to find.
 */
export function registerEvents(app: App, deps: InboundDeps): void {
  const { installations } = deps;
  app.event('app_uninstalled', async ({ body, context }) => {
    workspaceRemoved(deps, installations, context.teamId ?? body.team_id, 'app_uninstalled');
  });
  app.event('tokens_revoked', async ({ event, body, context }) => {
    // Only people's user tokens (Tovholder has none) were revoked: the bot goes on as before.
    if ((event.tokens.bot ?? []).length === 0) return;
    workspaceRemoved(deps, installations, context.teamId ?? body.team_id, 'tokens_revoked');
  });
  app.event('message', async ({ event, body, context }) => {
    const message = event as unknown as MessageEvent;
    if (!PERSON_SUBTYPES.has(message.subtype) || message.bot_id || !message.user) return;
    const direct = message.channel_type === 'im';
    const threadReply = !!message.thread_ts && message.thread_ts !== message.ts;
    const files = templateFiles(message, direct);
    // A person wrote in a channel (never the bot: bot_id is refused above): the group is not quiet.
    if (!direct) deps.core.activity.noteHumanMessage({ platform: 'slack', workspaceId: context.teamId ?? '', channelRef: message.channel });
    if (!direct && !threadReply && files.length === 0) return;
    const eventId = (body as { event_id?: string }).event_id ?? `${message.channel}:${message.ts}`;
    if (!firstDelivery(deps, eventId)) {
      deps.logger.info({ eventId, retry: context.retryNum }, 'Slack event already handled; ignoring the redelivery');
      return;
    }
    const teamId = context.teamId ?? '';
    const ctx = commandContext({ teamId, userId: message.user, userName: message.user, channelId: message.channel });
    if (files.length > 0 && context.botToken) {
      await receiveFiles(deps, context.botToken, { teamId, eventId, message, direct }, files, ctx);
      return;
    }
    // Slack escapes & < > and wraps e-mails and links; the core gets what the user typed.
    const text = fromSlackText(message.text ?? '');
    try {
      const reply = await handleInboundMessage(deps.core, { text, threadRef: message.thread_ts ?? null, direct }, ctx);
      if (reply) await answer(deps, context.botToken, { teamId, eventId, message, direct }, reply);
    } catch (error) {
      // Recorded already, so Slack's redelivery will not repeat it: say so in the log.
      deps.logger.error({ err: error, eventId, team: teamId }, 'handling a Slack message failed');
    }
  });
}

/** Each shared file is checked (and stored if valid) on its own; each gets its own answer. */
async function receiveFiles(deps: InboundDeps, botToken: string, origin: Origin, files: SlackEventFile[], ctx: ReturnType<typeof commandContext>): Promise<void> {
  for (const [index, file] of files.entries()) {
    try {
      const reply = await receiveTemplateFile(deps.core, slackTemplateFile(deps.clients, botToken, file, deps.logger), ctx);
      await answer(deps, botToken, { ...origin, eventId: files.length > 1 ? `${origin.eventId}:${index}` : origin.eventId }, reply);
    } catch (error) {
      deps.logger.error({ err: error, eventId: origin.eventId, team: origin.teamId, file: file.id }, 'handling a shared Slack file failed');
    }
  }
}

/**
 * Slack removed Tovholder from a workspace. Its installation is marked removed (idempotent: Slack
 * sends both events, and redelivers), so Bolt's authorize refuses the workspace from now on, and
 * every delivery there — already queued or planned later — fails at once with the reason instead of
 * being tried with the dead token. Nobody in the workspace can be told any more, so it is logged;
 * the consultant sees the failed deliveries in `status` if Tovholder is installed again, which
 * clears the mark. The programmes themselves are kept.
 */
function workspaceRemoved(deps: InboundDeps, installations: SlackInstallations, teamId: string | undefined, event: string): void {
  if (!teamId) {
    deps.logger.warn({ event }, 'Slack event names no workspace; ignoring it');
    return;
  }
  const removed = installations.revoke(teamId, event);
  if (!removed) {
    deps.logger.info({ team: teamId, event }, 'Slack workspace is not installed (any more); nothing to end');
    return;
  }
  const programmes = deps.core.repos.programmes.listInWorkspace('slack', teamId).map((p) => p.name);
  deps.logger.warn(
    { team: teamId, teamName: removed.teamName, event, programmes },
    'Tovholder was removed from a Slack workspace: its sends there now fail without being tried (the consultant sees them in `status` after a reinstall)',
  );
  // Deliveries already due fail now rather than at the next minute.
  deps.core.scheduler.kick();
}

/** Records the event; false if it was recorded before (a redelivery or a replay). */
function firstDelivery(deps: InboundDeps, eventId: string): boolean {
  const inserted = deps.core.db
    .prepare('INSERT INTO inbound_events (event_key, received_at) VALUES (?, ?) ON CONFLICT (event_key) DO NOTHING')
    .run(`slack:${eventId}`, deps.core.clock.now().toISOString());
  return inserted.changes === 1;
}

interface Origin {
  teamId: string;
  eventId: string;
  message: MessageEvent;
  direct: boolean;
}

/**
 * In a direct conversation, or for everyone in the thread: through the outbox like every post. A
 * private answer in a shared thread is an ephemeral message, which only exists as a direct answer.
 */
async function answer(deps: InboundDeps, botToken: string | undefined, origin: Origin, reply: CommandReply): Promise<void> {
  const message: RichMessage = reply.type === 'message' ? reply.message : reply.fallback;
  const privateInChannel = !origin.direct && (reply.type === 'form' || reply.visibility === 'ephemeral');
  if (privateInChannel && botToken) {
    const rendered = toSlackMessage(message);
    const client = deps.clients.get(botToken, 'interactive');
    await client.chat.postEphemeral({ channel: origin.message.channel, user: origin.message.user!, thread_ts: origin.message.thread_ts, text: rendered.text, blocks: rendered.blocks as never });
    return;
  }
  const { core } = deps;
  core.repos.deliveries.enqueue(
    {
      idempotencyKey: `slack:reply:${origin.teamId}:${origin.eventId}`,
      platform: 'slack',
      workspaceId: origin.teamId,
      programmeId: null,
      target: { type: 'channel', channelRef: origin.message.channel },
      payload: { op: 'post', message, ...(origin.message.thread_ts ? { threadRef: origin.message.thread_ts } : {}) },
    },
    core.clock.now(),
  );
  core.scheduler.kick();
}
