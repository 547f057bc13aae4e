import { describeBody, mapHttpFailure, mapNetworkFailure, type TeamsService } from './errors.ts';

export interface RestRequest {
  service: Exclude<TeamsService, 'token'>;
  method: 'GET' | 'POST' | 'PUT';
  url: string;
  token: string;
  body?: unknown;
  timeoutMs: number;
}

/**
 * One HTTP call, exactly one attempt. The SDK's connector client would retry 429/5xx by itself (with
 * an uncapped Retry-After sleep) and post a message twice after a reset connection; outbox sends
 * must leave retrying to the outbox, which paces per conversation and survives a crash.
 */
export async function callJson<T>(request: RestRequest): Promise<T> {
  let response: Response;
  try {
    response = await fetch(request.url, {
      method: request.method,
      headers: {
        authorization: `Bearer ${request.token}`,
        accept: 'application/json',
        ...(request.body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' }),
      },
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal: AbortSignal.timeout(request.timeoutMs),
    });
  } catch (error) {
    throw mapNetworkFailure(request.service, error);
  }
  const text = await response.text().catch((error: unknown) => {
    throw mapNetworkFailure(request.service, error);
  });
  const body = parse(text);
  if (!response.ok) {
    throw mapHttpFailure({ service: request.service, status: response.status, ...describeBody(body), retryAfter: response.headers.get('retry-after') });
  }
  return (body ?? {}) as T;
}

function parse(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
