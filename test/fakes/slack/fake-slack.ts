/**
 * A local stand-in for Slack's Web API on a real node:http server at 127.0.0.1, enforcing what Slack
 * enforces: auth per workspace token, argument rules and error codes, per-method rate limits with
 * HTTP 429 + Retry-After, and chat.postMessage pacing per channel and per workspace. Point a WebClient at `fake.url`
 * (`slackApiUrl`) or a Bolt App at it (`clientOptions.slackApiUrl`).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { bearerToken, decodeJsonArgs, parseRequest, readBody, sendJson, sendText, str } from './http.ts';
import { DOWNLOAD_PATH, fileObject, METHODS, TriggerRegistry, UPLOAD_PATH, postChannelKey, type MethodContext } from './methods/index.ts';
import { SLACK_METHOD_LIMITS, SLACK_POST_PER_WORKSPACE_PER_SECOND, SLACK_POST_WORKSPACE_BURST, SlidingWindow, TokenBuckets, type Verdict } from './rate-limit.ts';
import { AUTHORIZE_PATH, FakeOAuth } from './oauth.ts';
import { handleDownload, handleUpload, RESPONSE_PATH, ResponseUrls, SIGN_IN_PATH, signInPage } from './side-routes.ts';
import { DEFAULT_FAKE_APP_TOKEN, FakeSocketMode } from './socket-mode.ts';
import { DEFAULT_FAKE_SLACK_TEAM, SlackState, type TeamState } from './state.ts';
import type {
  FailureSpec,
  FakeResponseUrlPost,
  FakeSlackChannel,
  FakeSlackEphemeral,
  FakeSlackFile,
  FakeSlackMessage,
  FakeSlackOptions,
  FakeSlackTeamInput,
  FakeSlackUser,
  FakeSlackUserInput,
  FakeSlackView,
  Json,
  RecordedCall,
} from './types.ts';

export interface FakeSlack {
  /** `http://127.0.0.1:PORT/api/`: the value for `slackApiUrl` (ends with '/'). */
  url: string;
  /** `http://127.0.0.1:PORT`. */
  origin: string;
  /** Every request, including rejected and rate-limited ones, in arrival order. */
  calls: RecordedCall[];
  state: SlackState;
  callsTo(method: string, teamId?: string): RecordedCall[];
  /** Number of HTTP 429 answers (for one method, or all). */
  rateLimited(method?: string): number;
  channels(teamId: string): FakeSlackChannel[];
  channelByName(teamId: string, name: string): FakeSlackChannel | undefined;
  /** Messages in a conversation, oldest first, thread replies included. */
  messages(teamId: string, channelId: string): FakeSlackMessage[];
  ephemerals(teamId: string, channelId?: string): FakeSlackEphemeral[];
  members(teamId: string, channelId: string): string[];
  /** The bot's IM channel with a user, if opened. */
  imWith(teamId: string, userId: string): FakeSlackChannel | undefined;
  views(teamId: string): FakeSlackView[];
  files(teamId: string): FakeSlackFile[];
  file(fileId: string): FakeSlackFile | undefined;
  addTeam(team: FakeSlackTeamInput): void;
  addUser(teamId: string, user: FakeSlackUserInput): FakeSlackUser;
  /** Set-up: a channel made by someone else (the bot is a member only if listed). */
  createChannel(teamId: string, spec: { name: string; isPrivate?: boolean; members?: string[]; creator?: string }): FakeSlackChannel;
  /**
   * Set-up: a user shares a file in a conversation (a `file_share` message with the file). Returns the
   * file and the `message` event Slack would send for it (its files[] as files.info describes them).
   */
  shareFileAsUser(teamId: string, channelId: string, userId: string, file: { filename: string; content: string | Buffer; text?: string }): { file: FakeSlackFile; event: Json };
  /** Set-up: a message by a user (e.g. a reply the bot should read). */
  postAsUser(teamId: string, channelId: string, userId: string, text: string, options?: { threadTs?: string }): FakeSlackMessage;
  /**
   * Revokes the team's bot token as uninstalling the app does: calls with it are answered `error`
   * (default token_revoked) and recorded with `revokedToken`. Returns the revoked token.
   */
  revokeToken(teamId: string, options?: { error?: string }): string;
  /** The next `times` (default 1) calls of `method` fail as described. */
  failNext(method: string, spec?: FailureSpec): void;
  clearFailures(): void;
  resetRateLimits(): void;
  /**
   * Turns the rate limits off (or on again). They count real time: a `tick --now --until` run, whose
   * Retry-After waits pass in simulated time, plays through against a fake without them.
   */
  setRateLimits(on: boolean): void;
  /** A trigger_id like those in slash commands / interactions: valid `triggerLifetimeMs`, single use. */
  newTriggerId(): string;
  /** A `http://127.0.0.1:PORT/response/<id>` URL taking `responseUrlMaxPosts` posts within `responseUrlLifetimeMs`. */
  newResponseUrl(teamId?: string): string;
  /** What was posted to a response_url (by URL or id). */
  responses(idOrUrl: string): FakeResponseUrlPost[];
  /** Socket Mode: apps.connections.open, the WebSocket, envelopes and the app's acks. */
  socket: FakeSocketMode;
  /** OAuth v2: the authorize page (`${origin}/oauth/v2/authorize`) and oauth.v2.access. */
  oauth: FakeOAuth;
  close(): Promise<void>;
}

