/**
 * Public shapes of the fake Slack Web API: the options it starts with, what it records and what a
 * test can read back (channels, messages, views, files, response_url posts).
 */

export type Json = Record<string, unknown>;

export interface FakeSlackUserInput {
  id: string;
  name: string;
  realName?: string;
  email?: string;
  isBot?: boolean;
  /** A workspace admin (users.info `is_admin`). */
  isAdmin?: boolean;
}

export interface FakeSlackTeamInput {
  teamId: string;
  /** Workspace name (auth.test `team`). Default: the team id. */
  teamName?: string;
  /** Workspace subdomain (auth.test `url`). Default: the lowercased team id. */
  domain?: string;
  botToken: string;
  botUserId: string;
  /** The bot's B... id (auth.test `bot_id`). Default: `B` + the bot user id without its first letter. */
  botId?: string;
  appId?: string;
  users: FakeSlackUserInput[];
}

export interface FakeSlackOptions {
  /** Workspaces. Default: one workspace, DEFAULT_FAKE_SLACK_TEAM. */
  teams?: FakeSlackTeamInput[];
  /**
   * Calls per window per method per team (the window is one minute unless `windowMs` says otherwise).
   * Overrides SLACK_METHOD_LIMITS; `chat.postMessage` here adds a workspace-wide limit on top of the
   * per-channel bucket. `Infinity` switches a limit off.
   */
  limits?: Partial<Record<string, number>>;
  /** Length of the sliding window for `limits`. Default 60 000 ms (Slack's "per minute"). */
  windowMs?: number;
  /** chat.postMessage per channel: refill rate of the token bucket. Default 1 per second. */
  postPerChannelPerSecond?: number;
  /** chat.postMessage per channel: bucket size (the burst). Default 3. */
  postBurst?: number;
  /** chat.postMessage per workspace (all channels together): refill rate. Default SLACK_POST_PER_WORKSPACE_PER_SECOND. */
  postPerWorkspacePerSecond?: number;
  /** chat.postMessage per workspace: bucket size. Default SLACK_POST_WORKSPACE_BURST. */
  postWorkspaceBurst?: number;
  /** Let the bot post in public channels it is not a member of (the chat:write.public scope). Default false. */
  chatWritePublic?: boolean;
  /** How long an issued trigger_id stays valid. Default 3000 ms (Slack: 3 s). */
  triggerLifetimeMs?: number;
  /** response_url limits. Default 5 posts within 30 minutes. */
  responseUrlMaxPosts?: number;
  responseUrlLifetimeMs?: number;
  /** Clock for rate limits, expiry and timestamps. Default Date.now. */
  now?: () => number;
  port?: number;
  /** Socket Mode: the app-level token apps.connections.open accepts. Default DEFAULT_FAKE_APP_TOKEN. */
  appToken?: string;
  /** The app's OAuth credentials (oauth.v2.access, the authorize page). Default: a fixed test app. */
  oauth?: FakeSlackOAuthApp;
}

/** One Slack app's OAuth settings, as "Basic Information → App Credentials" and the manifest give them. */
export interface FakeSlackOAuthApp {
  clientId: string;
  clientSecret: string;
  appId?: string;
  /** oauth_config.redirect_urls; tests usually set `fake.oauth.redirectUrls` once the bot listens. */
  redirectUrls?: string[];
}

/** One HTTP request the fake answered (or dropped), in arrival order. */
export interface RecordedCall {
  /** Web API method (`chat.postMessage`), or `(upload)` for upload_url posts, `(response_url)` for response_url posts. */
  method: string;
  teamId?: string;
  /** Parsed params without the token; `blocks`, `metadata`, `view`, `files`, `attachments` JSON-decoded. */
  params: Json;
  /** HTTP status sent; 0 when the connection was destroyed instead. */
  status: number;
  /** Slack's `error` (`ratelimited` for 429s, `connection_reset` for dropped connections). */
  error?: string;
  /** Retry-After sent with a 429, seconds. */
  retryAfter?: number;
  /** The call came with a bot token that revokeToken revoked (and was refused). */
  revokedToken?: boolean;
  /** Set when failNext shaped the answer; `accepted` when the method ran before the injected failure. */
  injected?: 'failed' | 'accepted' | 'held';
  /** Time the request arrived (ms, from the fake's clock). */
  at: number;
}

export interface FailureSpec {
  /** HTTP status to answer with. Default 500 (when no `error` is given). */
  status?: number;
  /** Answer HTTP 200 `{ok:false, error}` instead. */
  error?: string;
  /** Destroy the socket after reading the body (the client sees a reset). */
  resetConnection?: boolean;
  /**
   * Run the method for real (a message IS stored), then answer `status` (default 500) — or, with
   * `resetConnection`, destroy the socket: the caller cannot know the call succeeded.
   */
  acceptThenFail?: boolean;
  /**
   * Run the method for real, then never answer (the connection stays open): Slack made the channel
   * and the caller is still waiting when, say, a test kills it.
   */
  acceptThenHold?: boolean;
  /** Retry-After to send when `status` is 429. Default 1. */
  retryAfter?: number;
  /** How many calls of the method fail. Default 1. */
  times?: number;
  /**
   * Wait this long before answering (a slow Slack). With no other field the call then runs and is
   * answered normally; with others, the failure follows the wait.
   */
  delayMs?: number;
}

export interface FakeSlackUser {
  id: string;
  teamId: string;
  name: string;
  realName: string;
  email?: string;
  isBot: boolean;
  isAdmin: boolean;
  deleted: boolean;
}

export interface FakeSlackChannel {
  id: string;
  name: string;
  isPrivate: boolean;
  isIm: boolean;
  isMpim: boolean;
  isArchived: boolean;
  /** For an IM: the other user. */
  user?: string;
  created: number;
  creator: string;
  topic: { value: string; creator: string; last_set: number };
  purpose: { value: string; creator: string; last_set: number };
  /** Member ids in join order. */
  members: string[];
}

export interface FakeSlackMessage {
  ts: string;
  channel: string;
  /** Who posted: the bot user id, or a user's id for messages a test injected. */
  user: string;
  botId?: string;
  text: string;
  blocks?: unknown[];
  metadata?: { event_type: string; event_payload: Json };
  threadTs?: string;
  files?: string[];
  /** Every earlier version when chat.update changed it, oldest first. */
  edits: { text: string; blocks?: unknown[]; ts: string }[];
}

export interface FakeSlackEphemeral {
  messageTs: string;
  channel: string;
  user: string;
  text: string;
  blocks?: unknown[];
}

export interface FakeSlackView {
  id: string;
  teamId: string;
  /** `views.open` / `views.update` / `views.publish` that last set it. */
  via: string;
  userId?: string;
  view: Json;
  hash: string;
  externalId?: string;
}

export interface FakeSlackFile {
  id: string;
  teamId: string;
  filename: string;
  length: number;
  title?: string;
  altText?: string;
  /** Bytes posted to the upload_url; undefined until uploaded. */
  content?: Buffer;
  completed: boolean;
  channels: string[];
  initialComment?: string;
  threadTs?: string;
  /** Who shared it, for a file a user shared (set-up: shareFileAsUser); the bot otherwise. */
  userId?: string;
}

export interface FakeResponseUrlPost {
  at: number;
  body: unknown;
  /** What the fake answered (`ok`, or Slack's error text). */
  answer: string;
  status: number;
}
