/**
 * The fake workspaces' data: users, channels (public, private, IM, MPIM), messages, views and files,
 * plus id and `ts` generation. Nothing here knows about HTTP; the method handlers use it.
 */
import type {
  FakeSlackChannel,
  FakeSlackEphemeral,
  FakeSlackFile,
  FakeSlackMessage,
  FakeSlackTeamInput,
  FakeSlackUser,
  FakeSlackUserInput,
  FakeSlackView,
  Json,
} from './types.ts';

export const DEFAULT_FAKE_SLACK_TEAM: FakeSlackTeamInput = {
  teamId: 'T0TOVHOLD',
  teamName: 'Tovholder Test',
  botToken: 'xoxb-fake-T0TOVHOLD',
  botUserId: 'U0TOVBOT',
  users: [
    { id: 'U0ANNE', name: 'anne', realName: 'Anne Ærø', email: 'anne@example.dk' },
    { id: 'U0BO', name: 'bo', realName: 'Bo Øster', email: 'bo@example.dk' },
    { id: 'U0CARL', name: 'carl', realName: 'Carl Åby', email: 'carl@example.dk' },
  ],
};

export interface TeamState {
  teamId: string;
  name: string;
  domain: string;
  botToken: string;
  botUserId: string;
  botId: string;
  appId: string;
  users: Map<string, FakeSlackUser>;
  channels: Map<string, FakeSlackChannel>;
  /** IM channel id per user id. */
  ims: Map<string, string>;
  /** MPIM channel id per sorted member list. */
  mpims: Map<string, string>;
  messages: Map<string, FakeSlackMessage[]>;
  ephemerals: FakeSlackEphemeral[];
  views: Map<string, FakeSlackView>;
  files: Map<string, FakeSlackFile>;
}

export class SlackState {
  readonly teams = new Map<string, TeamState>();
  private readonly byToken = new Map<string, string>();
  /** Tokens revoked by revokeToken: their team, and what Slack answers them. */
  private readonly revoked = new Map<string, { teamId: string; error: string }>();
  private counter = 0;
  private lastTsMicros = 0n;

  constructor(
    teams: FakeSlackTeamInput[],
    private readonly now: () => number,
  ) {
    for (const team of teams) this.addTeam(team);
  }

  addTeam(input: FakeSlackTeamInput): TeamState {
    if (this.teams.has(input.teamId)) throw new Error(`team ${input.teamId} exists`);
    const team: TeamState = {
      teamId: input.teamId,
      name: input.teamName ?? input.teamId,
      domain: input.domain ?? input.teamId.toLowerCase(),
      botToken: input.botToken,
      botUserId: input.botUserId,
      botId: input.botId ?? `B${input.botUserId.slice(1)}`,
      appId: input.appId ?? `A${input.teamId.slice(1)}`,
      users: new Map(),
      channels: new Map(),
      ims: new Map(),
      mpims: new Map(),
      messages: new Map(),
      ephemerals: [],
      views: new Map(),
      files: new Map(),
    };
    this.teams.set(team.teamId, team);
    this.byToken.set(team.botToken, team.teamId);
    this.addUser(team.teamId, { id: team.botUserId, name: 'tovholder', realName: 'Tovholder', isBot: true });
    for (const user of input.users) this.addUser(team.teamId, user);
    return team;
  }

  /**
   * Revokes the team's bot token, as uninstalling the app does: from now on every call with it is
   * answered `error` (Slack: token_revoked; account_inactive for a deactivated workspace). The team
   * gets a new token, which the next install (oauth.v2.access) hands out. Returns the revoked one.
   */
  revokeToken(teamId: string, error = 'token_revoked'): string {
    const team = this.team(teamId);
    const old = team.botToken;
    this.byToken.delete(old);
    this.revoked.set(old, { teamId, error });
    team.botToken = `${old.replace(/-r\d+$/, '')}-r${this.revoked.size}`;
    this.byToken.set(team.botToken, teamId);
    return old;
  }

  revokedToken(token: string): { teamId: string; error: string } | undefined {
    return this.revoked.get(token);
  }

  teamByToken(token: string): TeamState | undefined {
    const teamId = this.byToken.get(token);
    return teamId === undefined ? undefined : this.teams.get(teamId);
  }

  team(teamId: string): TeamState {
    const team = this.teams.get(teamId);
    if (!team) throw new Error(`unknown team ${teamId}`);
    return team;
  }

  addUser(teamId: string, input: FakeSlackUserInput): FakeSlackUser {
    const user: FakeSlackUser = {
      id: input.id,
      teamId,
      name: input.name,
      realName: input.realName ?? input.name,
      ...(input.email !== undefined ? { email: input.email } : {}),
      isBot: input.isBot ?? false,
      isAdmin: input.isAdmin ?? false,
      deleted: false,
    };
    this.team(teamId).users.set(user.id, user);
    return user;
  }

  /** A new id like `C0000001A`, unique across all teams (so a foreign team's id is simply unknown). */
  newId(prefix: string): string {
    this.counter += 1;
    return `${prefix}0${this.counter.toString(36).toUpperCase().padStart(7, '0')}`;
  }

  /** Message timestamps: `seconds.micros`, strictly increasing across the whole fake. */
  nextTs(): string {
    const nowMicros = BigInt(Math.floor(this.now())) * 1000n;
    this.lastTsMicros = nowMicros > this.lastTsMicros ? nowMicros : this.lastTsMicros + 100n;
    const secs = this.lastTsMicros / 1_000_000n;
    const micros = this.lastTsMicros % 1_000_000n;
    return `${secs}.${micros.toString().padStart(6, '0')}`;
  }

  nowSeconds(): number {
    return Math.floor(this.now() / 1000);
  }

