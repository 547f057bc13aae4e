/**
 * Builders for inbound Teams activities as the Bot Framework channel delivers them: 1:1 messages,
 * channel @mentions, install events, Adaptive Card Action.Submit and Action.Execute.
 */
import { randomBytes } from 'node:crypto';
import type { FakeConversation, FakeTeam, FakeUser, Json } from './state.ts';

export interface ActivityContext {
  serviceUrl: string;
  tenantId: string;
  appId: string;
  /** Bot display name used in mentions. Default `Tovholder`. */
  botName?: string;
}

export function botAccount(ctx: ActivityContext): { id: string; name: string } {
  return { id: `28:${ctx.appId}`, name: ctx.botName ?? 'Tovholder' };
}

let lastId = 0;
function activityId(): string {
  lastId = Math.max(Date.now(), lastId + 1);
  return String(lastId);
}

function base(ctx: ActivityContext, from: FakeUser | undefined, conversation: Json, channelData: Json): Json {
  const now = new Date();
  return {
    id: activityId(),
    timestamp: now.toISOString(),
    localTimestamp: now.toISOString().replace('Z', '+01:00'),
    localTimezone: 'Europe/Copenhagen',
    serviceUrl: ctx.serviceUrl,
    channelId: 'msteams',
    ...(from ? { from: { id: from.id, name: from.name, aadObjectId: from.aadObjectId } } : {}),
    conversation,
    recipient: botAccount(ctx),
    locale: 'da-DK',
    entities: [{ type: 'clientInfo', locale: 'da-DK', country: 'DK', platform: 'Web', timezone: 'Europe/Copenhagen' }],
    channelData: { ...channelData, tenant: { id: ctx.tenantId } },
  };
}

function personalConversation(ctx: ActivityContext, conversation: FakeConversation): Json {
  return { conversationType: 'personal', tenantId: ctx.tenantId, id: conversation.id };
}

function teamData(team: FakeTeam, channelId: string): Json {
  return { teamsChannelId: channelId, teamsTeamId: team.id, channel: { id: channelId }, team: { id: team.id, name: team.name, aadGroupId: team.aadGroupId } };
}

/** A 1:1 message from `user` to the bot; `attachments` e.g. a shared file (FakeOneDrive#shareFile). */
export function personalMessage(ctx: ActivityContext, input: { user: FakeUser; conversation: FakeConversation; text: string; attachments?: Json[] }): Json {
  const attachments = input.attachments ? { attachments: input.attachments } : {};
  return { ...base(ctx, input.user, personalConversation(ctx, input.conversation), {}), type: 'message', text: input.text, textFormat: 'plain', ...attachments };
}

/**
 * A channel message that @mentions the bot, as a new post (`threadRootId` omitted) or a reply in
 * a thread. The conversation id is `{channel};messageid={root}` as Teams sends it.
 */
export function channelMention(ctx: ActivityContext, input: { user: FakeUser; team: FakeTeam; channelId?: string; text: string; threadRootId?: string }): Json {
  const channelId = input.channelId ?? input.team.id;
  const bot = botAccount(ctx);
  const mention = `<at>${bot.name}</at>`;
  const activity = base(ctx, input.user, {}, teamData(input.team, channelId));
  const rootId = input.threadRootId ?? String(activity.id);
  return {
    ...activity,
    type: 'message',
    text: `${mention} ${input.text}`,
    textFormat: 'plain',
    conversation: { isGroup: true, conversationType: 'channel', tenantId: ctx.tenantId, id: `${channelId};messageid=${rootId}` },
    entities: [{ type: 'mention', text: mention, mentioned: bot }, ...(activity.entities as Json[])],
    ...(input.threadRootId ? { replyToId: input.threadRootId } : {}),
  };
}

/** conversationUpdate: the bot was added to a team (sent to the General channel). */
export function botAddedToTeam(ctx: ActivityContext, input: { team: FakeTeam; by: FakeUser }): Json {
  return {
    ...base(ctx, input.by, { isGroup: true, conversationType: 'channel', tenantId: ctx.tenantId, id: input.team.id }, {
      ...teamData(input.team, input.team.id),
      eventType: 'teamMemberAdded',
      settings: { selectedChannel: { id: input.team.id } },
    }),
    type: 'conversationUpdate',
    membersAdded: [{ id: botAccount(ctx).id }],
  };
}

