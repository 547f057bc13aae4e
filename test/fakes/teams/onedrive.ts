/**
 * The user's OneDrive as a bot's file upload meets it: Teams opens an upload session when the user
 * accepts a file consent card and hands the bot its address (uploadInfo); the bot PUTs the file there
 * with a Content-Range covering the whole file. No bearer token: the session URL is the permission.
 */
import { randomUUID } from 'node:crypto';
import type { FakeReply, FakeRequest } from './http-types.ts';

export interface FakeUploadSession {
  id: string;
  name: string;
  bytes?: Buffer;
  puts: number;
}

const UPLOAD = /^\/onedrive\/upload\/([^/]+)$/;

export class FakeOneDrive {
  readonly sessions = new Map<string, FakeUploadSession>();
  /** How many upload PUTs to answer 503 (OneDrive having a bad moment). */
  failUploads = 0;

  constructor(private readonly url: string) {}

  /** What Teams puts in `uploadInfo` when the user presses Allow. */
  openUpload(name: string): { name: string; uploadUrl: string; contentUrl: string; uniqueId: string; fileType: string } {
    const id = randomUUID();
    this.sessions.set(id, { id, name, puts: 0 });
    return { name, uploadUrl: `${this.url}/onedrive/upload/${id}`, contentUrl: `${this.url}/onedrive/files/${encodeURIComponent(name)}`, uniqueId: id, fileType: name.split('.').pop() ?? '' };
  }

  handle(req: FakeRequest): FakeReply | undefined {
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
}
