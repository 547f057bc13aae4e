/**
 * conversations.* methods: create, archive, invite, setTopic, setPurpose, open, members, history, info.
 */
import { bool, decodeCursor, encodeCursor, int, list, str } from '../http.ts';
import { channelObject, messageObject } from '../state.ts';
import { TOPIC_MAX, channelNameError } from '../validate.ts';
import type { FakeSlackChannel } from '../types.ts';
import { fail, memberChannel, ok, visibleChannel, type MethodContext, type MethodHandler, type MethodResult } from './context.ts';

const create: MethodHandler = (ctx) => {
  const name = str(ctx.params, 'name');
  const invalid = channelNameError(name);
  if (invalid || name === undefined) return fail(invalid ?? 'invalid_name_required');
  // Archived channels keep their names.
  for (const channel of ctx.team.channels.values()) if (!channel.isIm && !channel.isMpim && channel.name === name) return fail('name_taken');
  const channel = ctx.state.createChannel(ctx.team, { name, isPrivate: bool(ctx.params, 'is_private'), creator: ctx.team.botUserId });
  return ok({ channel: channelObject(channel, ctx.team) });
};

const archive: MethodHandler = (ctx) => {
  const found = visibleChannel(ctx, str(ctx.params, 'channel'));
  if ('error' in found) return fail(found.error);
  if (found.channel.isIm || found.channel.isMpim) return fail('method_not_supported_for_channel_type');
  if (found.channel.isArchived) return fail('already_archived');
  if (!found.channel.members.includes(ctx.team.botUserId)) return fail('not_in_channel');
  found.channel.isArchived = true;
  return ok();
};

/**
 * Slack: "Users who can be successfully invited ... will not be invited if any of the user invites
 * fail. Instead, an error response will be returned." The response carries `errors` per user; with
 * `force=true` the valid ones are invited anyway.
 */
const invite: MethodHandler = (ctx) => {
  const found = visibleChannel(ctx, str(ctx.params, 'channel'));
  if ('error' in found) return fail(found.error);
  const channel = found.channel;
  if (channel.isIm || channel.isMpim) return fail('method_not_supported_for_channel_type');
  if (channel.isArchived) return fail('is_archived');
  if (!channel.members.includes(ctx.team.botUserId)) return fail('not_in_channel');
  const users = list(ctx.params, 'users');
  if (users.length === 0) return fail('no_user');
  if (users.length > 1000) return fail('too_many_users');
  const errors: { user: string; ok: false; error: string }[] = [];
  const valid: string[] = [];
  for (const user of new Set(users)) {
    let error: string | undefined;
    if (user === ctx.team.botUserId) error = 'cant_invite_self';
    else if (!ctx.team.users.has(user) || ctx.team.users.get(user)?.deleted) error = 'user_not_found';
    else if (channel.members.includes(user)) error = 'already_in_channel';
    if (error) errors.push({ user, ok: false, error });
    else valid.push(user);
  }
  const force = bool(ctx.params, 'force');
  if (errors.length > 0 && (!force || valid.length === 0)) return fail(errors[0]!.error, { errors });
  channel.members.push(...valid);
  return ok({ channel: channelObject(channel, ctx.team), ...(errors.length > 0 ? { errors } : {}) });
};

/** Takes one user out of a channel; `not_in_channel` when they are not in it. */
const kick: MethodHandler = (ctx) => {
  const found = visibleChannel(ctx, str(ctx.params, 'channel'));
  if ('error' in found) return fail(found.error);
  const channel = found.channel;
  if (channel.isIm || channel.isMpim) return fail('method_not_supported_for_channel_type');
  if (!channel.members.includes(ctx.team.botUserId)) return fail('not_in_channel');
  const user = str(ctx.params, 'user');
  if (!user) return fail('user_not_found');
  if (user === ctx.team.botUserId) return fail('cant_kick_self');
  if (!channel.members.includes(user)) return fail('not_in_channel');
  channel.members.splice(channel.members.indexOf(user), 1);
  return ok({});
};

function setText(field: 'topic' | 'purpose'): MethodHandler {
  return (ctx) => {
    const found = memberChannel(ctx, str(ctx.params, 'channel'));
    if ('error' in found) return fail(found.error);
    const value = str(ctx.params, field) ?? '';
    if ([...value].length > TOPIC_MAX) return fail('too_long');
    found.channel[field] = { value, creator: ctx.team.botUserId, last_set: ctx.state.nowSeconds() };
    return ok({ channel: channelObject(found.channel, ctx.team) });
  };
}

