import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One message the recorder stored, in arrival order. */
export interface RecordedPost {
  seq: number;
  idempotencyKey: string;
  channelRef: string;
  messageRef: string;
  /** Who sent it (the client says so in the body), so a test can pick which process to kill. */
  worker: string;
}

export interface RecorderOptions {
  /** How long each post takes before it is answered (the message is stored on arrival). */
  delayMs?: () => number;
  /**
   * Called when a post has been stored, before it is answered. A test can kill the client here, so the
   * message exists on the "platform" while its sender never learns the outcome.
   */
  onPost?: (post: RecordedPost) => void;
  /** Store the post, then drop the connection without answering (the client sees a reset). */
  resetAfterStore?: (post: RecordedPost) => boolean;
}

export interface Recorder {
  url: string;
  posts: RecordedPost[];
  findSentCalls: { idempotencyKey: string; found: boolean }[];
  /** Posts stored but not yet answered. */
  inFlight(): number;
  countsByKey(): Map<string, number>;
  close(): Promise<void>;
}

/**
 * A stand-in chat platform over real HTTP on 127.0.0.1, for tests that run the dispatcher in a child
 * process. POST /post stores a message; GET /sent?channel=&key= answers findSent.
 */
export async function startRecorder(options: RecorderOptions = {}): Promise<Recorder> {
  const posts: RecordedPost[] = [];
  const byKey = new Map<string, RecordedPost>();
  const findSentCalls: Recorder['findSentCalls'] = [];
  let pending = 0;

  const handlePost = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = JSON.parse(await readBody(req)) as { idempotencyKey: string; channelRef: string; worker?: string };
    const post: RecordedPost = {
      seq: posts.length + 1,
      idempotencyKey: body.idempotencyKey,
      channelRef: body.channelRef,
      messageRef: `m${posts.length + 1}`,
      worker: body.worker ?? '',
    };
    posts.push(post);
    if (!byKey.has(`${post.channelRef}|${post.idempotencyKey}`)) byKey.set(`${post.channelRef}|${post.idempotencyKey}`, post);
    if (options.resetAfterStore?.(post)) {
      req.socket.destroy();
      return;
    }
    pending += 1;
    options.onPost?.(post);
    await sleep(options.delayMs?.() ?? 0);
    pending -= 1;
    if (!res.destroyed) json(res, 200, { ok: true, messageRef: post.messageRef });
  };

  const handleFind = (url: URL, res: ServerResponse): void => {
    const key = url.searchParams.get('key') ?? '';
    const found = byKey.get(`${url.searchParams.get('channel') ?? ''}|${key}`);
    findSentCalls.push({ idempotencyKey: key, found: !!found });
    json(res, 200, { ok: true, messageRef: found?.messageRef ?? null });
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method === 'POST' && url.pathname === '/post') {
      handlePost(req, res).catch(() => json(res, 500, { ok: false }));
    } else if (req.method === 'GET' && url.pathname === '/sent') {
      handleFind(url, res);
    } else {
      json(res, 404, { ok: false });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    posts,
    findSentCalls,
    inFlight: () => pending,
    countsByKey: () => {
      const counts = new Map<string, number>();
      for (const p of posts) counts.set(p.idempotencyKey, (counts.get(p.idempotencyKey) ?? 0) + 1);
      return counts;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