  createChannel(team: TeamState, spec: { name: string; isPrivate: boolean; creator: string }): FakeSlackChannel {
    const channel: FakeSlackChannel = {
      // Slack gives new private channels C ids too (G was the legacy prefix).
      id: this.newId('C'),
      name: spec.name,
      isPrivate: spec.isPrivate,
      isIm: false,
      isMpim: false,
      isArchived: false,
      created: this.nowSeconds(),
      creator: spec.creator,
      topic: { value: '', creator: '', last_set: 0 },
      purpose: { value: '', creator: '', last_set: 0 },
      members: [spec.creator],
    };
    team.channels.set(channel.id, channel);
    team.messages.set(channel.id, []);
    return channel;
  }

  /** The bot's IM with a user, opened on first use. */
  openIm(team: TeamState, userId: string): { channel: FakeSlackChannel; alreadyOpen: boolean } {
    const existing = team.ims.get(userId);
    if (existing) return { channel: team.channels.get(existing)!, alreadyOpen: true };
    const channel: FakeSlackChannel = {
      id: this.newId('D'),
      name: userId,
      isPrivate: true,
      isIm: true,
      isMpim: false,
      isArchived: false,
      user: userId,
      created: this.nowSeconds(),
      creator: team.botUserId,
      topic: { value: '', creator: '', last_set: 0 },
      purpose: { value: '', creator: '', last_set: 0 },
      members: [team.botUserId, userId],
    };
    team.channels.set(channel.id, channel);
    team.messages.set(channel.id, []);
    team.ims.set(userId, channel.id);
    return { channel, alreadyOpen: false };
  }

  openMpim(team: TeamState, userIds: string[]): { channel: FakeSlackChannel; alreadyOpen: boolean } {
    const members = [team.botUserId, ...userIds.filter((u) => u !== team.botUserId)];
    const key = [...members].sort().join(',');
    const existing = team.mpims.get(key);
    if (existing) return { channel: team.channels.get(existing)!, alreadyOpen: true };
    const channel: FakeSlackChannel = {
      id: this.newId('G'),
      name: `mpdm-${members.map((m) => team.users.get(m)?.name ?? m).join('--')}-1`,
      isPrivate: true,
      isIm: false,
      isMpim: true,
      isArchived: false,
      created: this.nowSeconds(),
      creator: team.botUserId,
      topic: { value: '', creator: '', last_set: 0 },
      purpose: { value: '', creator: '', last_set: 0 },
      members,
    };
    team.channels.set(channel.id, channel);
    team.messages.set(channel.id, []);
    team.mpims.set(key, channel.id);
    return { channel, alreadyOpen: false };
  }

  /** Store a message (bot or user) at a fresh ts. */
  addMessage(team: TeamState, message: Omit<FakeSlackMessage, 'ts' | 'edits'>): FakeSlackMessage {
    const stored: FakeSlackMessage = { ...message, ts: this.nextTs(), edits: [] };
    const list = team.messages.get(message.channel) ?? [];
    list.push(stored);
    team.messages.set(message.channel, list);
    return stored;
  }
}

// ---- Wire shapes ------------------------------------------------------------------------------

export function channelObject(channel: FakeSlackChannel, team: TeamState, options: { numMembers?: boolean } = {}): Json {
  if (channel.isIm) {
    return {
      id: channel.id,
      created: channel.created,
      is_im: true,
      is_org_shared: false,
      user: channel.user,
      is_archived: false,
      is_open: true,
      last_read: '0000000000.000000',
      context_team_id: team.teamId,
      priority: 0,
    };
  }
  return {
    id: channel.id,
    name: channel.name,
    is_channel: !channel.isMpim,
    is_group: channel.isPrivate && !channel.isMpim,
    is_im: false,
    is_mpim: channel.isMpim,
    is_private: channel.isPrivate,
    created: channel.created,
    is_archived: channel.isArchived,
    is_general: false,
    unlinked: 0,
    name_normalized: channel.name,
    is_shared: false,
    is_org_shared: false,
    is_ext_shared: false,
    is_pending_ext_shared: false,
    pending_shared: [],
    context_team_id: team.teamId,
    creator: channel.creator,
    is_member: channel.members.includes(team.botUserId),
    last_read: '0000000000.000000',
    topic: { ...channel.topic },
    purpose: { ...channel.purpose },
    previous_names: [],
    ...(options.numMembers ? { num_members: channel.members.length } : {}),
  };
}

export function userObject(user: FakeSlackUser): Json {
  return {
    id: user.id,
    team_id: user.teamId,
    name: user.name,
    deleted: user.deleted,
    real_name: user.realName,
    tz: 'Europe/Copenhagen',
    tz_label: 'Central European Time',
    tz_offset: 3600,
    is_admin: user.isAdmin,
    is_owner: false,
    is_bot: user.isBot,
    is_app_user: false,
    profile: {
      real_name: user.realName,
      display_name: user.name,
      real_name_normalized: user.realName,
      display_name_normalized: user.name,
      ...(user.email !== undefined ? { email: user.email } : {}),
      team: user.teamId,
    },
  };
}

export function messageObject(message: FakeSlackMessage, team: TeamState, options: { metadata: boolean }): Json {
  const fromBot = message.user === team.botUserId;
  const last = message.edits.at(-1);
  return {
    type: 'message',
    user: message.user,
    ...(fromBot ? { bot_id: team.botId, app_id: team.appId } : {}),
    text: message.text,
    ts: message.ts,
    team: team.teamId,
    ...(message.blocks ? { blocks: message.blocks } : {}),
    ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
    ...(message.files ? { files: message.files.map((id) => ({ id })) } : {}),
    ...(last ? { edited: { user: message.user, ts: last.ts } } : {}),
    ...(options.metadata && message.metadata ? { metadata: message.metadata } : {}),
  };
}