/** The OAuth app the fake knows unless told otherwise. */
export const DEFAULT_FAKE_OAUTH_APP = { clientId: '1111111111.2222222222', clientSecret: 'fake-client-secret-0123456789', appId: 'A0TOVHOLD' } as const;

export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const now = options.now ?? Date.now;
  const state = new SlackState(options.teams ?? [DEFAULT_FAKE_SLACK_TEAM], now);
  const calls: RecordedCall[] = [];
  const failures = new Map<string, FailureSpec[]>();
  const windows = new SlidingWindow(options.windowMs ?? 60_000, now);
  const buckets = new TokenBuckets(options.postPerChannelPerSecond ?? 1, options.postBurst ?? 3, now);
  const workspacePosts = new TokenBuckets(
    options.postPerWorkspacePerSecond ?? SLACK_POST_PER_WORKSPACE_PER_SECOND,
    options.postWorkspaceBurst ?? SLACK_POST_WORKSPACE_BURST,
    now,
  );
  const triggers = new TriggerRegistry();
  const responseUrls = new ResponseUrls(options.responseUrlMaxPosts ?? 5, options.responseUrlLifetimeMs ?? 30 * 60_000);
  const methodOptions = { chatWritePublic: options.chatWritePublic ?? false, triggerLifetimeMs: options.triggerLifetimeMs ?? 3000 };
  const oauth = new FakeOAuth(state, options.oauth ?? DEFAULT_FAKE_OAUTH_APP, now);
  const socket = new FakeSocketMode(state, options.appToken ?? DEFAULT_FAKE_APP_TOKEN, oauth.appId);
  let origin = '';

  const takeFailure = (method: string): FailureSpec | undefined => {
    const queue = failures.get(method);
    const spec = queue?.[0];
    if (!queue || !spec) return undefined;
    const left = (spec.times ?? 1) - 1;
    if (left <= 0) queue.shift();
    else queue[0] = { ...spec, times: left };
    return spec;
  };

  /** The next injected failure of `method`, after its delay; undefined when it was only a delay. */
  const takeFailureAfterDelay = async (method: string): Promise<FailureSpec | undefined> => {
    const spec = takeFailure(method);
    if (!spec?.delayMs) return spec;
    await new Promise((resolve) => setTimeout(resolve, spec.delayMs));
    const { delayMs: _delay, times: _times, ...rest } = spec;
    return Object.keys(rest).length === 0 ? undefined : spec;
  };

  const limitFor = (method: string): number | undefined => options.limits?.[method] ?? SLACK_METHOD_LIMITS[method];

  let limiting = true;
  const rateCheck = (method: string, ctx: Pick<MethodContext, 'team' | 'params'>): Verdict => {
    if (!limiting) return { ok: true };
    if (method === 'chat.postMessage') {
      const perChannel = buckets.take(`${ctx.team.teamId}|${postChannelKey(ctx)}`);
      if (!perChannel.ok) return perChannel;
      const perWorkspace = workspacePosts.take(ctx.team.teamId);
      if (!perWorkspace.ok) return perWorkspace;
    }
    const limit = limitFor(method);
    return limit === undefined ? { ok: true } : windows.take(`${ctx.team.teamId}|${method}`, limit);
  };

  /** Answer with an injected failure; returns the status recorded (0 for a reset). */
  const injure = (res: ServerResponse, req: IncomingMessage, spec: FailureSpec): { status: number; error: string } => {
    if (spec.resetConnection) {
      req.socket.destroy();
      return { status: 0, error: 'connection_reset' };
    }
    if (spec.error && spec.status === undefined) {
      sendJson(res, 200, { ok: false, error: spec.error });
      return { status: 200, error: spec.error };
    }
    const status = spec.status ?? 500;
    if (status === 429) {
      const retryAfter = spec.retryAfter ?? 1;
      sendJson(res, 429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(retryAfter) });
      return { status, error: 'ratelimited' };
    }
    sendText(res, status, spec.error ?? `fake slack: injected HTTP ${status}`);
    return { status, error: spec.error ?? `http_${status}` };
  };

  const handleApi = async (method: string, raw: Buffer, req: IncomingMessage, res: ServerResponse, url: URL, at: number): Promise<RecordedCall> => {
    const parsed = await parseRequest(raw, req.headers, url.searchParams);
    const token = bearerToken(req.headers) ?? str(parsed.params, 'token');
    const params = decodeJsonArgs(parsed.params);
    delete params.token;
    const record: RecordedCall = { method, params, status: 200, at };
    const answer = (body: { ok: boolean; error?: unknown } & Record<string, unknown>): RecordedCall => {
      sendJson(res, 200, body);
      if (!body.ok) record.error = String(body.error);
      return record;
    };
    // The two methods that take no bot token: the app-level token (Socket Mode), the client credentials (OAuth).
    if (method === 'apps.connections.open' || method === 'oauth.v2.access') {
      if (parsed.error) return answer({ ok: false, error: parsed.error });
      const failure = await takeFailureAfterDelay(method);
      if (failure) return Object.assign(record, injure(res, req, failure), { injected: 'failed' as const });
      if (method === 'apps.connections.open') return answer(socket.open(token));
      const { teamId, ...body } = oauth.access(params, req.headers);
      if (teamId) record.teamId = teamId;
      return answer(body);
    }
    const handler = METHODS[method];
    if (!handler) return answer({ ok: false, error: 'unknown_method', req_method: method });
    if (parsed.error) return answer({ ok: false, error: parsed.error });
    if (!token) return answer({ ok: false, error: 'not_authed' });
    const revoked = state.revokedToken(token);
    if (revoked) {
      Object.assign(record, { teamId: revoked.teamId, revokedToken: true });
      return answer({ ok: false, error: revoked.error });
    }
    const team: TeamState | undefined = state.teamByToken(token);
    if (!team) return answer({ ok: false, error: 'invalid_auth' });
    record.teamId = team.teamId;

    const failure = await takeFailureAfterDelay(method);
    if (failure && !failure.acceptThenFail && !failure.acceptThenHold) {
      Object.assign(record, injure(res, req, failure), { injected: 'failed' });
      return record;
    }
    const verdict = rateCheck(method, { team, params });
    if (!verdict.ok) {
      sendJson(res, 429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(verdict.retryAfterSeconds) });
      return Object.assign(record, { status: 429, error: 'ratelimited', retryAfter: verdict.retryAfterSeconds });
    }
    const ctx: MethodContext = { state, team, params, origin, now: now(), options: methodOptions, triggers };
    const result = handler(ctx);
    if (failure?.acceptThenFail) {
      Object.assign(record, injure(res, req, failure), { injected: 'accepted' });
      return record;
    }
    // Recorded now, answered never: the response stays open until the caller goes away.
    if (failure?.acceptThenHold) return Object.assign(record, { injected: 'held' as const });
    return answer(result);
  };

  const server = createServer((req, res) => {
    const at = now();
    void (async () => {
      const url = new URL(req.url ?? '/', origin);
      const raw = await readBody(req);
      let call: RecordedCall;
      if (url.pathname.startsWith('/api/')) {
        call = await handleApi(decodeURIComponent(url.pathname.slice('/api/'.length)), raw, req, res, url, at);
      } else if (url.pathname.startsWith(UPLOAD_PATH) && req.method === 'POST') {
        call = await handleUpload(state, url.pathname.slice(UPLOAD_PATH.length), raw, req.headers, res, at);
      } else if (url.pathname.startsWith(DOWNLOAD_PATH) && req.method === 'GET') {
        call = handleDownload(state, decodeURIComponent(url.pathname.slice(DOWNLOAD_PATH.length)), bearerToken(req.headers), res, at);
      } else if (url.pathname === SIGN_IN_PATH) {
        signInPage(res);
        call = { method: '(sign-in page)', params: {}, status: 200, at };
      } else if (url.pathname.startsWith(RESPONSE_PATH) && req.method === 'POST') {
        call = await responseUrls.handle(url.pathname.slice(RESPONSE_PATH.length), raw, req.headers, res, at);
      } else if (url.pathname === AUTHORIZE_PATH) {
        call = oauth.authorizePage(req, res, url, at);
      } else {
        sendText(res, 404, 'not found');
        call = { method: `(${req.method ?? 'GET'} ${url.pathname})`, params: {}, status: 404, error: 'not_found', at };
      }
      calls.push(call);
    })().catch((error: unknown) => {
      calls.push({ method: '(fake error)', params: { message: String(error) }, status: 500, error: 'fatal_error', at });
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: 'fatal_error' });
      else res.end();
    });
  });

  server.on('upgrade', (req, stream, head) => socket.handleUpgrade(req, stream, head));

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  socket.setOrigin(origin);

  const team = (teamId: string): TeamState => state.team(teamId);

  return {
    url: `${origin}/api/`,
    origin,
    calls,
    state,
    callsTo: (method, teamId) => calls.filter((c) => c.method === method && (teamId === undefined || c.teamId === teamId)),
    rateLimited: (method) => calls.filter((c) => c.status === 429 && c.error === 'ratelimited' && !c.injected && (method === undefined || c.method === method)).length,
    channels: (teamId) => [...team(teamId).channels.values()].filter((c) => !c.isIm && !c.isMpim),
    channelByName: (teamId, name) => [...team(teamId).channels.values()].find((c) => !c.isIm && !c.isMpim && c.name === name),
    messages: (teamId, channelId) => [...(team(teamId).messages.get(channelId) ?? [])],
    ephemerals: (teamId, channelId) => team(teamId).ephemerals.filter((e) => channelId === undefined || e.channel === channelId),
    members: (teamId, channelId) => [...(team(teamId).channels.get(channelId)?.members ?? [])],
    imWith: (teamId, userId) => {
      const id = team(teamId).ims.get(userId);
      return id === undefined ? undefined : team(teamId).channels.get(id);
    },
    views: (teamId) => [...team(teamId).views.values()],
    files: (teamId) => [...team(teamId).files.values()],
    file: (fileId) => {
      for (const t of state.teams.values()) if (t.files.has(fileId)) return t.files.get(fileId);
      return undefined;
    },
    addTeam: (input) => void state.addTeam(input),
    addUser: (teamId, user) => state.addUser(teamId, user),
    createChannel: (teamId, spec) => {
      const t = team(teamId);
      const creator = spec.creator ?? spec.members?.[0] ?? [...t.users.keys()].find((u) => u !== t.botUserId) ?? t.botUserId;
      const channel = state.createChannel(t, { name: spec.name, isPrivate: spec.isPrivate ?? false, creator });
      channel.members = [...new Set([creator, ...(spec.members ?? [])])];
      return channel;
    },
    shareFileAsUser: (teamId, channelId, userId, spec) => {
      const t = team(teamId);
      const content = typeof spec.content === 'string' ? Buffer.from(spec.content, 'utf8') : spec.content;
      const file: FakeSlackFile = { id: state.newId('F'), teamId, filename: spec.filename, length: content.length, content, completed: true, channels: [channelId], userId };
      t.files.set(file.id, file);
      const message = state.addMessage(t, { channel: channelId, user: userId, text: spec.text ?? '', files: [file.id] });
      const channel = t.channels.get(channelId);
      const event: Json = {
        type: 'message',
        subtype: 'file_share',
        channel: channelId,
        channel_type: channel?.isIm ? 'im' : channel?.isPrivate ? 'group' : 'channel',
        user: userId,
        text: message.text,
        ts: message.ts,
        event_ts: message.ts,
        files: [fileObject({ state, team: t, origin }, file)],
      };
      return { file, event };
    },
    postAsUser: (teamId, channelId, userId, text, extra = {}) =>
      state.addMessage(team(teamId), { channel: channelId, user: userId, text, ...(extra.threadTs ? { threadTs: extra.threadTs } : {}) }),
    failNext: (method, spec = {}) => {
      const queue = failures.get(method) ?? [];
      queue.push(spec);
      failures.set(method, queue);
    },
    revokeToken: (teamId, { error } = {}) => state.revokeToken(teamId, error),
    clearFailures: () => failures.clear(),
    resetRateLimits: () => {
      windows.clear();
      buckets.clear();
    },
    setRateLimits: (on) => {
      limiting = on;
    },
    newTriggerId: () => triggers.issue(now()),
    newResponseUrl: (teamId) => `${origin}${RESPONSE_PATH}${responseUrls.create(now(), teamId)}`,
    responses: (idOrUrl) => responseUrls.posts(idOrUrl),
    socket,
    oauth,
    close: () =>
      new Promise<void>((resolve, reject) => {
        socket.close();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
