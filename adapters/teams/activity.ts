/** Reading an inbound Teams activity: where it came from, who sent it, and what they typed. */
import type { Activity } from 'botbuilder';
import type { CommandContext } from '../../src/commands/types.ts';
import type { Locale } from '../../src/domain/text.ts';
import { baseConversationId } from './refs.ts';
import type { ConversationKind, SeenActivity, TeamsStore } from './store.ts';

interface TeamsChannelData {
  tenant?: { id?: string };
  team?: { id?: string; name?: string; aadGroupId?: string };
  channel?: { id?: string };
  eventType?: string;
}

export function channelData(activity: Partial<Activity>): TeamsChannelData {
  return (activity.channelData ?? {}) as TeamsChannelData;
}

export function tenantOf(activity: Partial<Activity>): string | undefined {
  return channelData(activity).tenant?.id ?? activity.conversation?.tenantId;
}

/** The references an activity carries; undefined for one without a tenant (not from Teams). */
export function seenFrom(activity: Partial<Activity>): SeenActivity | undefined {
  const tenantId = tenantOf(activity);
  const conversation = activity.conversation;
  if (!tenantId || !conversation?.id || !activity.serviceUrl) return undefined;
  const data = channelData(activity);
  const kind = (conversation.conversationType ?? 'personal') as ConversationKind;
  const from = activity.from;
  return {
    tenantId,
    serviceUrl: activity.serviceUrl,
    // Channel activities arrive in a thread (`{channel};messageid=N`): keep the channel.
    conversationId: kind === 'channel' ? (data.channel?.id ?? baseConversationId(conversation.id)) : conversation.id,
    kind,
    team: data.team?.id ? { id: data.team.id, ...(data.team.aadGroupId ? { aadGroupId: data.team.aadGroupId } : {}), ...(data.team.name ? { name: data.team.name } : {}) } : null,
    user: from?.id && from.id !== activity.recipient?.id ? { id: from.id, name: from.name ?? from.id, ...(from.aadObjectId ? { aadObjectId: from.aadObjectId } : {}) } : null,
  };
}

export function localeOf(activity: Partial<Activity>): Locale | undefined {
  const tag = (activity.locale ?? '').toLowerCase();
  if (tag.startsWith('da')) return 'da';
  if (tag.startsWith('en')) return 'en';
  return undefined;
}

/**
 * The command context: the tenant is the workspace (personal chats and teams of one organisation
 * share programmes); the channel is the one the core knows (a fallback thread maps to its ref).
 */
export function commandContext(activity: Partial<Activity>, seen: SeenActivity, store: TeamsStore): CommandContext {
  const channelRef = seen.kind === 'channel' ? (store.threadChannelRef(activity.conversation!.id) ?? seen.conversationId) : seen.conversationId;
  const locale = localeOf(activity);
  return {
    platform: 'teams',
    workspaceId: seen.tenantId,
    userRef: activity.from?.id ?? '',
    userName: activity.from?.name ?? activity.from?.id ?? '',
    channelRef,
    ...(locale ? { locale } : {}),
  };
}

interface MentionEntity {
  type?: string;
  text?: string;
  mentioned?: { id?: string; name?: string };
}

/**
 * The command text: the bot's own @mention removed, other @mentions written the way the core parses
 * members (`<@id|Name>`, quoted so a name with spaces stays one word), Teams' HTML entities decoded.
 */
export function commandText(activity: Partial<Activity>): string {
  let text = activity.text ?? '';
  for (const entity of (activity.entities ?? []) as MentionEntity[]) {
    if (entity.type !== 'mention' || !entity.text || !entity.mentioned?.id) continue;
    const replacement = entity.mentioned.id === activity.recipient?.id ? '' : `"<@${entity.mentioned.id}|${cleanName(entity.mentioned.name ?? '')}>"`;
    text = text.split(entity.text).join(replacement);
  }
  return decodeEntities(text.replace(/<\/?(?!@)[a-z][^>]*>/gi, ' ')).replace(/\s+/g, ' ').trim();
}

function cleanName(name: string): string {
  return name.replace(/[<>|"“”«»„]/g, '').trim();
}

function decodeEntities(text: string): string {
  return text.replace(/&nbsp;/g, ' ').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}
