/**
 * Answers to what a user typed or pressed. The user is waiting, so the answer is tried at once, in the
 * turn, with the same one-attempt REST client as outbox sends (no SDK retry can post it twice). If
 * Teams answers 429, 5xx or nothing at all, the answer is handed to the outbox as a proactive message
 * (paced, retried after Retry-After, checked with findSent before a repeat, so it arrives once), and
 * the turn is answered at once: Teams gives a bot about 15 s, and a turn that fails gets no reply.
 * A form cannot wait in the outbox (it is no outbox payload): its text fallback does.
 *
 * Where: in a personal chat, there. In a channel, replies meant for everyone go into the thread; replies
 * only the user should see (Slack's ephemeral) and forms go to the user's personal chat with Tovholder,
 * because Teams has no ephemeral messages for bots; if that chat cannot be opened, into the thread.
 */
import { randomUUID } from 'node:crypto';
import type { Activity } from 'botbuilder';
import type { CommandReply } from '../../src/commands/types.ts';
import type { RichMessage } from '../../src/messages/model.ts';
import { RateLimitError, TransientError } from '../../src/platform/errors.ts';
import { toActivity } from './cards.ts';
import type { Json } from './connector.ts';
import { formActivity } from './forms.ts';
import type { Bound, TeamsRuntime } from './runtime.ts';
import { withSentKey } from './sent.ts';
import type { SeenActivity } from './store.ts';

interface Answer {
  activity: Json;
  /** What the outbox posts if the answer cannot go out in the turn. */
  message: RichMessage;
  /** One per turn: the outbox's idempotency key, and the key findSent looks for. */
  key: string;
}

export async function sendReply(runtime: TeamsRuntime, activity: Partial<Activity>, seen: SeenActivity, reply: CommandReply): Promise<void> {
  const bound = runtime.get();
  const message = reply.type === 'form' ? reply.fallback : reply.message;
  const key = `teams-reply:${activity.conversation!.id}:${activity.id ?? randomUUID()}`;
  const outgoing = reply.type === 'form' ? formActivity(reply.form, reply.fallback.text) : toActivity(reply.message, (u) => runtime.nameOf(u));
  const answer: Answer = { activity: withSentKey(outgoing, key), message, key };
  const here = activity.conversation!.id;
  const privateReply = reply.type === 'form' || reply.visibility === 'ephemeral';
  if (seen.kind === 'personal' || !privateReply || !seen.user) {
    await sendOrQueue(runtime, seen.tenantId, here, { ...answer, activity: { ...answer.activity, ...(activity.id ? { replyToId: activity.id } : {}) } });
    return;
  }
  const personal = await personalChat(bound, seen.tenantId, seen.user.id).catch((error: unknown) => {
    runtime.logger.info({ err: error, user: seen.user?.id }, 'cannot open a personal chat; answering in the thread');
    return null;
  });
  await sendOrQueue(runtime, seen.tenantId, personal ?? here, answer);
}

async function personalChat(bound: Bound, tenantId: string, userId: string): Promise<string> {
  const known = bound.store.personalConversation(tenantId, userId);
  if (known && !bound.store.goneReason(known)) return known;
  const { id } = await bound.connector.openPersonal(tenantId, userId);
  bound.store.upsertConversation({ tenantId, conversationId: id, kind: 'personal', team: null, userId });
  return id;
}

/** One attempt now; on a rate limit or an unknown outcome the outbox takes over (never both: see findSent). */
async function sendOrQueue(runtime: TeamsRuntime, tenantId: string, conversationId: string, answer: Answer): Promise<void> {
  const bound = runtime.get();
  try {
    await bound.connector.send(tenantId, conversationId, answer.activity);
  } catch (error) {
    if (!(error instanceof RateLimitError) && !(error instanceof TransientError)) throw error;
    const now = bound.core.clock.now();
    const waitMs = error instanceof RateLimitError ? error.retryAfterMs : 0;
    bound.core.repos.deliveries.enqueue(
      {
        idempotencyKey: answer.key,
        platform: 'teams',
        workspaceId: tenantId,
        programmeId: null,
        target: { type: 'channel', channelRef: conversationId },
        payload: { op: 'post', message: answer.message },
        notBefore: new Date(now.getTime() + waitMs),
        // A 5xx or a reset may come after Teams stored it: look before posting again.
        uncertain: error instanceof TransientError,
      },
      now,
    );
    runtime.logger.info({ err: error, conversation: conversationId, delivery: answer.key }, 'answer not sent in the turn; the outbox sends it');
  }
}
