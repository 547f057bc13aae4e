import type { IncomingHttpHeaders } from 'node:http';
import type { RecordedCall } from './state.ts';

export interface FakeRequest {
  method: string;
  /** Path without the query string, percent-decoding left to the route. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** JSON or form body parsed (form bodies as a plain object), else the raw string. */
  body: unknown;
}

export interface FakeReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Handled {
  service: RecordedCall['service'];
  reply: FakeReply;
  conversationId?: string;
  auth: RecordedCall['auth'];
  /** Process the request, then destroy the socket instead of answering. */
  drop?: boolean;
}

export function bearerOf(headers: IncomingHttpHeaders): string | undefined {
  const value = headers.authorization;
  const match = typeof value === 'string' ? /^Bearer\s+(\S+)$/i.exec(value) : null;
  return match?.[1];
}
