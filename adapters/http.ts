import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../src/logger.ts';
import { withLogContext } from '../src/ops/log-context.ts';
import type { Route } from './types.ts';

/**
 * The largest request body any inbound endpoint reads: 1 MiB. Slack's and Teams' payloads are a few
 * kilobytes (a Slack message is at most 40,000 characters, a modal at most 100 blocks), so this leaves
 * ample room and still keeps a forged body from being read into memory. (Bolt's own default is 4 MB;
 * the local workspace reads at most 256 KiB.)
 */
export const MAX_BODY_BYTES = 1024 * 1024;

/** A body over the cap: answered 413 by the server, whoever was reading it. */
export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`request body over ${limit} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/** Reads a request body, refusing (BodyTooLargeError) as soon as it passes `maxBytes`. */
export async function readBody(req: IncomingMessage, maxBytes = MAX_BODY_BYTES): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw new BodyTooLargeError(maxBytes);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * The bot's single HTTP server: Slack's request URL, Teams' messaging endpoint and the local
 * workspace share one port, so one reverse-proxy rule covers them all.
 */
export async function listen(routes: Route[], options: { port: number; host: string; logger: Logger }): Promise<{ server: Server; url: string }> {
  // Longest prefix first, so "/slack/events" wins over "/".
  const ordered = [...routes].sort((a, b) => b.prefix.length - a.prefix.length);
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const route = ordered.find((r) => path === r.prefix || path.startsWith(r.prefix.endsWith('/') ? r.prefix : `${r.prefix}/`) || r.prefix === '/');
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
      return;
    }
    const requestId = requestIdOf(req);
    res.setHeader('x-request-id', requestId);
    const refusal = refuseBeforeReading(req, route);
    if (refusal) {
      options.logger.warn({ path, status: refusal.status, reqId: requestId }, `request refused before reading its body: ${refusal.why}`);
      res.writeHead(refusal.status, { 'content-type': 'text/plain; charset=utf-8', ...refusal.headers }).end(refusal.why);
      return;
    }
    // Every log line written while this request is handled (Bolt's, the adapter's, the core's) carries
    // the request id. Async, so a handler that throws synchronously lands in the catch too, never in
    // 'uncaughtException'.
    withLogContext({ reqId: requestId }, () =>
      (async () => route.handle(req, res))().catch((error: unknown) => {
        const tooLarge = error instanceof BodyTooLargeError;
        if (tooLarge) options.logger.warn({ path, limit: error.limit }, 'request body too large');
        else options.logger.error({ err: error, path }, 'request failed');
        if (!res.headersSent) res.writeHead(tooLarge ? 413 : 500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(tooLarge ? 'Request body too large' : 'Internal error');
      }),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host === '0.0.0.0' ? '127.0.0.1' : options.host;
  return { server, url: `http://${host}:${port}` };
}

/**
 * A proxy's X-Request-Id, so one id follows a request through the proxy's log and ours; otherwise a new
 * one. Only a short, plain one is taken over: it is written into every log line of the request.
 */
function requestIdOf(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && /^[\w.:-]{1,128}$/.test(given) ? given : randomUUID();
}

interface Refusal {
  status: number;
  why: string;
  headers?: Record<string, string>;
}

/**
 * What can be refused from the headers alone: a declared body over the cap (413), and a request to an
 * endpoint that needs a bearer token without one (401). Neither body is read.
 */
function refuseBeforeReading(req: IncomingMessage, route: Route): Refusal | null {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES) return { status: 413, why: `Request body over ${MAX_BODY_BYTES} bytes` };
  if (route.auth === 'bearer' && !/^Bearer\s+\S+/i.test(req.headers.authorization ?? '')) {
    return { status: 401, why: 'Authorization required', headers: { 'www-authenticate': 'Bearer' } };
  }
  return null;
}
