import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../src/logger.ts';
import { withLogContext } from '../src/ops/log-context.ts';
import type { Route } from './types.ts';

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
    // Every log line written while this request is handled (Bolt's, the adapter's, the core's) carries it.
    withLogContext({ reqId: requestId }, () =>
      Promise.resolve(route.handle(req, res)).catch((error: unknown) => {
        options.logger.error({ err: error, path }, 'request failed');
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('Internal error');
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
