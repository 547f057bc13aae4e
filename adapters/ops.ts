import { timingSafeEqual } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';
import type { Health } from '../src/ops/health.ts';
import type { Route } from './types.ts';

export const HEALTH_PATH = '/healthz';
export const READY_PATH = '/readyz';
export const METRICS_PATH = '/metrics';

/**
 * The operations endpoints on the bot's port. The reverse-proxy examples in the README forward only
 * the platforms' paths, so these stay reachable from the host (a container's HEALTHCHECK, a systemd
 * watchdog, a Prometheus on the same network) and not from the internet.
 */
export function opsRoutes(ops: { health: Health; metrics: Registry; metricsToken?: string }): Route[] {
  return [
    {
      prefix: HEALTH_PATH,
      handle: (req, res) => {
        if (!readOnly(req.method, res)) return;
        json(res, 200, { status: 'ok' });
      },
    },
    {
      prefix: READY_PATH,
      handle: (req, res) => {
        if (!readOnly(req.method, res)) return;
        const { ready, checks } = ops.health.readiness();
        json(res, ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', checks });
      },
    },
    {
      prefix: METRICS_PATH,
      handle: async (req, res) => {
        if (!readOnly(req.method, res)) return;
        if (ops.metricsToken && !bearerMatches(req.headers.authorization, ops.metricsToken)) {
          res.writeHead(401, { 'www-authenticate': 'Bearer realm="tovholder metrics"', 'content-type': 'text/plain; charset=utf-8' }).end('A bearer token is required (TOVHOLDER_METRICS_TOKEN).\n');
          return;
        }
        const body = await ops.metrics.metrics();
        res.writeHead(200, { 'content-type': ops.metrics.contentType }).end(body);
      },
    },
  ];
}

function readOnly(method: string | undefined, res: ServerResponse): boolean {
  if (method === 'GET' || method === 'HEAD') return true;
  res.writeHead(405, { allow: 'GET, HEAD' }).end();
  return false;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }).end(`${JSON.stringify(body)}\n`);
}

/** Constant-time comparison, so the token cannot be guessed a character at a time from response times. */
function bearerMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(/^Bearer (.+)$/i.exec(header ?? '')?.[1] ?? '');
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
