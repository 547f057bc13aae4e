import type { IncomingMessage, ServerResponse } from 'node:http';
// From their modules rather than '@slack/bolt', whose index loads all of Bolt (see bolt-app.ts).
import * as HTTPModuleFunctions from '@slack/bolt/dist/receivers/HTTPModuleFunctions.js';
import { isValidSlackRequest } from '@slack/bolt/dist/receivers/verify-request.js';
import { systemClock, type Clock } from '../../src/clock.ts';
import type { Logger } from '../../src/logger.ts';
import { readBody } from '../http.ts';
import { malformedReason } from './payload-shape.ts';
import { SIGNATURE_WINDOW_SECONDS, type SeenSignatures } from './replay.ts';

export interface RequestGuardDeps {
  signingSecret: string;
  /** The signatures seen recently; null until the adapter is attached to the core's database. */
  seen: () => SeenSignatures | null;
  logger: Logger;
  /**
   * Slack signs with the real time, so the window is checked against the wall clock, not the core's
   * (which `start --now` moves).
   */
  wallClock?: Clock;
}

type Verdict = { status: number; reason: string } | null;

/**
 * Checks a POST to the request URL before Bolt sees it: reads the body (at most the server's cap),
 * refuses a bad signature, a timestamp more than five minutes off either way (Bolt only refuses old
 * ones), a replayed signature, and a signed body whose shape Bolt would trip over. On success the
 * buffered body is left on the request (`rawBody`, which Bolt's receiver reuses) and true is returned;
 * otherwise the answer (400, 401 or 503) is sent, one line logged, and false returned.
 */
export async function guardSlackRequest(req: IncomingMessage, res: ServerResponse, deps: RequestGuardDeps): Promise<boolean> {
  const rawBody = await readBody(req);
  const verdict = judge(req, rawBody, deps);
  if (verdict) {
    deps.logger.warn({ status: verdict.status, reason: verdict.reason }, 'Slack request refused');
    res.writeHead(verdict.status, { 'content-type': 'text/plain; charset=utf-8' }).end();
    return false;
  }
  (req as IncomingMessage & { rawBody: Buffer }).rawBody = rawBody;
  return true;
}

function judge(req: IncomingMessage, rawBody: Buffer, deps: RequestGuardDeps): Verdict {
  const contentType = req.headers['content-type'];
  const text = rawBody.toString();
  // Slack's SSL check is unsigned; Bolt answers it and drops anything else in the body.
  if (contentType === 'application/x-www-form-urlencoded' && new URLSearchParams(text).get('ssl_check') === '1') return null;
  const signature = req.headers['x-slack-signature'];
  const timestamp = Number(req.headers['x-slack-request-timestamp']);
  if (typeof signature !== 'string' || !Number.isInteger(timestamp)) return { status: 401, reason: 'no Slack signature' };
  const nowMilliseconds = (deps.wallClock ?? systemClock).now().getTime();
  const nowSeconds = Math.floor(nowMilliseconds / 1000);
  if (Math.abs(nowSeconds - timestamp) > SIGNATURE_WINDOW_SECONDS) return { status: 401, reason: `timestamp ${timestamp - nowSeconds} s from now, outside Slack's five minutes` };
  const headers = { 'x-slack-signature': signature, 'x-slack-request-timestamp': timestamp };
  if (!isValidSlackRequest({ signingSecret: deps.signingSecret, body: text, headers, nowMilliseconds })) return { status: 401, reason: 'bad signature' };
  const seen = deps.seen();
  if (!seen) return { status: 503, reason: 'not ready' };
  const shape = shapeOf({ rawBody, headers: req.headers });
  // Refused before it is remembered, so a malformed body does not take up a row.
  if (shape) return { status: 400, reason: shape };
  if (!seen.remember(signature, timestamp, nowSeconds)) return { status: 401, reason: 'replayed: this signature was already used' };
  return null;
}

/** Parses the body as Bolt's receiver will, and says what is wrong with it, if anything. */
function shapeOf(request: { rawBody: Buffer; headers: IncomingMessage['headers'] }): string | null {
  let body: unknown;
  try {
    body = HTTPModuleFunctions.parseHTTPRequestBody(request as Parameters<typeof HTTPModuleFunctions.parseHTTPRequestBody>[0]);
  } catch (error) {
    return `not parseable: ${(error as Error).message}`;
  }
  return malformedReason(body);
}
