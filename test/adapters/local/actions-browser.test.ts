/**
 * Færdig clicked in the local workspace's page, in a real browser (Chromium): the consultant has
 * given Anders an action; Anders, chosen under "Hvem er jeg", finds it in his conversation with
 * Tovholder and clicks Færdig; the page shows the thanks and the message without its button.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, expect, it } from 'vitest';
import { listen } from '../../../adapters/http.ts';
import { GENERAL_CHANNEL } from '../../../adapters/local/directory.ts';
import { silentLogger } from '../../../src/logger.ts';
import { localHarness, type LocalHarness } from './harness.ts';

const CHROMIUM = '/usr/bin/chromium';
const WAIT = { timeout: 20_000 };

let h: LocalHarness | undefined;
let server: Server | undefined;
let context: BrowserContext | undefined;
let profile: string | undefined;

afterAll(async () => {
  await context?.close();
  if (server) await new Promise((resolve) => server!.close(resolve));
  await h?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

it('Anders clicks Færdig on his action in the page, and it is done', async () => {
  // In the test, not a hook: a missing Chromium must fail the test, never skip it.
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is missing at ${CHROMIUM}. Install Debian's package: apt-get update && apt-get install -y chromium`);
  h = await localHarness();
  let url: string;
  ({ server, url } = await listen(h.adapter.routes, { port: 0, host: '127.0.0.1', logger: silentLogger() }));
  const send = (text: string) => h!.workspace.send({ as: 'U-mette', channel: GENERAL_CHANNEL, text });
  await send('/tovholder opret "Forløb 2027" 2027-01-04');
  await send('/tovholder partnerskab "Havet" "Nordsøen Oceanarium" "Børnehaven Bjørnen" @anders=kultur @sofie=dagtilbud');
  // To the day after the kick-off workshop, then the action.
  for (let i = 0; i < 5 && !h.time.next()?.label.startsWith('Opstartsworkshop'); i += 1) await h.time.toNextActivity();
  await h.time.toNextActivity();
  await h.time.advanceBy(24 * 60 * 60_000);
  await send('/tovholder handling @anders "Send udkast til skolerne" 2027-01-20');
  await h.workspace.settle();

  profile = mkdtempSync(join(tmpdir(), 'tovholder-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(20_000);
  await page.goto(url);
  await page.locator('#whoami').selectOption({ label: 'Anders Holm' });
  await expect.poll(() => page.locator('#me-card').textContent(), WAIT).toContain('Anders Holm');
  await page.locator('.sidebar a', { has: page.locator('.label', { hasText: /^Tovholder$/ }) }).click();
  const action = page.locator('#list article.msg', { has: page.getByText('Send udkast til skolerne') }).first();
  await action.getByRole('button', { name: 'Færdig', exact: true }).click();
  await page.locator('#list').getByText('Tak! «Send udkast til skolerne» er markeret som færdig.').waitFor();
  expect(h.core.db.prepare('SELECT status FROM meeting_actions').pluck().get()).toBe('done');
  // The outbox replaces the message: done, without its button.
  await h.workspace.settle();
  await page.reload();
  await page.locator('#list').getByText(/✓ Færdig .*Send udkast til skolerne/).waitFor();
  await expect.poll(() => page.locator('#list').getByRole('button', { name: 'Færdig', exact: true }).count(), WAIT).toBe(0);
});