const open: MethodHandler = (ctx) => {
  const channelArg = str(ctx.params, 'channel');
  const users = list(ctx.params, 'users').filter((u) => u !== ctx.team.botUserId);
  let result: { channel: FakeSlackChannel; alreadyOpen: boolean };
  if (users.length === 0) {
    if (!channelArg) return fail('users_list_not_supplied');
    const found = visibleChannel(ctx, channelArg);
    if ('error' in found) return fail(found.error);
    if (!found.channel.isIm && !found.channel.isMpim) return fail('method_not_supported_for_channel_type');
    result = { channel: found.channel, alreadyOpen: true };
  } else {
    for (const user of users) if (!ctx.team.users.has(user)) return fail('user_not_found');
    if (users.length > 8) return fail('too_many_users');
    result = users.length === 1 ? ctx.state.openIm(ctx.team, users[0]!) : ctx.state.openMpim(ctx.team, users);
  }
  const full = bool(ctx.params, 'return_im');
  return ok({
    ...(result.alreadyOpen ? { no_op: true, already_open: true } : {}),
    channel: full || result.alreadyOpen ? channelObject(result.channel, ctx.team) : { id: result.channel.id },
  });
};

function page<T>(items: T[], key: (item: T) => string, ctx: MethodContext, defaultLimit: number): { items: T[]; next: string } | MethodResult {
  const limit = int(ctx.params, 'limit') ?? defaultLimit;
  if (!Number.isInteger(limit) || limit < 0 || limit > 1000) return fail('invalid_limit');
  const cursor = str(ctx.params, 'cursor');
  let start = 0;
  if (cursor) {
    const after = decodeCursor(cursor);
    const index = after === undefined ? -1 : items.findIndex((item) => key(item) === after);
    if (index < 0) return fail('invalid_cursor');
    start = index;
  }
  const size = limit === 0 ? defaultLimit : limit;
  const slice = items.slice(start, start + size);
  const following = items[start + size];
  return { items: slice, next: following === undefined ? '' : encodeCursor(key(following)) };
}

const members: MethodHandler = (ctx) => {
  const found = visibleChannel(ctx, str(ctx.params, 'channel'));
  if ('error' in found) return fail(found.error);
  const paged = page(found.channel.members, (m) => m, ctx, 100);
  if ('ok' in paged) return paged;
  return ok({ members: paged.items, response_metadata: { next_cursor: paged.next } });
};

function tsArg(ctx: MethodContext, key: string): number | undefined | 'bad' {
  const value = str(ctx.params, key);
  if (value === undefined || value === '') return undefined;
  return /^\d+(\.\d+)?$/.test(value) ? Number(value) : 'bad';
}

/** Newest first; thread replies stay in their thread; `metadata` only with include_all_metadata. */
const history: MethodHandler = (ctx) => {
  const found = visibleChannel(ctx, str(ctx.params, 'channel'));
  if ('error' in found) return fail(found.error);
  if (!found.channel.members.includes(ctx.team.botUserId)) return fail('not_in_channel');
  const oldest = tsArg(ctx, 'oldest');
  const latest = tsArg(ctx, 'latest');
  if (oldest === 'bad') return fail('invalid_ts_oldest');
  if (latest === 'bad') return fail('invalid_ts_latest');
  const inclusive = bool(ctx.params, 'inclusive');
  const all = (ctx.team.messages.get(found.channel.id) ?? [])
    .filter((m) => !m.threadTs || m.threadTs === m.ts)
    .filter((m) => oldest === undefined || (inclusive ? Number(m.ts) >= oldest : Number(m.ts) > oldest))
    .filter((m) => latest === undefined || (inclusive ? Number(m.ts) <= latest : Number(m.ts) < latest))
    .reverse();
  const paged = page(all, (m) => m.ts, ctx, 100);
  if ('ok' in paged) return paged;
  const metadata = bool(ctx.params, 'include_all_metadata');
  return ok({
    messages: paged.items.map((m) => messageObject(m, ctx.team, { metadata })),
    has_more: paged.next !== '',
    pin_count: 0,
    channel_actions_ts: null,
    channel_actions_count: 0,
    response_metadata: { next_cursor: paged.next },
  });
};

const info: MethodHandler = (ctx) => {
  const found = visibleChannel(ctx, str(ctx.params, 'channel'));
  if ('error' in found) return fail(found.error);
  return ok({ channel: channelObject(found.channel, ctx.team, { numMembers: bool(ctx.params, 'include_num_members') }) });
};

export const conversationMethods: Record<string, MethodHandler> = {
  'conversations.create': create,
  'conversations.archive': archive,
  'conversations.invite': invite,
  'conversations.kick': kick,
  'conversations.setTopic': setText('topic'),
  'conversations.setPurpose': setText('purpose'),
  'conversations.open': open,
  'conversations.members': members,
  'conversations.history': history,
  'conversations.info': info,
};

