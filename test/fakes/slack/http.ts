/**
 * Request parsing as Slack's Web API does it: form-encoded bodies (what @slack/web-api sends, with
 * `blocks` / `metadata` / `view` JSON-stringified), JSON bodies with a Bearer token, multipart bodies,
 * and query-string arguments.
 */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { Json } from './types.ts';

/** Arguments Slack takes as JSON-encoded strings; decoded for handlers and for the call record. */
export const JSON_ARGS = ['blocks', 'metadata', 'view', 'files', 'attachments'] as const;

export interface ParsedRequest {
  params: Json;
  /** Binary parts of a multipart body, by field name. */
  binary: Map<string, Buffer>;
  raw: Buffer;
  /** Set when the body could not be read as Slack would: `invalid_json`, `invalid_form_data`, ... */
  error?: string;
}

export async function readBody(req: IncomingMessage, maxBytes = 10_000_000): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > maxBytes) throw new Error('request body too large');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

export async function parseRequest(raw: Buffer, headers: IncomingHttpHeaders, query: URLSearchParams): Promise<ParsedRequest> {
  const params: Json = Object.fromEntries(query.entries());
  const binary = new Map<string, Buffer>();
  const contentType = (headers['content-type'] ?? '').toLowerCase();
  if (raw.length === 0) return { params, binary, raw };
  if (contentType === '') return { params, binary, raw, error: 'missing_post_type' };
  if (contentType.startsWith('application/x-www-form-urlencoded')) {
    for (const [key, value] of new URLSearchParams(raw.toString('utf8'))) params[key] = value;
  } else if (contentType.startsWith('application/json')) {
    try {
      const parsed: unknown = JSON.parse(raw.toString('utf8'));
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return { params, binary, raw, error: 'invalid_json' };
      Object.assign(params, parsed);
    } catch {
      return { params, binary, raw, error: 'invalid_json' };
    }
  } else if (contentType.startsWith('multipart/form-data')) {
    try {
      const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': contentType } }).formData();
      for (const [key, value] of form.entries()) {
        if (typeof value === 'string') params[key] = value;
        else binary.set(key, Buffer.from(await value.arrayBuffer()));
      }
    } catch {
      return { params, binary, raw, error: 'invalid_form_data' };
    }
  } else if (!contentType.startsWith('text/plain')) {
    return { params, binary, raw, error: 'invalid_post_type' };
  }
  return { params, binary, raw };
}

/** A copy of params with the JSON-encoded arguments decoded (left as strings when they are not JSON). */
export function decodeJsonArgs(params: Json): Json {
  const out: Json = { ...params };
  for (const key of JSON_ARGS) {
    const value = out[key];
    if (typeof value !== 'string') continue;
    try {
      out[key] = JSON.parse(value) as unknown;
    } catch {
      // keep the raw string; the handler reports the format error
    }
  }
  return out;
}

export function bearerToken(headers: IncomingHttpHeaders): string | undefined {
  const value = headers.authorization;
  const match = typeof value === 'string' ? /^Bearer\s+(\S+)$/i.exec(value.trim()) : null;
  return match?.[1];
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

// ---- Argument readers -------------------------------------------------------------------------

export function str(params: Json, key: string): string | undefined {
  const value = params[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

export function bool(params: Json, key: string): boolean {
  const value = params[key];
  return value === true || value === 'true' || value === '1' || value === 1;
}

export function int(params: Json, key: string): number | undefined {
  const value = str(params, key);
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  return Number.isInteger(n) ? n : Number.NaN;
}

/** A comma-separated list argument (or a JSON array). */
export function list(params: Json, key: string): string[] {
  const value = params[key];
  if (Array.isArray(value)) return value.map(String).map((s) => s.trim()).filter(Boolean);
  const text = str(params, key) ?? '';
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

export function encodeCursor(value: string): string {
  return Buffer.from(`next:${value}`, 'utf8').toString('base64');
}

export function decodeCursor(cursor: string): string | undefined {
  const text = Buffer.from(cursor, 'base64').toString('utf8');
  return text.startsWith('next:') ? text.slice(5) : undefined;
}
