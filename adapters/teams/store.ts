import type { Db } from '../../src/store/db.ts';

/**
 * The Teams adapter's own tables in the bot's database (created here, not in the core's migrations:
 * the core knows nothing about Teams). A proactive message months later needs what only an inbound
 * activity tells us: the conversation id, the tenant, the team and the serviceUrl to use.
 */
const SCHEMA = `
  -- The serviceUrl of the LATEST inbound activity per tenant: Teams may move a tenant to another
  -- regional endpoint, and proactive sends must follow.
  CREATE TABLE IF NOT EXISTS teams_tenants (
    tenant_id   TEXT PRIMARY KEY,
    service_url TEXT NOT NULL,
    seen_at     TEXT NOT NULL
  );
  -- A channel (by channel id, never a thread) or a personal chat the bot has seen or opened.
  CREATE TABLE IF NOT EXISTS teams_conversations (
    conversation_id TEXT PRIMARY KEY,
    tenant_id       TEXT NOT NULL,
    kind            TEXT NOT NULL,            -- personal | channel | groupChat
    team_id         TEXT,
    user_id         TEXT,                     -- personal chats: the user
    seen_at         TEXT NOT NULL,
    gone_at         TEXT,                     -- the Connector refused it (403/404): fail fast from now on
    gone_reason     TEXT
  );
  CREATE INDEX IF NOT EXISTS teams_conversations_personal ON teams_conversations(user_id) WHERE kind = 'personal';
  CREATE TABLE IF NOT EXISTS teams_teams (
    team_id      TEXT PRIMARY KEY,            -- the Bot Framework id (19:...), also the General channel's id
    tenant_id    TEXT NOT NULL,
    aad_group_id TEXT,                        -- what Graph calls the team
    name         TEXT,
    seen_at      TEXT NOT NULL,
    gone_at      TEXT,
    gone_reason  TEXT
  );
  CREATE TABLE IF NOT EXISTS teams_users (
    user_id       TEXT PRIMARY KEY,
    tenant_id     TEXT NOT NULL,
    name          TEXT NOT NULL,
    aad_object_id TEXT,
    email         TEXT,
    last_team_id  TEXT,                       -- where they last wrote to the bot
    seen_at       TEXT NOT NULL
  );
  CREATE INDEX IF NOT EXISTS teams_users_by_email ON teams_users(tenant_id, email);
  CREATE INDEX IF NOT EXISTS teams_users_by_aad ON teams_users(aad_object_id);
  -- The team a programme's channels are created in, and whether they are channels or threads.
  CREATE TABLE IF NOT EXISTS teams_programmes (
    programme_id TEXT PRIMARY KEY,
    team_id      TEXT NOT NULL,
    mode         TEXT                         -- channels | threads (null until the first channel)
  );
  -- Fallback "channels": a thread in a team channel, started by the first post to it.
  CREATE TABLE IF NOT EXISTS teams_threads (
    channel_ref TEXT PRIMARY KEY,
    channel_id  TEXT NOT NULL,
    thread_id   TEXT
  );
  -- Who the consultant named but is not in the team (a standard channel is only open to its members).
  CREATE TABLE IF NOT EXISTS teams_roster_missing (
    team_id     TEXT NOT NULL,
    user_id     TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    PRIMARY KEY (team_id, user_id)
  );
`;

export type ConversationKind = 'personal' | 'channel' | 'groupChat';

export interface ConversationRow {
  conversationId: string;
  tenantId: string;
  kind: ConversationKind;
  teamId: string | null;
  userId: string | null;
  goneAt: string | null;
  goneReason: string | null;
}

export interface TeamRow {
  teamId: string;
  tenantId: string;
  aadGroupId: string | null;
  name: string | null;
  goneAt: string | null;
}

export interface UserRow {
  userId: string;
  tenantId: string;
  name: string;
  aadObjectId: string | null;
  email: string | null;
  lastTeamId: string | null;
}

/** What an inbound activity tells us about where it came from. */
export interface SeenActivity {
  tenantId: string;
  serviceUrl: string;
  conversationId: string;
  kind: ConversationKind;
  team: { id: string; aadGroupId?: string; name?: string } | null;
  user: { id: string; name: string; aadObjectId?: string } | null;
}

export class TeamsStore {
  constructor(
    readonly db: Db,
    private readonly now: () => Date,
  ) {
    db.exec(SCHEMA);
  }

