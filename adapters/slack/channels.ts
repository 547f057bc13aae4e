import { InvalidRequestError, NotFoundError, TargetGoneError, type PlatformError } from '../../src/platform/errors.ts';
import type { CreateChannelRequest, InviteRequest } from '../../src/platform/port.ts';
import { channelNameCandidate, slackChannelName } from './channel-name.ts';
import type { WebClient } from './clients.ts';
import { mapSlackError, slackCall, slackErrorCode } from './errors.ts';
import type { Installation } from './installations.ts';

/** How many "-2", "-3", ... we try before giving up on a name. */
const MAX_CANDIDATES = 50;
/** Slack's limits on topic and purpose. */
const TOPIC_MAX = 250;
/** conversations.invite takes at most 1000 users per call. */
const INVITE_BATCH = 1000;

/** The fields of a conversation object we look at. */
interface Conversation {
  id: string;
  name?: string;
  creator?: string;
  is_archived?: boolean;
  topic?: { value?: string };
  purpose?: { value?: string };
}

export interface ChannelDeps {
  client: WebClient;
  installation: Installation;
  /** True if a programme or partnership of this workspace already uses this channel. */
  isChannelInUse(workspaceId: string, channelRef: string): boolean;
}

/**
 * Creates the channel under a Slack-safe name. On name_taken it first checks whether the taken
 * channel is our own from an earlier attempt whose answer was lost (created by this bot, not used by
 * any programme or partnership, same or no purpose yet) and reuses it; otherwise it tries "-2", "-3"...
 */
export async function createChannel(deps: ChannelDeps, request: CreateChannelRequest): Promise<{ channelRef: string; name: string }> {
  const base = slackChannelName(request.name);
  for (let n = 1; n <= MAX_CANDIDATES; n += 1) {
    const name = channelNameCandidate(base, n);
    const channel = await createOrReuse(deps, request, name);
    if (!channel) continue;
    await describeChannel(deps.client, channel, request);
    return { channelRef: channel.id, name: channel.name ?? name };
  }
  throw new InvalidRequestError(`no free Slack channel name for "${request.name}" (tried ${base} to ${channelNameCandidate(base, MAX_CANDIDATES)})`);
}

/** The created channel, the reusable channel of that name, or null if the name belongs to someone else. */
async function createOrReuse(deps: ChannelDeps, request: CreateChannelRequest, name: string): Promise<Conversation | null> {
  try {
    const created = await deps.client.conversations.create({ name, is_private: false });
    return created.channel as Conversation;
  } catch (error) {
    if (slackErrorCode(error) !== 'name_taken') throw mapSlackError(error, 'conversations.create');
  }
  const existing = await findChannelByName(deps.client, name);
  return existing && isOurEarlierAttempt(deps, existing, request) ? existing : null;
}

function isOurEarlierAttempt(deps: ChannelDeps, channel: Conversation, request: CreateChannelRequest): boolean {
  if (channel.creator !== deps.installation.botUserId || channel.is_archived) return false;
  if (deps.isChannelInUse(deps.installation.teamId, channel.id)) return false;
  const purpose = channel.purpose?.value ?? '';
  // The purpose is set right after creation; an attempt that died in between left it empty.
  return purpose === '' || purpose === clipTopic(request.purpose ?? '');
}

async function findChannelByName(client: WebClient, name: string): Promise<Conversation | null> {
  let cursor: string | undefined;
  do {
    const page = await slackCall('conversations.list', () =>
      client.conversations.list({ types: 'public_channel,private_channel', exclude_archived: false, limit: 1000, ...(cursor ? { cursor } : {}) }),
    );
    const found = (page.channels as Conversation[] | undefined)?.find((c) => c.name === name);
    if (found) return found;
    cursor = page.response_metadata?.next_cursor || undefined;
  } while (cursor);
  return null;
}

async function describeChannel(client: WebClient, channel: Conversation, request: CreateChannelRequest): Promise<void> {
  const topic = clipTopic(request.topic ?? '');
  const purpose = clipTopic(request.purpose ?? '');
  if (topic && channel.topic?.value !== topic) {
    await slackCall('conversations.setTopic', () => client.conversations.setTopic({ channel: channel.id, topic }));
  }
  if (purpose && channel.purpose?.value !== purpose) {
    await slackCall('conversations.setPurpose', () => client.conversations.setPurpose({ channel: channel.id, purpose }));
  }
}

function clipTopic(text: string): string {
  return text.length <= TOPIC_MAX ? text : `${text.slice(0, TOPIC_MAX - 1)}…`;
}

/** Per-user answers that mean "nothing to do". */
const ALREADY_FINE = new Set(['already_in_channel', 'cant_invite_self']);

/**
 * Invites users; already_in_channel is success and the bot itself is skipped. With force, Slack
 * invites the valid users and lists the others; those are reported in one error naming each user.
 */
export async function inviteMembers(deps: ChannelDeps, request: InviteRequest): Promise<void> {
  const users = [...new Set(request.userRefs)].filter((u) => u && u !== deps.installation.botUserId);
  const failures: string[] = [];
  for (let i = 0; i < users.length; i += INVITE_BATCH) {
    const batch = users.slice(i, i + INVITE_BATCH);
    failures.push(...(await inviteBatch(deps.client, request.channelRef, batch)));
  }
  if (failures.length > 0) throw inviteFailure(request.channelRef, failures);
}

/** Invites one batch; returns "U1 (user_not_found)" for each user who could not be invited. */
async function inviteBatch(client: WebClient, channel: string, users: string[]): Promise<string[]> {
  try {
    // With force, a partial success is ok:true and lists the users it could not invite.
    const result = await client.conversations.invite({ channel, users: users.join(','), force: true });
    return unfine((result as { errors?: PerUser[] }).errors ?? [], 'error');
  } catch (error) {
    const code = slackErrorCode(error);
    if (code === null) throw mapSlackError(error, 'conversations.invite');
    const perUser = (error as { data?: { errors?: PerUser[] } }).data?.errors ?? [];
    if (perUser.length === 0) {
      if (ALREADY_FINE.has(code)) return [];
      // A call-level error (channel gone, not allowed): the same for every user.
      throw mapSlackError(error, 'conversations.invite');
    }
    return unfine(perUser, code);
  }
}

interface PerUser {
  user?: string;
  error?: string;
}

function unfine(perUser: PerUser[], fallback: string): string[] {
  return perUser.filter((e) => !ALREADY_FINE.has(e.error ?? '')).map((e) => `${e.user ?? '?'} (${e.error ?? fallback})`);
}

function inviteFailure(channel: string, failures: string[]): PlatformError {
  const message = `conversations.invite to ${channel}: could not invite ${failures.join(', ')}`;
  return failures.some((f) => f.includes('not_in_channel') || f.includes('is_archived'))
    ? new TargetGoneError(message)
    : new NotFoundError(message);
}
