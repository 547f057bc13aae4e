/**
 * findSent for Teams: did a post whose answer was lost (a 502 after Teams stored it, a reset) arrive?
 * The Bot Connector cannot list what a bot posted, so the conversation is read back through Microsoft
 * Graph and the post is recognised by its key:
 * - a card carries the delivery's key as the id of an invisible TextBlock (Graph returns a card
 *   attachment's JSON as it was sent);
 * - a one-paragraph text (no card) is recognised by its text, posted by this app since the first attempt.
 * Channels and their threads need the resource-specific permission ChannelMessage.Read.Group, which the
 * manifest asks for and the team owner grants when adding the app. A personal chat needs the
 * application permission Chat.Read.WhereInstalled (admin consent; a protected API): a tenant that does
 * not grant it gets a 403, remembered (graph-refusals.ts), and there the outbox posts again (a rare
 * duplicate rather than a lost message). See README.md "Duplicates after a lost answer".
 */
import { createHash } from 'node:crypto';
import { RateLimitError, TransientError } from '../../src/platform/errors.ts';
import type { FindSentRequest } from '../../src/platform/port.ts';
import { ADAPTIVE_CARD, isPlain, toActivity, type NameOf } from './cards.ts';
import type { Json } from './connector.ts';
import { GraphPermissionError } from './errors.ts';
import type { GraphMessage, GraphPage } from './graph.ts';
import { baseConversationId, isThreadId, messageRef, parseChannelRef, threadConversation } from './refs.ts';
import type { Bound } from './runtime.ts';

const KEY_PREFIX = 'tovholder-sent-';
/** Graph returns 50 messages a page; a lost post is among the last few, so a few pages are plenty. */
const MAX_PAGES = 4;
/** Clock skew between us and Teams when comparing a message's time with the first attempt. */
const SKEW_MS = 120_000;

export function sentKeyId(key: string): string {
  return `${KEY_PREFIX}${createHash('sha256').update(key).digest('hex').slice(0, 24)}`;
}

/** Stamps a card with the key (an invisible element); a text-only activity is left as it is. */
export function withSentKey(activity: Json, key: string): Json {
  const attachments = activity.attachments as Array<{ contentType: string; content: Json }> | undefined;
  if (!attachments?.length || attachments[0]!.contentType !== ADAPTIVE_CARD) return activity;
  const [card, ...rest] = attachments;
  const body = [...((card!.content.body as Json[] | undefined) ?? []), { type: 'TextBlock', id: sentKeyId(key), text: ' ', isVisible: false }];
  return { ...activity, attachments: [{ ...card, content: { ...card!.content, body } }, ...rest] };
}

/** Where to read, and how a found message becomes the messageRef postMessage would have returned. */
type ReadBack =
  | { kind: 'channel'; teamId: string; channelId: string; asRef: (id: string) => string }
  | { kind: 'replies'; teamId: string; channelId: string; rootId: string; asRef: (id: string) => string }
  | { kind: 'chat'; userId: string; asRef: (id: string) => string };

/** Who we are on Graph (a message's `from.application.id`) and how mentions read in a text. */
export interface SentContext {
  appId: string;
  nameOf: NameOf;
}

export async function findSent(bound: Bound, request: FindSentRequest, ctx: SentContext): Promise<{ messageRef: string } | null> {
  const where = readBackOf(bound, request);
  if (!where) return null;
  const scope = where.kind === 'chat' ? `tenant:${request.workspaceId}` : `team:${where.teamId}`;
  const permission = where.kind === 'chat' ? 'Chat.Read.WhereInstalled' : 'ChannelMessage.Read.Group';
  if (bound.refusals.isRefused(scope, permission)) return null;
  let messages: GraphMessage[];
  try {
    messages = await read(bound, request.workspaceId, where, request.since, ctx.appId);
  } catch (error) {
    // Graph busy or unreachable: the delivery waits and asks again. Any other refusal (no consent, a
    // chat Graph does not know) must not cost the message: it is posted again.
    if (error instanceof RateLimitError || error instanceof TransientError) throw error;
    if (error instanceof GraphPermissionError) bound.refusals.refuse(scope, permission, error.message);
    bound.core.logger.warn({ err: error, scope, permission }, 'cannot read the conversation back through Graph; a lost answer may be posted twice there');
    return null;
  }
  const found = messages.find((m) => matches(m, request, ctx));
  if (!found) return null;
  if (where.kind === 'channel' && parseChannelRef(request.channelRef).kind === 'thread') bound.store.setThreadId(request.channelRef, where.asRef(found.id));
  return { messageRef: where.asRef(found.id) };
}