  /** Records the references of an inbound activity; the sender evidently reaches us, so nothing is gone. */
  recordActivity(seen: SeenActivity): void {
    const at = this.now().toISOString();
    this.db.transaction(() => {
      this.db
        .prepare(`INSERT INTO teams_tenants (tenant_id, service_url, seen_at) VALUES (?, ?, ?)
                  ON CONFLICT (tenant_id) DO UPDATE SET service_url = excluded.service_url, seen_at = excluded.seen_at`)
        .run(seen.tenantId, seen.serviceUrl, at);
      if (seen.team) this.upsertTeam(seen.tenantId, seen.team, at);
      this.upsertConversation({ ...seen, userId: seen.kind === 'personal' ? (seen.user?.id ?? null) : null }, at);
      if (seen.user) this.upsertUser(seen.tenantId, { ...seen.user, lastTeamId: seen.team?.id }, at);
    })();
  }

  upsertTeam(tenantId: string, team: { id: string; aadGroupId?: string; name?: string }, at = this.now().toISOString()): void {
    this.db
      .prepare(`INSERT INTO teams_teams (team_id, tenant_id, aad_group_id, name, seen_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (team_id) DO UPDATE SET aad_group_id = COALESCE(excluded.aad_group_id, aad_group_id),
                  name = COALESCE(excluded.name, name), seen_at = excluded.seen_at, gone_at = NULL, gone_reason = NULL`)
      .run(team.id, tenantId, team.aadGroupId ?? null, team.name ?? null, at);
  }

  upsertConversation(c: { tenantId: string; conversationId: string; kind: ConversationKind; team: { id: string } | null; userId: string | null }, at = this.now().toISOString()): void {
    this.db
      .prepare(`INSERT INTO teams_conversations (conversation_id, tenant_id, kind, team_id, user_id, seen_at) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (conversation_id) DO UPDATE SET team_id = COALESCE(excluded.team_id, team_id),
                  user_id = COALESCE(excluded.user_id, user_id), seen_at = excluded.seen_at, gone_at = NULL, gone_reason = NULL`)
      .run(c.conversationId, c.tenantId, c.kind, c.team?.id ?? null, c.userId, at);
  }

  upsertUser(tenantId: string, u: { id: string; name: string; aadObjectId?: string; email?: string; lastTeamId?: string }, at = this.now().toISOString()): void {
    this.db
      .prepare(`INSERT INTO teams_users (user_id, tenant_id, name, aad_object_id, email, last_team_id, seen_at) VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (user_id) DO UPDATE SET name = excluded.name, aad_object_id = COALESCE(excluded.aad_object_id, aad_object_id),
                  email = COALESCE(excluded.email, email), last_team_id = COALESCE(excluded.last_team_id, last_team_id), seen_at = excluded.seen_at`)
      .run(u.id, tenantId, u.name, u.aadObjectId ?? null, u.email?.toLowerCase() ?? null, u.lastTeamId ?? null, at);
  }

  serviceUrl(tenantId: string): string | undefined {
    return this.db.prepare('SELECT service_url FROM teams_tenants WHERE tenant_id = ?').pluck().get(tenantId) as string | undefined;
  }

  conversation(conversationId: string): ConversationRow | undefined {
    const row = this.db
      .prepare(`SELECT conversation_id AS conversationId, tenant_id AS tenantId, kind, team_id AS teamId, user_id AS userId,
                  gone_at AS goneAt, gone_reason AS goneReason FROM teams_conversations WHERE conversation_id = ?`)
      .get(conversationId) as ConversationRow | undefined;
    return row;
  }

  personalConversation(tenantId: string, userId: string): string | undefined {
    return this.db
      .prepare(`SELECT conversation_id FROM teams_conversations WHERE kind = 'personal' AND tenant_id = ? AND user_id = ? ORDER BY seen_at DESC`)
      .pluck()
      .get(tenantId, userId) as string | undefined;
  }

  team(teamId: string): TeamRow | undefined {
    return this.db
      .prepare(`SELECT team_id AS teamId, tenant_id AS tenantId, aad_group_id AS aadGroupId, name, gone_at AS goneAt FROM teams_teams WHERE team_id = ?`)
      .get(teamId) as TeamRow | undefined;
  }

  teamsInTenant(tenantId: string): TeamRow[] {
    return this.db
      .prepare(`SELECT team_id AS teamId, tenant_id AS tenantId, aad_group_id AS aadGroupId, name, gone_at AS goneAt FROM teams_teams
                WHERE tenant_id = ? AND gone_at IS NULL ORDER BY seen_at DESC`)
      .all(tenantId) as TeamRow[];
  }

