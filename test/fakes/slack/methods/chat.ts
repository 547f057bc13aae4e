/**
 * chat.* methods: postMessage, update, delete, postEphemeral.
 */
import { str } from '../http.ts';
import { messageObject } from '../state.ts';
import { MESSAGE_TEXT_MAX, messageBlocksError, metadataError, threadTsError } from '../validate.ts';
import type { FakeSlackChannel, FakeSlackMessage, Json } from '../types.ts';
import { fail, failWithMessages, memberChannel, ok, visibleChannel, type MethodContext, type MethodHandler, type MethodResult } from './context.ts';

function isUserId(id: string): boolean {
  return /^[UW][A-Z0-9]+$/.test(id);
}

/**
 * The conversation chat.postMessage would post to, without side effects: a user id maps to the bot's
 * IM with that user (used as the rate-limit key before the handler runs).
 */
export function postChannelKey(ctx: Pick<MethodContext, 'team' | 'params'>): string {
  const channel = str(ctx.params, 'channel') ?? '';
  return isUserId(channel) ? (ctx.team.ims.get(channel) ?? channel) : channel;
}

/** Where a message may go: a channel id or name the bot can post in, or a user id (opens the IM). */
function postTarget(ctx: MethodContext): { channel: FakeSlackChannel } | { error: string } {
  const id = str(ctx.params, 'channel');
  if (!id) return { error: 'channel_not_found' };
  if (isUserId(id)) {
    const user = ctx.team.users.get(id);
    if (!user || user.deleted) return { error: 'channel_not_found' };
    return { channel: ctx.state.openIm(ctx.team, id).channel };
  }
  const found = visibleChannel(ctx, id);
  if ('error' in found) return found;
  if (found.channel.isArchived) return { error: 'is_archived' };
  const member = found.channel.members.includes(ctx.team.botUserId);
  if (!member && !(ctx.options.chatWritePublic && !found.channel.isPrivate)) return { error: 'not_in_channel' };
  return found;
}

/** text / blocks / metadata checks shared by postMessage, update and postEphemeral. */
function contentError(ctx: MethodContext, { metadata }: { metadata: boolean }): MethodResult | undefined {
  const text = str(ctx.params, 'text') ?? '';
  if (text === '' && ctx.params.blocks === undefined && ctx.params.attachments === undefined) return fail('no_text');
  if ([...text].length > MESSAGE_TEXT_MAX) return fail('msg_too_long');
  const blocks = messageBlocksError(ctx.params);
  if (blocks) return failWithMessages(blocks.error, [blocks.message]);
  if (metadata && ctx.params.metadata !== undefined) {
    // `{}` on chat.update removes metadata.
    const m = ctx.params.metadata;
    const empty = m !== null && typeof m === 'object' && Object.keys(m).length === 0;
    if (!empty) {
      const error = metadataError(m);
      if (error) return fail(error);
    }
  }
  return undefined;
}

function blocksOf(params: Json): unknown[] | undefined {
  return Array.isArray(params.blocks) ? params.blocks : undefined;
}

const postMessage: MethodHandler = (ctx) => {
  const invalid = contentError(ctx, { metadata: true });
  if (invalid) return invalid;
  const threadError = threadTsError(ctx.params);
  if (threadError) return fail(threadError);
  const target = postTarget(ctx);
  if ('error' in target) return fail(target.error);
  const blocks = blocksOf(ctx.params);
  const metadata = ctx.params.metadata as FakeSlackMessage['metadata'] | undefined;
  const threadTs = str(ctx.params, 'thread_ts');
  const message = ctx.state.addMessage(ctx.team, {
    channel: target.channel.id,
    user: ctx.team.botUserId,
    botId: ctx.team.botId,
    text: str(ctx.params, 'text') ?? '',
    ...(blocks ? { blocks } : {}),
    ...(metadata && Object.keys(metadata).length > 0 ? { metadata } : {}),
    ...(threadTs ? { threadTs } : {}),
  });
  return ok({ channel: target.channel.id, ts: message.ts, message: messageObject(message, ctx.team, { metadata: true }) });
};

function findMessage(ctx: MethodContext): { channel: FakeSlackChannel; message: FakeSlackMessage } | { error: string } {
  const found = visibleChannel(ctx, str(ctx.params, 'channel'));
  if ('error' in found) return found;
  const ts = str(ctx.params, 'ts');
  const message = (ctx.team.messages.get(found.channel.id) ?? []).find((m) => m.ts === ts);
  if (!message) return { error: 'message_not_found' };
  return { channel: found.channel, message };
}

const update: MethodHandler = (ctx) => {
  const found = findMessage(ctx);
  if ('error' in found) return fail(found.error);
  if (found.message.user !== ctx.team.botUserId) return fail('cant_update_message');
  if (found.channel.isArchived) return fail('is_inactive');
  const invalid = contentError(ctx, { metadata: true });
  if (invalid) return invalid;
  const { message } = found;
  message.edits.push({ text: message.text, ...(message.blocks ? { blocks: message.blocks } : {}), ts: ctx.state.nextTs() });
  const text = str(ctx.params, 'text');
  const blocks = blocksOf(ctx.params);
  // Slack: without `blocks`, old blocks survive only when no new `text` is given.
  if (blocks) message.blocks = blocks;
  else if (text !== undefined) delete message.blocks;
  if (text !== undefined) message.text = text;
  const metadata = ctx.params.metadata;
  if (metadata !== undefined) {
    if (metadata && typeof metadata === 'object' && Object.keys(metadata).length > 0) message.metadata = metadata as FakeSlackMessage['metadata'];
    else delete message.metadata;
  }
  return ok({ channel: found.channel.id, ts: message.ts, text: message.text, message: messageObject(message, ctx.team, { metadata: true }) });
};

const remove: MethodHandler = (ctx) => {
  const found = findMessage(ctx);
  if ('error' in found) return fail(found.error);
  if (found.message.user !== ctx.team.botUserId) return fail('cant_delete_message');
  const list = ctx.team.messages.get(found.channel.id) ?? [];
  list.splice(list.indexOf(found.message), 1);
  return ok({ channel: found.channel.id, ts: found.message.ts });
};

const postEphemeral: MethodHandler = (ctx) => {
  const invalid = contentError(ctx, { metadata: false });
  if (invalid) return invalid;
  const found = memberChannel(ctx, str(ctx.params, 'channel'));
  if ('error' in found) return fail(found.error);
  const userId = str(ctx.params, 'user');
  if (!userId || !ctx.team.users.has(userId)) return fail('user_not_found');
  if (!found.channel.members.includes(userId)) return fail('user_not_in_channel');
  const blocks = blocksOf(ctx.params);
  const messageTs = ctx.state.nextTs();
  ctx.team.ephemerals.push({ messageTs, channel: found.channel.id, user: userId, text: str(ctx.params, 'text') ?? '', ...(blocks ? { blocks } : {}) });
  return ok({ message_ts: messageTs });
};

export const chatMethods: Record<string, MethodHandler> = {
  'chat.postMessage': postMessage,
  'chat.update': update,
  'chat.delete': remove,
  'chat.postEphemeral': postEphemeral,
};
