/**
 * Answers to what a user typed or pressed, sent at once (not through the outbox: a form is no outbox
 * payload, and the user is waiting). One attempt through the same REST client as outbox sends, so no
 * SDK retry can post an answer twice; a 429 is waited out once if Teams asks for a short pause.
 *
 * Where: in a personal chat, there. In a channel, replies meant for everyone go into the thread; replies
 * only the user should see (Slack's ephemeral) and forms go to the user's personal chat with Tovholder,
 * because Teams has no ephemeral messages for bots; if that chat cannot be opened, into the thread.
 */
import type { Activity } from 'botbuilder';
import type { CommandReply } from '../../src/commands/types.ts';
import { RateLimitError } from '../../src/platform/errors.ts';
import { toActivity } from './cards.ts';
import type { Json } from './connector.ts';
import { formActivity } from './forms.ts';
import type { Bound, TeamsRuntime } from './runtime.ts';
import type { SeenActivity } from './store.ts';

const MAX_INLINE_WAIT_MS = 3_000;

export async function sendReply(runtime: TeamsRuntime, activity: Partial<Activity>, seen: SeenActivity, reply: CommandReply): Promise<void> {
  const bound = runtime.get();
  const outgoing = reply.type === 'form' ? formActivity(reply.form, reply.fallback.text) : toActivity(reply.message, (u) => runtime.nameOf(u));
  const here = activity.conversation!.id;
  const privateReply = reply.type === 'form' || reply.visibility === 'ephemeral';
  if (seen.kind === 'personal' || !privateReply || !seen.user) {
    await sendOnce(bound, seen.tenantId, here, { ...outgoing, ...(activity.id ? { replyToId: activity.id } : {}) });
    return;
  }
  const personal = await personalChat(bound, seen.tenantId, seen.user.id).catch((error: unknown) => {
    runtime.logger.info({ err: error, user: seen.user?.id }, 'cannot open a personal chat; answering in the thread');
    return null;
  });
  await sendOnce(bound, seen.tenantId, personal ?? here, outgoing);
}

async function personalChat(bound: Bound, tenantId: string, userId: string): Promise<string> {
  const known = bound.store.personalConversation(tenantId, userId);
  if (known && !bound.store.goneReason(known)) return known;
  const { id } = await bound.connector.openPersonal(tenantId, userId);
  bound.store.upsertConversation({ tenantId, conversationId: id, kind: 'personal', team: null, userId });
  return id;
}

async function sendOnce(bound: Bound, tenantId: string, conversationId: string, activity: Json): Promise<void> {
  try {
    await bound.connector.send(tenantId, conversationId, activity);
  } catch (error) {
    if (!(error instanceof RateLimitError) || error.retryAfterMs > MAX_INLINE_WAIT_MS) throw error;
    await new Promise((resolve) => setTimeout(resolve, error.retryAfterMs));
    await bound.connector.send(tenantId, conversationId, activity);
  }
}
