import type { Server } from 'node:http';
import { request } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listen } from '../../../adapters/http.ts';
import { GENERAL_CHANNEL } from '../../../adapters/local/directory.ts';
import { createLocalAdapter } from '../../../adapters/local/index.ts';
import { createCore } from '../../../src/app.ts';
import { OffsetClock } from '../../../src/clock.ts';
import { silentLogger } from '../../../src/logger.ts';
import { localHarness, type LocalHarness } from './harness.ts';

/** A raw request, so a test can send the headers a browser on another site (or fetch) would not. */
function raw(url: string, options: { method?: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers: options.headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('the local workspace over HTTP', () => {
  let h: LocalHarness;
  let server: Server;
  let url: string;

  beforeEach(async () => {
    h = await localHarness();
    ({ server, url } = await listen(h.adapter.routes, { port: 0, host: '127.0.0.1', logger: silentLogger() }));
  });
  afterEach(async () => {
    await new Promise((resolve) => server.close(resolve));
    await h.close();
  });

  const post = (path: string, body: unknown) =>
    fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('serves the page and its files with a strict content security policy', async () => {
    const page = await fetch(`${url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('Hvem er jeg');
    for (const path of ['/app.js', '/composer.js', '/form.js', '/style.css', '/favicon.svg']) expect((await fetch(`${url}${path}`)).status).toBe(200);
    expect((await fetch(`${url}/nope`)).status).toBe(404);
  });

  it('answers state, commands and the time control as JSON', async () => {
    const state = await (await fetch(`${url}/api/state?as=U-mette`)).json();
    expect(state).toMatchObject({ me: 'U-mette', programmes: 0, timeControl: true, current: { ref: GENERAL_CHANNEL } });
    expect(state.channels.map((c: { label: string }) => c.label)).toEqual(['generelt', 'Tovholder']);

    // The page's picker: every template, Små Partnerskaber first; a template id of other characters is refused.
    expect(state.templates[0]).toEqual({ id: 'smaa-partnerskaber', name: 'Små Partnerskaber' });
    expect((await post('/api/demo', { as: 'U-mette', channel: GENERAL_CHANNEL, template: 'x; opret' })).status).toBe(400);
    expect((await post('/api/demo', { as: 'U-mette', channel: GENERAL_CHANNEL, template: 'smaa-partnerskaber' })).status).toBe(200);
    const after = await (await fetch(`${url}/api/state?as=U-mette&channel=${GENERAL_CHANNEL}`)).json();
    expect(after.programmes).toBe(1);
    expect(after.html).toContain('Kun synlig for dig');
    expect(after.next.label).toMatch(/^Opstartsworkshop/);

    const moved = await (await post('/api/time', { step: 'next' })).json();
    expect(moved.arrived).toMatch(/^Opstartsworkshop/);
    const form = await (await post('/api/send', { as: 'U-mette', channel: GENERAL_CHANNEL, text: '/tovholder opret' })).json();
    expect(form.form.formId).toBe('programme.create');
  });

  it('refuses what another web site could make a browser send', async () => {
    const json = JSON.stringify({ as: 'U-mette', channel: GENERAL_CHANNEL, text: '/tovholder demo' });
    expect((await raw(`${url}/api/send`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: json })).status).toBe(415);
    const crossSite = await raw(`${url}/api/send`, { method: 'POST', headers: { 'content-type': 'application/json', origin: 'http://evil.example' }, body: json });
    expect(crossSite.status).toBe(403);
    expect((await raw(`${url}/api/state`, { headers: { host: 'evil.example' } })).status).toBe(421);
    expect(h.core.repos.programmes.listInWorkspace('local', 'local')).toHaveLength(0);
  });

  it('says what is wrong with a bad request', async () => {
    const missing = await post('/api/send', { as: 'U-mette' });
    expect(missing.status).toBe(400);
    expect((await missing.json()).error).toMatch(/channel/);
    expect((await post('/api/send', { as: 'U-nobody', channel: GENERAL_CHANNEL, text: 'hej' })).status).toBe(400);
    expect((await post('/api/time', { step: 'year' })).status).toBe(400);
  });

  it('keeps the bot’s time across a restart, never going back', async () => {
    await post('/api/demo', { as: 'U-mette', channel: GENERAL_CHANNEL });
    const moved = await (await post('/api/time', { step: 'week' })).json();
    const clock = new OffsetClock(h.base);
    const adapter = createLocalAdapter({ dbPath: h.dbPath, clock, logger: silentLogger() });
    const core = createCore({ dbPath: h.dbPath, clock, logger: silentLogger(), platforms: [adapter.port] });
    await adapter.attach(core);
    expect(clock.now().toISOString()).toBe(moved.now);
    await adapter.close();
    core.close();
  });

  it('refuses a message over 10,000 characters with a sentence in Danish, and sends nothing', async () => {
    const before = h.adapter.store.messagesFor(GENERAL_CHANNEL, 'U-mette').length;
    const long = await post('/api/send', { as: 'U-mette', channel: GENERAL_CHANNEL, text: 'æ'.repeat(10_001) });
    expect(long.status).toBe(413);
    const { error } = await long.json();
    expect(error).toBe('Beskeden er for lang: 10.001 tegn, og der er plads til 10.000. Din tekst står stadig i feltet – forkort den, eller del den op i flere beskeder.');
    expect(error).not.toMatch(/Too big|expected|text:/);
    expect(h.adapter.store.messagesFor(GENERAL_CHANNEL, 'U-mette')).toHaveLength(before);
    expect((await post('/api/send', { as: 'U-mette', channel: GENERAL_CHANNEL, text: '😀'.repeat(10_000) })).status).toBe(200);
  });

  it('resumes after a restart at the time the clock had reached, not at the last click', async () => {
    await post('/api/demo', { as: 'U-mette', channel: GENERAL_CHANNEL });
    const moved = await (await post('/api/time', { step: 'week' })).json();
    h.base.advance(3 * 3_600_000); // three hours pass after the click, then the bot is stopped
    const reached = h.core.clock.now().toISOString();
    expect(reached).not.toBe(moved.now);
    await h.adapter.close();
    h.base.advance(3_600_000); // it stays stopped for an hour: the bot's time (a week ahead) does not run meanwhile
    const clock = new OffsetClock(h.base);
    const adapter = createLocalAdapter({ dbPath: h.dbPath, clock, logger: silentLogger() });
    const core = createCore({ dbPath: h.dbPath, clock, logger: silentLogger(), platforms: [adapter.port] });
    await adapter.attach(core);
    expect(clock.now().toISOString()).toBe(reached);
    await adapter.close();
    core.close();
  });

  it('hands out shared files', async () => {
    const { fileRef } = await h.adapter.port.uploadFile({ workspaceId: 'local', channelRef: GENERAL_CHANNEL, filename: 'svar æøå.csv', title: 'Svar', content: Buffer.from('\ufeffa;b\n') });
    const file = await fetch(`${url}/files/${fileRef}`);
    expect(file.headers.get('content-disposition')).toBe("attachment; filename*=UTF-8''svar%20%C3%A6%C3%B8%C3%A5.csv");
    expect(Buffer.from(await file.arrayBuffer()).toString()).toBe('\ufeffa;b\n');
  });
});
