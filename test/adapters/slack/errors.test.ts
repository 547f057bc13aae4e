import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { webApi } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { mapSlackError } from '../../../adapters/slack/errors.ts';
import { AuthError, InvalidRequestError, NotFoundError, RateLimitError, TargetGoneError, TransientError } from '../../../src/platform/errors.ts';
import { startFakeSlack } from '../../fakes/slack/index.ts';

/** Real errors from the real WebClient (no retries, 429s rejected) against the fake. */
async function errorOf(call: (client: webApi.WebClient) => Promise<unknown>, setUp: (fake: Awaited<ReturnType<typeof startFakeSlack>>) => void = () => {}, token = 'xoxb-fake-T0TOVHOLD'): Promise<unknown> {
  const fake = await startFakeSlack();
  try {
    setUp(fake);
    const client = new webApi.WebClient(token, { slackApiUrl: fake.url, rejectRateLimitedCalls: true, retryConfig: { retries: 0 }, timeout: 500 });
    await call(client);
    return null;
  } catch (error) {
    return error;
  } finally {
    await fake.close();
  }
}

const post = (c: webApi.WebClient, channel = 'U0ANNE') => c.chat.postMessage({ channel, text: 'hej' });

describe('Slack error mapping', () => {
  it('429 → RateLimitError with Retry-After in ms', async () => {
    const error = mapSlackError(await errorOf(post, (f) => f.failNext('chat.postMessage', { status: 429, retryAfter: 7 })));
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(7000);
  });

  it('HTTP 5xx, a reset connection and a timeout → TransientError (outcome unknown)', async () => {
    expect(mapSlackError(await errorOf(post, (f) => f.failNext('chat.postMessage', { status: 503 })))).toBeInstanceOf(TransientError);
    expect(mapSlackError(await errorOf(post, (f) => f.failNext('chat.postMessage', { acceptThenFail: true, resetConnection: true })))).toBeInstanceOf(TransientError);
    // A server that takes the request and never answers.
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const slow = new webApi.WebClient('xoxb-x', { slackApiUrl: `http://127.0.0.1:${(silent.address() as AddressInfo).port}/api/`, retryConfig: { retries: 0 }, timeout: 100 });
      const timeout = await slow.auth.test().then(() => null, (error: unknown) => error);
      expect(mapSlackError(timeout)).toBeInstanceOf(TransientError);
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });

  it('auth failures → AuthError', async () => {
    expect(mapSlackError(await errorOf(post, undefined, 'xoxb-wrong'))).toBeInstanceOf(AuthError);
    for (const code of ['not_authed', 'account_inactive', 'token_revoked']) {
      expect(mapSlackError(await errorOf(post, (f) => f.failNext('chat.postMessage', { error: code })))).toBeInstanceOf(AuthError);
    }
  });

  it('missing targets → NotFoundError; archived or left channels → TargetGoneError', async () => {
    expect(mapSlackError(await errorOf((c) => post(c, 'C0NOPE')))).toBeInstanceOf(NotFoundError);
    expect(mapSlackError(await errorOf((c) => c.conversations.open({ users: 'U0NOBODY' })))).toBeInstanceOf(NotFoundError);
    expect(mapSlackError(await errorOf(post, (f) => f.failNext('chat.postMessage', { error: 'is_archived' })))).toBeInstanceOf(TargetGoneError);
    expect(mapSlackError(await errorOf(post, (f) => f.failNext('chat.postMessage', { error: 'not_in_channel' })))).toBeInstanceOf(TargetGoneError);
  });

  it('refused requests → InvalidRequestError', async () => {
    const badBlocks = await errorOf((c) => c.chat.postMessage({ channel: 'U0ANNE', text: 'x', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(3001) } }] }));
    expect(mapSlackError(badBlocks)).toBeInstanceOf(InvalidRequestError);
    for (const code of ['invalid_arguments', 'msg_too_long']) {
      expect(mapSlackError(await errorOf(post, (f) => f.failNext('chat.postMessage', { error: code })))).toBeInstanceOf(InvalidRequestError);
    }
  });

  it('anything else is transient, and a mapped error keeps its cause', () => {
    const error = mapSlackError(new Error('socket hang up'), 'chat.postMessage');
    expect(error).toBeInstanceOf(TransientError);
    expect(error.message).toContain('chat.postMessage');
    expect(error.cause).toBeInstanceOf(Error);
  });
});