  user(userId: string): UserRow | undefined {
    return this.db
      .prepare(`SELECT user_id AS userId, tenant_id AS tenantId, name, aad_object_id AS aadObjectId, email, last_team_id AS lastTeamId
                FROM teams_users WHERE user_id = ?`)
      .get(userId) as UserRow | undefined;
  }

  userBy(tenantId: string, field: 'email' | 'aad_object_id', value: string): UserRow | undefined {
    return this.db
      .prepare(`SELECT user_id AS userId, tenant_id AS tenantId, name, aad_object_id AS aadObjectId, email, last_team_id AS lastTeamId
                FROM teams_users WHERE tenant_id = ? AND ${field} = ? ORDER BY seen_at DESC`)
      .get(tenantId, field === 'email' ? value.toLowerCase() : value) as UserRow | undefined;
  }

  /** The Connector refused this conversation (or its whole team): later sends fail without a call. */
  markGone(target: { conversationId?: string; teamId?: string }, reason: string): void {
    const at = this.now().toISOString();
    if (target.conversationId) {
      this.db.prepare('UPDATE teams_conversations SET gone_at = COALESCE(gone_at, ?), gone_reason = ? WHERE conversation_id = ?').run(at, reason, target.conversationId);
    }
    if (target.teamId) this.db.prepare('UPDATE teams_teams SET gone_at = COALESCE(gone_at, ?), gone_reason = ? WHERE team_id = ?').run(at, reason, target.teamId);
  }

  /** Why sends to this conversation are refused, if they are (the conversation or its team is gone). */
  goneReason(conversationId: string): string | null {
    const row = this.db
      .prepare(`SELECT COALESCE(c.gone_reason, t.gone_reason) FROM teams_conversations c LEFT JOIN teams_teams t ON t.team_id = c.team_id
                WHERE c.conversation_id = ? AND (c.gone_at IS NOT NULL OR t.gone_at IS NOT NULL)`)
      .pluck()
      .get(conversationId) as string | undefined;
    return row ?? null;
  }

  programmeTeam(programmeId: string): { teamId: string; mode: 'channels' | 'threads' | null } | undefined {
    return this.db.prepare('SELECT team_id AS teamId, mode FROM teams_programmes WHERE programme_id = ?').get(programmeId) as
      | { teamId: string; mode: 'channels' | 'threads' | null }
      | undefined;
  }

  setProgrammeTeam(programmeId: string, teamId: string): void {
    this.db.prepare('INSERT INTO teams_programmes (programme_id, team_id) VALUES (?, ?) ON CONFLICT (programme_id) DO NOTHING').run(programmeId, teamId);
  }

  programmesInTeam(teamId: string): string[] {
    return this.db.prepare('SELECT programme_id FROM teams_programmes WHERE team_id = ?').pluck().all(teamId) as string[];
  }

  setProgrammeMode(programmeId: string, mode: 'channels' | 'threads'): void {
    this.db.prepare('UPDATE teams_programmes SET mode = ? WHERE programme_id = ?').run(mode, programmeId);
  }

  thread(channelRef: string): { channelId: string; threadId: string | null } | undefined {
    return this.db.prepare('SELECT channel_id AS channelId, thread_id AS threadId FROM teams_threads WHERE channel_ref = ?').get(channelRef) as
      | { channelId: string; threadId: string | null }
      | undefined;
  }

  /** The fallback "channel" whose thread this is, for commands typed in it. */
  threadChannelRef(threadId: string): string | undefined {
    return this.db.prepare('SELECT channel_ref FROM teams_threads WHERE thread_id = ?').pluck().get(threadId) as string | undefined;
  }

  addThread(channelRef: string, channelId: string): void {
    this.db.prepare('INSERT INTO teams_threads (channel_ref, channel_id) VALUES (?, ?) ON CONFLICT DO NOTHING').run(channelRef, channelId);
  }

  setThreadId(channelRef: string, threadId: string): void {
    this.db.prepare('UPDATE teams_threads SET thread_id = ? WHERE channel_ref = ?').run(threadId, channelRef);
  }

  /** Records who is missing from a team; returns those not recorded before (so each is reported once). */
  recordMissing(teamId: string, userIds: string[]): string[] {
    const insert = this.db.prepare('INSERT INTO teams_roster_missing (team_id, user_id, recorded_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING');
    const at = this.now().toISOString();
    return userIds.filter((id) => insert.run(teamId, id, at).changes === 1);
  }

  /** Someone missing has since been seen in the team's roster. */
  clearMissing(teamId: string, userIds: string[]): void {
    const remove = this.db.prepare('DELETE FROM teams_roster_missing WHERE team_id = ? AND user_id = ?');
    for (const id of userIds) remove.run(teamId, id);
  }
}
