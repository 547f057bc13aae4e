/**
 * The user's OneDrive as a bot's file upload meets it: Teams opens an upload session when the user
 * accepts a file consent card and hands the bot its address (uploadInfo); the bot PUTs the file there
 * with a Content-Range covering the whole file. No bearer token: the session URL is the permission.
 */
import { randomUUID } from 'node:crypto';
import type { FakeReply, FakeRequest } from './http-types.ts';
import type { Json } from './state.ts';

export interface FakeUploadSession {
  id: string;
  name: string;
  bytes?: Buffer;
  puts: number;
}

const UPLOAD = /^\/onedrive\/upload\/([^/]+)$/;
const DOWNLOAD = /^\/onedrive\/download\/([^/]+)$/;

/** A file a user attached in the personal chat: it lives in their OneDrive; Teams hands the bot a short-lived download address. */
export interface FakeSharedFile {
  id: string;
  name: string;
  bytes: Buffer;
  /** The pre-authenticated address works with its `tempauth` only, until this instant (ms). */
  tempauth: string;
  expiresAt: number;
  downloads: number;
}

export class FakeOneDrive {
  readonly sessions = new Map<string, FakeUploadSession>();
  readonly shared = new Map<string, FakeSharedFile>();
  /** How many upload PUTs to answer 503 (OneDrive having a bad moment). */
  failUploads = 0;

  constructor(private readonly url: string) {}

  /** What Teams puts in `uploadInfo` when the user presses Allow. */
  openUpload(name: string): { name: string; uploadUrl: string; contentUrl: string; uniqueId: string; fileType: string } {
    const id = randomUUID();
    this.sessions.set(id, { id, name, puts: 0 });
    return { name, uploadUrl: `${this.url}/onedrive/upload/${id}`, contentUrl: `${this.url}/onedrive/files/${encodeURIComponent(name)}`, uniqueId: id, fileType: name.split('.').pop() ?? '' };
  }

  /**
   * A user attaches a file in the personal chat. Returns the attachment Teams puts on the message
   * (contentType application/vnd.microsoft.teams.file.download.info, content.downloadUrl: pre-authenticated,
   * no bearer token, valid `validForMs`, default one hour).
   */
  shareFile(name: string, content: string | Buffer, options: { now?: number; validForMs?: number } = {}): Json {
    const id = randomUUID();
    const file: FakeSharedFile = {
      id,
      name,
      bytes: typeof content === 'string' ? Buffer.from(content, 'utf8') : content,
      tempauth: randomUUID().replace(/-/g, ''),
      expiresAt: (options.now ?? Date.now()) + (options.validForMs ?? 3_600_000),
      downloads: 0,
    };
    this.shared.set(id, file);
    const extension = name.includes('.') ? name.split('.').pop()! : '';
    return {
      contentType: 'application/vnd.microsoft.teams.file.download.info',
      contentUrl: `${this.url}/onedrive/files/${encodeURIComponent(name)}`,
      name,
      content: { downloadUrl: `${this.url}/onedrive/download/${id}?tempauth=${file.tempauth}`, uniqueId: id, fileType: extension },
    };
  }

  handle(req: FakeRequest): FakeReply | undefined {
    const download = DOWNLOAD.exec(req.path);
    if (download) return this.download(decodeURIComponent(download[1]!), req);
    const match = UPLOAD.exec(req.path);
    if (!match) return undefined;
    if (req.method !== 'PUT') return { status: 405 };
    const session = this.sessions.get(decodeURIComponent(match[1]!));
    if (!session) return { status: 404, body: { error: { code: 'itemNotFound', message: 'The upload session was not found.' } } };
    session.puts += 1;
    if (this.failUploads > 0) {
      this.failUploads -= 1;
      return { status: 503, body: { error: { code: 'serviceNotAvailable', message: 'Service unavailable.' } } };
    }
    if (session.bytes) return { status: 409, body: { error: { code: 'nameAlreadyExists', message: 'The upload session is already complete.' } } };
    const bytes = Buffer.from(typeof req.body === 'string' ? req.body : '', 'utf8');
    const range = `bytes 0-${bytes.length - 1}/${bytes.length}`;
    if (req.headers['content-range'] !== range) return { status: 416, body: { error: { code: 'invalidRange', message: `Expected Content-Range ${range}` } } };
    session.bytes = bytes;
    return { status: 201, body: { id: session.id, name: session.name, size: bytes.length } };
  }

  private download(id: string, req: FakeRequest): FakeReply {
    if (req.method !== 'GET') return { status: 405 };
    const file = this.shared.get(id);
    if (!file) return { status: 404, body: { error: { code: 'itemNotFound', message: 'The resource could not be found.' } } };
    if (req.query.get('tempauth') !== file.tempauth || Date.now() > file.expiresAt) {
      return { status: 401, body: { error: { code: 'unauthenticated', message: 'The token is missing or has expired.' } } };
    }
    file.downloads += 1;
    return { status: 200, headers: { 'content-type': 'application/octet-stream' }, body: file.bytes.toString('utf8') };
  }
}
