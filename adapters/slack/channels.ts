import { InvalidRequestError, NotFoundError, TargetGoneError, TransientError, type PlatformError } from '../../src/platform/errors.ts';
import type { CreateChannelRequest, InviteRequest } from '../../src/platform/port.ts';
import { clip } from './blocks.ts';
import { channelNameCandidate, channelNameCandidates, MAX_CHANNEL_NUMBER, slackChannelName } from './channel-name.ts';
import type { WebClient } from './clients.ts';
import { mapSlackError, slackCall, slackErrorCode } from './errors.ts';
import type { Installation } from './installations.ts';

/** conversations.create calls one createChannel makes at most; more means names are taken as fast as we try them. */
const MAX_CREATES_PER_ATTEMPT = 5;
/** How long what we learned about a workspace's channel names is used before Slack is asked again. */
const DIRECTORY_TTL_MS = 10 * 60_000;
/** Slack's limits on topic and purpose. */
const TOPIC_MAX = 250;
/** How far Slack's clock (a channel's `created`) and ours may disagree. */
const CLOCK_SKEW_MS = 5 * 60_000;
/** conversations.invite takes at most 1000 users per call. */
const INVITE_BATCH = 1000;

/** The fields of a conversation object we look at. */
interface Conversation {
  id: string;
  name?: string;
  creator?: string;
  /** Unix seconds, Slack's clock. */
  created?: number;
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
 * What this process knows about one workspace's channels, so that fifty partnerships whose names are
 * taken do not each pay a name_taken and a conversations.list (Tier 2) per candidate.
 */
interface Directory {
  /** Names known to be taken: listed, answered name_taken, or created by us. Forgotten after the TTL. */
  taken: Set<string>;
  /** Channels as the last listing showed them (ours patched in as we create and describe them), by name. */
  channels: Map<string, Conversation>;
  expiresAt: number;
  /** The listing under way, shared by every createChannel that started before it. */
  listing: { startedAt: number; done: Promise<void> } | null;
  /**
   * Channels this process created, or may have created (the answer was lost), whose purpose is not
   * set yet, by name: the targets that tried. Such a channel carries no marker, so it is adopted only
   * by the one target that certainly or possibly made it, never by a target whose name slugs alike.
   */
  unmarked: Map<string, Set<string>>;
}

/** Per bot client (one per token, so per workspace), then per workspace id. */
const directories = new WeakMap<WebClient, Map<string, Directory>>();

function directoryOf(deps: ChannelDeps): Directory {
  let byTeam = directories.get(deps.client);
  if (!byTeam) directories.set(deps.client, (byTeam = new Map()));
  let dir = byTeam.get(deps.installation.teamId);
  const now = performance.now();
  if (!dir) {
    dir = { taken: new Set(), channels: new Map(), expiresAt: now + DIRECTORY_TTL_MS, listing: null, unmarked: new Map() };
    byTeam.set(deps.installation.teamId, dir);
  } else if (dir.expiresAt <= now && !dir.listing) {
    // Channels get deleted and renamed: start over. What we may have made (unmarked) is kept.
    dir.taken.clear();
    dir.channels.clear();
    dir.expiresAt = now + DIRECTORY_TTL_MS;
  }
  return dir;
}

/**
 * Creates the channel under a Slack-safe name, or adopts the one an earlier attempt for the same
 * programme or partnership made (its answer lost, or the process died before it was recorded).
 *
 * A channel is ours only if this bot created it, no programme or partnership uses it, and its purpose
 * is the one asked for now (the core makes each purpose name its one programme or partnership); a
 * channel whose purpose never got set is ours only if this process tried that very name for this
 * target. Everything else is someone else's: the next free "-2", "-3" ... "-999" is taken instead,
 * found with one conversations.list per call at most (and none while the names are known).
 */
export async function createChannel(deps: ChannelDeps, request: CreateChannelRequest): Promise<{ channelRef: string; name: string }> {
  const base = slackChannelName(request.name);
  const target = targetKey(request);
  const dir = directoryOf(deps);
  const startedAt = performance.now();
  let listed = false;

  // An earlier attempt may have left us a channel: adopt it only as Slack shows it now.
  if (request.earlierAttemptSince || mayHaveOurs(deps, dir, target, request)) {
    await refresh(deps, dir, startedAt);
    listed = true;
    const ours = findOurs(deps, dir, target, request) ?? findLeftBehind(deps, dir, target, base, request.earlierAttemptSince);
    if (ours) return finish(deps, dir, ours, request);
  }

  let creates = 0;
  for (const name of channelNameCandidates(base)) {
    if (dir.taken.has(name)) continue;
    if (creates >= MAX_CREATES_PER_ATTEMPT) {
      throw new TransientError(`conversations.create: ${creates} names like ${base} were taken while trying them; trying again later`);
    }
    creates += 1;
    const created = await tryCreate(deps, dir, target, name);
    if (created) return finish(deps, dir, created, request);
    dir.taken.add(name);
    if (!listed) {
      // One listing tells every taken name (and whether one of them is ours), so the next try is free.
      await refresh(deps, dir, startedAt);
      listed = true;
      const ours = findOurs(deps, dir, target, request);
      if (ours) return finish(deps, dir, ours, request);
    }
  }
  throw new InvalidRequestError(`no free Slack channel name for "${request.name}" (${base} to ${channelNameCandidate(base, MAX_CHANNEL_NUMBER)} are taken)`);
}

/** Which programme or partnership the channel is for; without an owner, the name stands for it. */
function targetKey(request: CreateChannelRequest): string {
  return request.owner ? `${request.owner.type}:${request.owner.id}` : `name:${request.name}`;
}

/** The created channel, or null on name_taken. A create whose outcome is unknown is remembered, then thrown. */
async function tryCreate(deps: ChannelDeps, dir: Directory, target: string, name: string): Promise<Conversation | null> {
  try {
    const created = (await deps.client.conversations.create({ name, is_private: false })).channel as Conversation;
    dir.taken.add(name);
    dir.channels.set(name, created);
    // Certainly ours; its purpose (the marker) is still to be set.
    dir.unmarked.set(name, new Set([target]));
    return created;
  } catch (error) {
    if (slackErrorCode(error) === 'name_taken') return null;
    const failure = mapSlackError(error, 'conversations.create');
    if (failure instanceof TransientError) {
      // A 5xx, timeout or reset: the channel may exist now. Only this target may adopt it later.
      const tried = dir.unmarked.get(name) ?? new Set<string>();
      tried.add(target);
      dir.unmarked.set(name, tried);
    }
    throw failure;
  }
}

function mayHaveOurs(deps: ChannelDeps, dir: Directory, target: string, request: CreateChannelRequest): boolean {
  for (const targets of dir.unmarked.values()) if (targets.has(target)) return true;
  const marker = markerOf(request);
  if (!marker) return false;
  for (const channel of dir.channels.values()) if (channel.creator === deps.installation.botUserId && purposeOf(channel) === marker) return true;
  return false;
}

/** Our channel for this target in the directory: by its purpose, or unmarked and tried by this target alone. */
function findOurs(deps: ChannelDeps, dir: Directory, target: string, request: CreateChannelRequest): Conversation | null {
  const { botUserId, teamId } = deps.installation;
  const marker = markerOf(request);
  const byUs = [...dir.channels.values()].filter((c) => c.creator === botUserId && !c.is_archived);
  const marked = marker ? byUs.filter((c) => purposeOf(c) === marker) : [];
  const unmarked = byUs.filter((c) => {
    if (purposeOf(c) !== '' || !c.name) return false;
    const tried = dir.unmarked.get(c.name);
    return tried?.size === 1 && tried.has(target);
  });
  // Whether a programme or partnership uses it is asked last: it is a database look-up.
  return [...marked, ...unmarked].find((c) => !deps.isChannelInUse(teamId, c.id)) ?? null;
}

/**
 * A channel an attempt of an earlier process made before it died (no purpose yet, and no memory of it
 * survived): made by this bot, since that attempt began (give or take clock skew), under one of the
 * names this target tries, unused, and not one this process made for another target. The earliest is
 * taken; the dispatcher records it before anything else can adopt it.
 */
function findLeftBehind(deps: ChannelDeps, dir: Directory, target: string, base: string, since: Date | undefined): Conversation | null {
  if (!since) return null;
  const { botUserId, teamId } = deps.installation;
  const names = new Set(channelNameCandidates(base));
  const fromSeconds = (since.getTime() - CLOCK_SKEW_MS) / 1000;
  const candidates = [...dir.channels.values()]
    .filter((c) => c.creator === botUserId && !c.is_archived && purposeOf(c) === '' && !!c.name && names.has(c.name))
    .filter((c) => (c.created ?? 0) >= fromSeconds && (dir.unmarked.get(c.name!)?.has(target) ?? true))
    .sort((a, b) => (a.created ?? 0) - (b.created ?? 0));
  return candidates.find((c) => !deps.isChannelInUse(teamId, c.id)) ?? null;
}

/** Lists the workspace's channels into the directory, or waits for a listing that started after `since`. */
async function refresh(deps: ChannelDeps, dir: Directory, since: number): Promise<void> {
  if (dir.listing && dir.listing.startedAt >= since) return dir.listing.done;
  const startedAt = performance.now();
  const done = listChannels(deps.client).then((channels) => {
    for (const channel of channels) {
      if (!channel.name) continue;
      dir.taken.add(channel.name);
      dir.channels.set(channel.name, channel);
    }
  });
  const listing = { startedAt, done };
  dir.listing = listing;
  try {
    await done;
  } finally {
    if (dir.listing === listing) dir.listing = null;
  }
}

async function listChannels(client: WebClient): Promise<Conversation[]> {
  const all: Conversation[] = [];
  let cursor: string | undefined;
  do {
    const page = await slackCall('conversations.list', () =>
      client.conversations.list({ types: 'public_channel,private_channel', exclude_archived: false, limit: 1000, ...(cursor ? { cursor } : {}) }),
    );
    all.push(...((page.channels as Conversation[] | undefined) ?? []));
    cursor = page.response_metadata?.next_cursor || undefined;
  } while (cursor);
  return all;
}

/** Sets purpose (the marker) and topic; from then on the channel no longer depends on this process's memory. */
async function finish(deps: ChannelDeps, dir: Directory, channel: Conversation, request: CreateChannelRequest): Promise<{ channelRef: string; name: string }> {
  await describeChannel(deps.client, channel, request);
  const name = channel.name ?? '';
  const described: Conversation = {
    ...channel,
    ...(request.topic ? { topic: { value: slackTopic(request.topic) } } : {}),
    ...(request.purpose ? { purpose: { value: slackTopic(request.purpose) } } : {}),
  };
  if (name) {
    dir.channels.set(name, described);
    dir.unmarked.delete(name);
  }
  return { channelRef: channel.id, name };
}

/** The purpose set first: it is what marks the channel as this target's. */
async function describeChannel(client: WebClient, channel: Conversation, request: CreateChannelRequest): Promise<void> {
  const topic = slackTopic(request.topic ?? '');
  const purpose = slackTopic(request.purpose ?? '');
  if (purpose && purposeOf(channel) !== normalize(purpose)) {
    await slackCall('conversations.setPurpose', () => client.conversations.setPurpose({ channel: channel.id, purpose }));
  }
  if (topic && normalize(channel.topic?.value ?? '') !== normalize(topic)) {
    await slackCall('conversations.setTopic', () => client.conversations.setTopic({ channel: channel.id, topic }));
  }
}

function markerOf(request: CreateChannelRequest): string {
  return normalize(slackTopic(request.purpose ?? ''));
}

function purposeOf(channel: Conversation): string {
  return normalize(channel.purpose?.value ?? '');
}

/** Slack answers topic and purpose with &, < and > escaped, and may tidy whitespace. */
function normalize(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').replace(/\s+/g, ' ').trim();
}

/**
 * Topic and purpose are plain text of at most 250 characters, made from names users typed. Slack
 * shows them in messages ("set the channel topic: …"), so a `<!here>` or `<@U1>` in a name gets an
 * invisible word joiner after its `<`: shown the same, never a token.
 */
export function slackTopic(text: string): string {
  const safe = text.replace(/<(?=[!@#])/g, '<\u2060');
  return clip(safe, TOPIC_MAX);
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

/** Answers of conversations.kick that mean the user is out already (or is the bot itself). */
const ALREADY_OUT = new Set(['not_in_channel', 'cant_kick_self', 'user_not_found']);

/**
 * Takes users out of a channel (a member who leaves the group), one conversations.kick each: Slack
 * kicks one user per call. Someone who is out already is fine, so a retried delivery does no harm.
 */
export async function removeMembers(deps: ChannelDeps, request: InviteRequest): Promise<void> {
  const users = [...new Set(request.userRefs)].filter((u) => u && u !== deps.installation.botUserId);
  for (const user of users) {
    try {
      await deps.client.conversations.kick({ channel: request.channelRef, user });
    } catch (error) {
      const code = slackErrorCode(error);
      if (code !== null && ALREADY_OUT.has(code)) continue;
      throw mapSlackError(error, 'conversations.kick');
    }
  }
}
