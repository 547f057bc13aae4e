/**
 * CloudAdapter.process(req, res, logic) wants an Express/Restify-like pair: `req.body` already
 * parsed and `res.status() / header() / send() / end()`. These adapt plain node:http objects.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody } from '../http.ts';

export interface BotRequest {
  body?: Record<string, unknown>;
  headers: Record<string, string | string[] | undefined>;
  method?: string;
}

export interface BotResponse {
  socket: unknown;
  status(code: number): BotResponse;
  header(name: string, value: unknown): BotResponse;
  send(body?: unknown): BotResponse;
  end(): BotResponse;
}

/**
 * Reads and parses the JSON body; `body` stays undefined when it is not a JSON object. A body over
 * the server's cap throws BodyTooLargeError, which the server answers with 413.
 */
export async function toBotRequest(req: IncomingMessage): Promise<BotRequest> {
  const raw = await readBody(req);
  let body: Record<string, unknown> | undefined;
  try {
    const parsed: unknown = JSON.parse(raw.toString('utf8'));
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) body = parsed as Record<string, unknown>;
  } catch {
    body = undefined;
  }
  return { ...(body ? { body } : {}), headers: req.headers, method: req.method ?? 'GET' };
}

export function toBotResponse(res: ServerResponse): BotResponse {
  const wrapper: BotResponse = {
    socket: res.socket,
    status(code) {
      res.statusCode = code;
      return wrapper;
    },
    header(name, value) {
      res.setHeader(name, String(value));
      return wrapper;
    },
    send(body) {
      if (body === undefined || body === null) return wrapper;
      if (typeof body === 'string' || Buffer.isBuffer(body)) {
        if (!res.hasHeader('content-type')) res.setHeader('content-type', 'text/plain; charset=utf-8');
        res.write(body);
      } else {
        res.setHeader('content-type', 'application/json; charset=utf-8');
        res.write(JSON.stringify(body));
      }
      return wrapper;
    },
    end() {
      res.end();
      return wrapper;
    },
  };
  return wrapper;
}
