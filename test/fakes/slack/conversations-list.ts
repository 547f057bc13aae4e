/**
 * conversations.list for the fake Slack (Tier 2), added beside the fake's own methods: the Slack
 * adapter uses it to find a channel by name after `name_taken` (was it our own earlier attempt?).
 * Import this module once before starting the fake; it registers the method.
 */
import { bool, decodeCursor, encodeCursor, int, str } from './http.ts';
import { METHODS, type MethodHandler } from './methods/index.ts';
import { SLACK_METHOD_LIMITS, SLACK_TIER_2 } from './rate-limit.ts';
import { channelObject } from './state.ts';
import type { FakeSlackChannel } from './types.ts';

const TYPES = new Set(['public_channel', 'private_channel', 'mpim', 'im']);

function typeOf(channel: FakeSlackChannel): string {
  if (channel.isIm) return 'im';
  if (channel.isMpim) return 'mpim';
  return channel.isPrivate ? 'private_channel' : 'public_channel';
}

/** Slack: public channels of the workspace, private ones the caller is in; `types` filters; cursor paging. */
const list: MethodHandler = (ctx) => {
  const wanted = (str(ctx.params, 'types') ?? 'public_channel').split(',').map((t) => t.trim()).filter(Boolean);
  if (wanted.some((t) => !TYPES.has(t))) return { ok: false, error: 'invalid_types' };
  const limit = int(ctx.params, 'limit') ?? 100;
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) return { ok: false, error: 'invalid_limit' };
  const excludeArchived = bool(ctx.params, 'exclude_archived');
  const visible = [...ctx.team.channels.values()].filter(
    (c) => wanted.includes(typeOf(c)) && (!c.isPrivate || c.members.includes(ctx.team.botUserId)) && !(excludeArchived && c.isArchived),
  );
  const cursor = str(ctx.params, 'cursor');
  const start = cursor ? visible.findIndex((c) => c.id === decodeCursor(cursor)) : 0;
  if (start < 0) return { ok: false, error: 'invalid_cursor' };
  const slice = visible.slice(start, start + limit);
  const following = visible[start + limit];
  return {
    ok: true,
    channels: slice.map((c) => channelObject(c, ctx.team)),
    response_metadata: { next_cursor: following ? encodeCursor(following.id) : '' },
  };
};

(METHODS as Record<string, MethodHandler>)['conversations.list'] = list;
(SLACK_METHOD_LIMITS as Record<string, number>)['conversations.list'] ??= SLACK_TIER_2;
