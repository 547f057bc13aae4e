/**
 * The opaque references the core stores for Teams. A channelRef is a Teams conversation id (a channel
 * `19:...@thread.tacv2` or a personal chat `a:...`), or `thread|{channelId}|{key}` for a fallback
 * "channel" that is one thread in a team channel. A messageRef is a thread id `{channel};messageid=N`
 * for a post that started a thread, else `{conversationId}|{activityId}`.
 */
const THREAD_PREFIX = 'thread|';
const MESSAGE_ID = ';messageid=';

export type ChannelTarget =
  | { kind: 'thread'; ref: string; channelId: string }
  | { kind: 'conversation'; conversationId: string };

export function threadRef(channelId: string, key: string): string {
  return `${THREAD_PREFIX}${channelId}|${key}`;
}

export function parseChannelRef(ref: string): ChannelTarget {
  if (ref.startsWith(THREAD_PREFIX)) {
    const [channelId = ''] = ref.slice(THREAD_PREFIX.length).split('|');
    return { kind: 'thread', ref, channelId };
  }
  return { kind: 'conversation', conversationId: ref };
}

/** A channel conversation id without its thread part. */
/**
 * The conversation a channelRef sends to (a fallback thread's channel until its thread exists), which
 * Teams counts rate limits for: a channel with all its threads.
 */
export function conversationOf(channelRef: string): string {
  const target = parseChannelRef(channelRef);
  if (target.kind === 'conversation') return baseConversationId(target.conversationId);
  return target.channelId;
}

export function baseConversationId(conversationId: string): string {
  const at = conversationId.indexOf(MESSAGE_ID);
  return at < 0 ? conversationId : conversationId.slice(0, at);
}

export function isThreadId(conversationId: string): boolean {
  return conversationId.includes(MESSAGE_ID);
}

/** The conversation of a reply in a thread: `threadRef` may be a thread id or a root activity id. */
export function threadConversation(channelId: string, threadRefValue: string): string {
  return isThreadId(threadRefValue) ? threadRefValue : `${baseConversationId(channelId)}${MESSAGE_ID}${threadRefValue}`;
}

export function messageRef(conversationId: string, activityId: string): string {
  return `${conversationId}|${activityId}`;
}

/** Where a message lives, to update it; `fallbackConversation` is the channel's for bare activity ids. */
export function parseMessageRef(ref: string, fallbackConversation: string): { conversationId: string; activityId: string } {
  const bar = ref.lastIndexOf('|');
  if (bar > 0) return { conversationId: ref.slice(0, bar), activityId: ref.slice(bar + 1) };
  const at = ref.indexOf(MESSAGE_ID);
  if (at > 0) return { conversationId: ref, activityId: ref.slice(at + MESSAGE_ID.length) };
  return { conversationId: fallbackConversation, activityId: ref };
}
