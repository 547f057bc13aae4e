import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { escapeHtml } from './markup.ts';
import { pageState, type StateDeps } from './state.ts';
import { DAY } from './time.ts';
import { LocalRequestError, type LocalWorkspace } from './workspace.ts';

const PUBLIC = new URL('./public/', import.meta.url);
const STATIC: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/index.html': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/composer.js': { file: 'composer.js', type: 'text/javascript; charset=utf-8' },
  '/form.js': { file: 'form.js', type: 'text/javascript; charset=utf-8' },
  '/style.css': { file: 'style.css', type: 'text/css; charset=utf-8' },
  '/favicon.svg': { file: 'favicon.svg', type: 'image/svg+xml' },
};
// The page builds everything from its own files: no inline script, nothing from elsewhere.
const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};
const MAX_BODY = 256 * 1024;
/** Like Slack's limit on a message's text; counted in characters, as the person sees them. */
const MAX_TEXT = 10_000;

const who = { as: z.string().min(1), channel: z.string().min(1) };
const bodies = {
  send: z.object({ ...who, text: z.string(), threadRef: z.string().nullish() }),
  action: z.object({ ...who, messageRef: z.string(), actionId: z.string(), value: z.string() }),
  form: z.object({ ...who, formId: z.string(), state: z.string(), values: z.record(z.string(), z.union([z.string(), z.array(z.string())]).optional()) }),
  dismiss: z.object({ as: z.string(), messageRef: z.string() }),
  time: z.object({ step: z.enum(['day', 'week', 'next']) }),
  demo: z.object({ ...who, date: z.string().optional(), template: z.string().regex(/^[a-z0-9-]*$/).optional() }),
};

export interface RouteDeps extends StateDeps {
  workspace: LocalWorkspace;
}

/** The page, its files and its JSON API, all under "/" on the bot's one HTTP server. */
export function localRoutes(deps: RouteDeps): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://local');
    try {
      checkHost(req);
      if (req.method === 'GET' || req.method === 'HEAD') return await get(deps, url, res);
      if (req.method === 'POST') return await post(deps, url.pathname, req, res);
      send(res, 405, { error: 'Method not allowed' });
    } catch (error) {
      if (error instanceof LocalRequestError) return send(res, error.status, { error: error.message });
      if (error instanceof z.ZodError) return send(res, 400, { error: error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
      throw error;
    }
  };
}

async function get(deps: RouteDeps, url: URL, res: ServerResponse): Promise<void> {
  const asset = STATIC[url.pathname];
  if (asset) {
    const content = await readFile(new URL(asset.file, PUBLIC));
    res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': asset.type }).end(content);
    return;
  }
  if (url.pathname === '/api/state') {
    return send(res, 200, pageState(deps, url.searchParams.get('as'), url.searchParams.get('channel')));
  }
  const file = /^\/files\/([A-Za-z0-9-]+)$/.exec(url.pathname);
  const stored = file && deps.store.file(file[1]!);
  if (stored) {
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'content-type': 'application/octet-stream',
      'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(stored.filename)}`,
    });
    res.end(stored.content);
    return;
  }
  res.writeHead(404, { ...SECURITY_HEADERS, 'content-type': 'text/html; charset=utf-8' }).end(`<p>Ikke fundet: ${escapeHtml(url.pathname)}</p>`);
}

async function post(deps: RouteDeps, path: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  checkSameOrigin(req);
  const body = await readJson(req);
  const { workspace } = deps;
  switch (path) {
    case '/api/send':
      return reply(res, deps, await workspace.send(checkLength(bodies.send.parse(body))));
    case '/api/action':
      return reply(res, deps, await workspace.action(bodies.action.parse(body)));
    case '/api/form':
      return reply(res, deps, await workspace.form(bodies.form.parse(body)));
    case '/api/demo': {
      const { as, channel, date, template } = bodies.demo.parse(body);
      return reply(res, deps, await workspace.send({ as, channel, text: `/tovholder demo ${date ?? ''} ${template ?? ''}`.trim() }));
    }
    case '/api/dismiss':
      workspace.dismiss(bodies.dismiss.parse(body));
      return send(res, 200, {});
    case '/api/time':
      return send(res, 200, await moveTime(deps, bodies.time.parse(body).step));
    default:
      send(res, 404, { error: 'Not found' });
  }
}

async function reply(res: ServerResponse, deps: RouteDeps, result: object): Promise<void> {
  await deps.workspace.settle();
  send(res, 200, result);
}

async function moveTime(deps: RouteDeps, step: 'day' | 'week' | 'next'): Promise<{ now: string; arrived: string | null }> {
  const { time } = deps;
  if (!time) throw new LocalRequestError(409, 'Tiden kan kun spoles, når det lokale arbejdsrum er den eneste platform (ikke sammen med Slack eller Teams).');
  if (step === 'next') {
    const result = await time.toNextActivity();
    if (!result) throw new LocalRequestError(409, 'Der er ingen kommende aktiviteter.');
    return { now: result.arrived.toISOString(), arrived: result.activity.label };
  }
  const now = await time.advanceBy(step === 'day' ? DAY : 7 * DAY);
  return { now: now.toISOString(), arrived: null };
}

/** A too long message is refused with a sentence for the person, not the schema's developer wording. */
function checkLength<T extends { text: string }>(input: T): T {
  const length = [...input.text].length;
  if (length <= MAX_TEXT) return input;
  const n = (v: number) => v.toLocaleString('da-DK');
  throw new LocalRequestError(413, `Beskeden er for lang: ${n(length)} tegn, og der er plads til ${n(MAX_TEXT)}. Din tekst står stadig i feltet – forkort den, eller del den op i flere beskeder.`);
}

/**
 * The page has no login (it is for one person's machine), so at least no other web site may drive it
 * from that person's browser: JSON only (which a cross-site form cannot send) and a same-origin check.
 */
function checkSameOrigin(req: IncomingMessage): void {
  if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) throw new LocalRequestError(415, 'Send JSON.');
  const origin = req.headers.origin;
  if (origin && origin !== `http://${req.headers.host}`) throw new LocalRequestError(403, 'Forespørgsler fra andre sider afvises.');
}

/** DNS rebinding needs a domain name: the page answers only to an IP address or localhost. */
function checkHost(req: IncomingMessage): void {
  let host: string;
  try {
    host = new URL(`http://${req.headers.host ?? 'localhost'}`).hostname;
  } catch {
    throw new LocalRequestError(400, 'Ugyldig Host.');
  }
  if (host !== 'localhost' && !/^[\d.]+$/.test(host) && !host.startsWith('[')) {
    throw new LocalRequestError(421, 'Åbn siden via 127.0.0.1 eller localhost.');
  }
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new LocalRequestError(413, 'For stor forespørgsel.');
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
  } catch {
    throw new LocalRequestError(400, 'Ugyldig JSON.');
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}