/** conversationUpdate: a user installed the bot in personal scope. */
export function botInstalledPersonal(ctx: ActivityContext, input: { user: FakeUser; conversation: FakeConversation }): Json {
  return { ...base(ctx, input.user, personalConversation(ctx, input.conversation), {}), type: 'conversationUpdate', membersAdded: [{ id: botAccount(ctx).id }] };
}

/** conversationUpdate: users joined a team the bot is in. */
export function membersAddedToTeam(ctx: ActivityContext, input: { team: FakeTeam; users: FakeUser[]; by: FakeUser }): Json {
  return {
    ...base(ctx, input.by, { isGroup: true, conversationType: 'channel', tenantId: ctx.tenantId, id: input.team.id }, { ...teamData(input.team, input.team.id), eventType: 'teamMemberAdded' }),
    type: 'conversationUpdate',
    membersAdded: input.users.map((u) => ({ id: u.id, aadObjectId: u.aadObjectId })),
  };
}

type Where = { conversation: FakeConversation } | { team: FakeTeam; channelId?: string; threadRootId: string };

function placeOf(ctx: ActivityContext, where: Where): { conversation: Json; channelData: Json } {
  if ('conversation' in where) return { conversation: personalConversation(ctx, where.conversation), channelData: {} };
  const channelId = where.channelId ?? where.team.id;
  return {
    conversation: { isGroup: true, conversationType: 'channel', tenantId: ctx.tenantId, id: `${channelId};messageid=${where.threadRootId}` },
    channelData: teamData(where.team, channelId),
  };
}

/** Adaptive Card Action.Submit: a message activity with `value` and no text, replying to the card. */
export function cardSubmit(ctx: ActivityContext, input: { user: FakeUser; cardActivityId: string; value: Json } & Where): Json {
  const place = placeOf(ctx, input);
  return {
    ...base(ctx, input.user, place.conversation, { ...place.channelData, source: { name: 'message' }, legacy: { replyToId: input.cardActivityId } }),
    type: 'message',
    replyToId: input.cardActivityId,
    value: input.value,
  };
}

/** Adaptive Card Action.Execute (Universal Actions): an `adaptiveCard/action` invoke. */
export function cardExecute(ctx: ActivityContext, input: { user: FakeUser; cardActivityId: string; verb: string; data?: Json } & Where): Json {
  const place = placeOf(ctx, input);
  return {
    ...base(ctx, input.user, place.conversation, { ...place.channelData, source: { name: 'message' }, legacy: { replyToId: input.cardActivityId } }),
    id: `f:${randomBytes(12).toString('hex')}`,
    type: 'invoke',
    name: 'adaptiveCard/action',
    replyToId: input.cardActivityId,
    value: { action: { type: 'Action.Execute', verb: input.verb, data: input.data ?? {} }, trigger: 'manual' },
  };
}

/**
 * The user's answer to a file consent card: a `fileConsent/invoke` with the card's accept or decline
 * context, and on accept the upload session Teams opened in the user's OneDrive (`uploadInfo`).
 */
export function fileConsentInvoke(
  ctx: ActivityContext,
  input: { user: FakeUser; conversation: FakeConversation; cardActivityId: string; card: Json; action: 'accept' | 'decline'; uploadInfo?: Json },
): Json {
  const content = (input.card.content ?? {}) as { acceptContext?: unknown; declineContext?: unknown };
  return {
    ...base(ctx, input.user, personalConversation(ctx, input.conversation), {}),
    id: `f:${randomBytes(12).toString('hex')}`,
    type: 'invoke',
    name: 'fileConsent/invoke',
    replyToId: input.cardActivityId,
    value: {
      type: 'fileUpload',
      action: input.action,
      context: input.action === 'accept' ? content.acceptContext : content.declineContext,
      ...(input.action === 'accept' && input.uploadInfo ? { uploadInfo: input.uploadInfo } : {}),
    },
  };
}