function readBackOf(bound: Bound, request: FindSentRequest): ReadBack | null {
  const target = parseChannelRef(request.channelRef);
  let conversationId = target.kind === 'thread' ? (bound.store.thread(request.channelRef)?.threadId ?? target.channelId) : target.conversationId;
  if (target.kind === 'conversation' && request.threadRef) conversationId = threadConversation(conversationId, request.threadRef);
  const row = bound.store.conversation(baseConversationId(conversationId));
  if (row?.kind === 'personal') {
    const aad = row.userId ? bound.store.user(row.userId)?.aadObjectId : undefined;
    return aad ? { kind: 'chat', userId: aad, asRef: (id) => messageRef(conversationId, id) } : null;
  }
  const teamId = row?.teamId;
  const team = teamId ? bound.store.team(teamId) : undefined;
  if (!team?.aadGroupId) return null;
  const channelId = baseConversationId(conversationId);
  if (isThreadId(conversationId)) {
    const rootId = conversationId.slice(conversationId.indexOf(';messageid=') + ';messageid='.length);
    return { kind: 'replies', teamId: team.teamId, channelId, rootId, asRef: (id) => messageRef(conversationId, id) };
  }
  // A post to a channel started a thread: its ref is the thread's id.
  return { kind: 'channel', teamId: team.teamId, channelId, asRef: (id) => `${channelId};messageid=${id}` };
}

async function read(bound: Bound, tenantId: string, where: ReadBack, since: Date, appId: string): Promise<GraphMessage[]> {
  const group = where.kind === 'chat' ? '' : encodeURIComponent(bound.store.team(where.teamId)!.aadGroupId!);
  const channel = where.kind === 'chat' ? '' : encodeURIComponent(where.channelId);
  const graph = bound.graph;
  const first =
    where.kind === 'chat'
      ? () => graph.page(tenantId, 'GET', `/v1.0/chats/${encodeURIComponent(personalChatId(where.userId, appId))}/messages`)
      : where.kind === 'channel'
        ? () => graph.page(tenantId, 'GET', `/v1.0/teams/${group}/channels/${channel}/messages`)
        : () => graph.page(tenantId, 'GET', `/v1.0/teams/${group}/channels/${channel}/messages/${encodeURIComponent(where.rootId)}/replies`);
  const all: GraphMessage[] = [];
  let next: (() => Promise<GraphPage>) | undefined = first;
  for (let page = 0; next && page < MAX_PAGES; page += 1) {
    const result: GraphPage = await next();
    all.push(...result.value);
    // Graph lists newest first (not documented for channels): a page wholly older than the first
    // attempt ends the search; in any other order the pages are read up to MAX_PAGES.
    if (result.value.length > 0 && result.value.every((m) => Date.parse(m.createdDateTime) < since.getTime() - SKEW_MS)) break;
    const link: string | undefined = result.nextLink;
    next = link ? () => graph.page(tenantId, 'GET', link) : undefined;
  }
  return all;
}

/** Graph's id of a user's 1:1 chat with a bot. */
export function personalChatId(userAadObjectId: string, appId: string): string {
  return `19:${userAadObjectId}_${appId}@unq.gbl.spaces`;
}

function matches(message: GraphMessage, request: FindSentRequest, ctx: SentContext): boolean {
  if (message.from?.application?.id !== ctx.appId) return false;
  if (Date.parse(message.createdDateTime) < request.since.getTime() - SKEW_MS) return false;
  const id = sentKeyId(request.idempotencyKey);
  if ((message.attachments ?? []).some((a) => typeof a.content === 'string' && a.content.includes(id))) return true;
  return !!request.message && isPlain(request.message) && sameText(message.body?.content ?? '', String(toActivity(request.message, ctx.nameOf).text ?? ''));
}

/** Teams turns the markdown we sent into HTML: compare the words, without markup. */
function sameText(html: string, sent: string): boolean {
  return words(html) === words(sent);
}

const ENTITIES: Record<string, string> = { '&nbsp;': ' ', '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

function words(text: string): string {
  return text
    .replace(/<[^>]+>/g, ' ')
    .replace(/&(nbsp|amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e] ?? e)
    .replace(/[*_]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}
