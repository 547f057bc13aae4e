/**
 * The non-API URLs a Slack app posts to: `response_url`s (slash commands, interactions) and the
 * upload_url of the v2 file upload flow.
 */
import type { ServerResponse } from 'node:http';
import { parseRequest, sendJson, sendText } from './http.ts';
import type { SlackState } from './state.ts';
import type { FakeResponseUrlPost, FakeSlackFile, Json, RecordedCall } from './types.ts';

export const RESPONSE_PATH = '/response/';

interface ResponseUrl {
  id: string;
  createdAt: number;
  teamId?: string;
  posts: FakeResponseUrlPost[];
}

/**
 * Slack: a response_url can be used up to 5 times within 30 minutes. The answers past that
 * (`used_url` / `expired_url`, HTTP 404) are the fake's choice of wording.
 */
export class ResponseUrls {
  private readonly urls = new Map<string, ResponseUrl>();
  private seq = 0;

  constructor(
    private readonly maxPosts: number,
    private readonly lifetimeMs: number,
  ) {}

  create(now: number, teamId?: string): string {
    this.seq += 1;
    const id = `T${this.seq}${now.toString(36)}`;
    this.urls.set(id, { id, createdAt: now, posts: [], ...(teamId ? { teamId } : {}) });
    return id;
  }

  posts(idOrUrl: string): FakeResponseUrlPost[] {
    const id = idOrUrl.includes(RESPONSE_PATH) ? idOrUrl.slice(idOrUrl.indexOf(RESPONSE_PATH) + RESPONSE_PATH.length) : idOrUrl;
    return this.urls.get(id)?.posts ?? [];
  }

  async handle(id: string, raw: Buffer, headers: Parameters<typeof parseRequest>[1], res: ServerResponse, now: number): Promise<RecordedCall> {
    const entry = this.urls.get(id);
    const parsed = await parseRequest(raw, headers, new URLSearchParams());
    let body: unknown = parsed.params;
    if (typeof parsed.params.payload === 'string') {
      try {
        body = JSON.parse(parsed.params.payload) as unknown;
      } catch {
        body = parsed.params.payload;
      }
    }
    const call = (status: number, error?: string): RecordedCall => ({
      method: '(response_url)',
      ...(entry?.teamId ? { teamId: entry.teamId } : {}),
      params: { id, body } as Json,
      status,
      ...(error ? { error } : {}),
      at: now,
    });
    if (!entry) {
      sendText(res, 404, 'no_active_hooks');
      return call(404, 'no_active_hooks');
    }
    let error: string | undefined;
    if (parsed.error) error = parsed.error;
    else if (now - entry.createdAt > this.lifetimeMs) error = 'expired_url';
    else if (entry.posts.filter((p) => p.status === 200).length >= this.maxPosts) error = 'used_url';
    const status = error === undefined ? 200 : parsed.error ? 400 : 404;
    entry.posts.push({ at: now, body, answer: error ?? 'ok', status });
    if (error) sendText(res, status, error);
    else sendJson(res, 200, { ok: true });
    return call(status, error);
  }
}

/** POST <upload_url>: raw bytes, or multipart with one file part (what WebClient sends). */
export async function handleUpload(
  state: SlackState,
  fileId: string,
  raw: Buffer,
  headers: Parameters<typeof parseRequest>[1],
  res: ServerResponse,
  now: number,
): Promise<RecordedCall> {
  let file: FakeSlackFile | undefined;
  for (const team of state.teams.values()) file ??= team.files.get(fileId);
  const call = (status: number, bytes: number, error?: string): RecordedCall => ({
    method: '(upload)',
    ...(file ? { teamId: file.teamId } : {}),
    params: { file_id: fileId, bytes },
    status,
    ...(error ? { error } : {}),
    at: now,
  });
  if (!file) {
    sendText(res, 404, 'file_not_found');
    return call(404, raw.length, 'file_not_found');
  }
  let content = raw;
  if ((headers['content-type'] ?? '').toLowerCase().startsWith('multipart/form-data')) {
    const parsed = await parseRequest(raw, headers, new URLSearchParams());
    const part = parsed.binary.values().next().value;
    const text = Object.values(parsed.params).find((v): v is string => typeof v === 'string');
    content = part ?? Buffer.from(text ?? '', 'utf8');
  }
  file.content = content;
  sendText(res, 200, `OK - ${content.length}`);
  return call(200, content.length);
}

/**
 * GET url_private_download. Slack serves a private file only with `Authorization: Bearer <token>` of
 * the file's workspace; without it (or with another workspace's token) it redirects to its sign-in
 * page, an HTML page with status 200 — so a client that follows redirects gets HTML, not the file.
 */
export function handleDownload(state: SlackState, path: string, token: string | undefined, res: ServerResponse, now: number): RecordedCall {
  const [teamAndFile = ''] = path.split('/');
  const fileId = teamAndFile.slice(teamAndFile.indexOf('-') + 1);
  let file: FakeSlackFile | undefined;
  for (const team of state.teams.values()) file ??= team.files.get(fileId);
  const call = (status: number, error?: string): RecordedCall => ({
    method: '(download)',
    ...(file ? { teamId: file.teamId } : {}),
    params: { file_id: fileId, authorized: !!token },
    status,
    ...(error ? { error } : {}),
    at: now,
  });
  const team = token ? state.teamByToken(token) : undefined;
  if (!file || !team || team.teamId !== file.teamId || file.content === undefined) {
    res.writeHead(302, { location: `${SIGN_IN_PATH}?redir=${encodeURIComponent(path)}` }).end();
    return call(302, file ? 'not_authed' : 'file_not_found');
  }
  res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(file.content.length) }).end(file.content);
  return call(200);
}

export const SIGN_IN_PATH = '/signin';

/** Where an unauthorized download lands: Slack's sign-in page. */
export function signInPage(res: ServerResponse): void {
  const page = '<!DOCTYPE html><html><body>Sign in to Slack</body></html>';
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(page) }).end(page);
}
