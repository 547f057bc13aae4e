/**
 * The Teams messaging endpoint refuses what it should before reading it (issue #12.2): a request
 * without a bearer token gets 401 while its body is still arriving, and a body over 1 MiB gets 413,
 * never a 500, whether its length is declared or not.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { botInstalledPersonal, personalMessage } from '../../fakes/teams/index.ts';
import { teamsWorld, type TeamsWorld } from './harness.ts';

interface Sent {
  status: number;
  /** Whether the request body was still open (not ended by us) when the answer came. */
  bodyStillOpen: boolean;
}

/**
 * POSTs `chunks` of `chunkBytes` each to the bot, chunked unless `declareLength`; with `hold`, the body
 * is never ended, so only an answer given before reading it can arrive.
 */
function post(url: string, options: { headers?: Record<string, string>; chunks: number; chunkBytes?: number; declareLength?: boolean; hold?: boolean }): Promise<Sent> {
  const chunkBytes = options.chunkBytes ?? 64 * 1024;
  const total = options.chunks * chunkBytes;
  let ended = false;
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(options.declareLength ? { 'content-length': String(total) } : {}), ...options.headers } }, (res) => {
      res.resume();
      resolve({ status: res.statusCode!, bodyStillOpen: !ended });
      req.destroy();
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      // The server may close the connection after its answer while we still write: not a failure.
      if (error.code !== 'ECONNRESET' && error.code !== 'EPIPE') reject(error);
    });
    const chunk = Buffer.alloc(chunkBytes, 0x61);
    let written = 0;
    const writeMore = (): void => {
      while (written < options.chunks) {
        written += 1;
        if (!req.write(chunk)) return void req.once('drain', writeMore);
      }
      if (!options.hold) {
        ended = true;
        req.end();
      }
    };
    writeMore();
  });
}

describe('Teams messaging endpoint: refused before it is read', () => {
  let w: TeamsWorld;

  beforeAll(async () => {
    w = await teamsWorld();
  });
  afterAll(async () => w?.close());

  it('answers 401 to a request without a bearer token while its body is still arriving', async () => {
    const sent = await post(w.botUrl, { chunks: 4, hold: true });
    expect(sent).toEqual({ status: 401, bodyStillOpen: true });
    const basic = await post(w.botUrl, { chunks: 1, chunkBytes: 100, headers: { authorization: 'Basic dXNlcjpwYXNz' }, hold: true });
    expect(basic).toEqual({ status: 401, bodyStillOpen: true });
  });

  it('answers 413 to a body over 1 MiB, declared or not, with or without a token', async () => {
    const token = `Bearer ${w.fake.signActivityToken()}`;
    const declared = await post(w.botUrl, { chunks: 17, declareLength: true, headers: { authorization: token }, hold: true });
    expect(declared).toEqual({ status: 413, bodyStillOpen: true });
    const chunked = await post(w.botUrl, { chunks: 40, headers: { authorization: token } });
    expect(chunked.status).toBe(413);
    const unauthenticated = await post(w.botUrl, { chunks: 17, declareLength: true, hold: true });
    expect(unauthenticated.status).toBe(413);
  });

  it('still answers a signed activity afterwards', async () => {
    const karen = w.fake.addUser({ name: 'Karen Konsulent', email: 'karen@kommune.dk' });
    const chat = w.fake.personalConversation(karen);
    expect(await w.send(botInstalledPersonal(w.fake, { user: karen, conversation: chat }))).toBe(200);
    expect(await w.send(personalMessage(w.fake, { user: karen, conversation: chat, text: 'status' }))).toBe(200);
    expect(JSON.stringify(w.fake.messages(chat.id).at(-1))).toContain('intet forløb');
  });
});
