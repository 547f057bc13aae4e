import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { startBot, type BotProcess } from '../adapters/local/bot-process.ts';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOT = new URL('../../docs/local-workspace.png', import.meta.url).pathname;
const ZONE = 'Europe/Copenhagen';
const WAIT = { timeout: 20_000 };

/**
 * The next Monday, and a day later that week that is no Danish holiday or customary day off, to move
 * the kick-off to. Wednesday, not Tuesday: after Easter or Whit Monday the kick-off is on Tuesday already.
 */
function dates(): { start: string; moveTo: string } {
  const today = DateTime.now().setZone(ZONE).startOf('day');
  const start = today.plus({ days: 8 - today.weekday });
  const holidays = ['12-24', '12-25', '12-26', '12-31', '01-01', '06-05'];
  let moveTo = start.plus({ days: 2 });
  while (holidays.includes(moveTo.toFormat('MM-dd'))) moveTo = moveTo.plus({ days: 1 });
  return { start: start.toISODate()!, moveTo: moveTo.toISODate()! };
}

describe('the local workspace in a real browser', () => {
  let bot: BotProcess | undefined;
  let context: BrowserContext | undefined;
  let page: Page;
  let profile: string | undefined;

  /** In the test itself, not in a hook: a missing Chromium must fail the test, never skip it. */
  async function open(): Promise<void> {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`Chromium is missing at ${CHROMIUM}. Install Debian's package: apt-get update && apt-get install -y chromium`);
    }
    bot = await startBot({ PORT: '0', LOG_LEVEL: 'warn' });
    // A fresh profile: Playwright passes it to Chromium as --user-data-dir.
    profile = mkdtempSync(join(tmpdir(), 'tovholder-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1440, height: 900 },
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(20_000);
  }

  afterAll(async () => {
    await context?.close();
    await bot?.stop();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  async function type(text: string): Promise<void> {
    await page.locator('#text').fill(text);
    await page.locator('#text').press('Escape');
    await page.locator('#text').press('Enter');
  }

  const messages = () => page.locator('#list');
  const sidebar = (label: string) => page.locator('.sidebar a', { has: page.locator('.label', { hasText: new RegExp(`^${label}$`) }) });

  async function timeButton(name: string): Promise<void> {
    await page.getByRole('button', { name, exact: true }).click();
    await expect.poll(() => page.locator('#timebar.busy').count(), { timeout: 60_000 }).toBe(0);
  }

  it('runs a programme from the first command to an evaluation answer', async () => {
    await open();
    const { start, moveTo } = dates();
    await page.goto(bot!.url);
    await page.getByText('Velkommen til Tovholder').waitFor();
    await expect.poll(() => page.locator('#whoami option:checked').textContent(), WAIT).toBe('Mette Kjær Andersen');

    // The consultant creates a programme and a partnership by typing the commands, as in Slack.
    await type(`/tovholder opret "Små Partnerskaber Hjørring" ${start}`);
    await messages().getByText(/Forløbet Små Partnerskaber Hjørring er oprettet/).waitFor();
    await messages().getByText('Kun synlig for dig').first().waitFor();
    await type('/tovholder partnerskab "Havet" "Nordsøen Oceanarium" "Børnehaven Bjørnen" @anders=kultur @sofie=dagtilbud');
    await messages().getByText(/Partnerskabet Havet er tilføjet med 2 medlem/).waitFor();

    // The outbox creates the channels; they appear in the sidebar.
    await sidebar('små-partnerskaber-hjørring').waitFor();
    await sidebar('havet').waitFor();

    // The move preview and its confirm button.
    await type(`/tovholder flyt opstartsworkshop ${moveTo}`);
    await messages().getByRole('button', { name: 'Flyt', exact: true }).last().click();
    await messages().getByText(/aktiviteter er flyttet/).waitFor();

    // Time: to the first visit (Nysgerrighed), then a day past it.
    for (let i = 0; i < 10 && !(await page.locator('#next').textContent())?.includes('Nysgerrighed'); i += 1) {
      await timeButton('Til næste aktivitet');
    }
    expect(await page.locator('#next').textContent()).toContain('Nysgerrighed · Havet');
    await timeButton('Til næste aktivitet');
    await timeButton('+1 dag');
    expect(await page.locator('#next').textContent()).not.toContain('Nysgerrighed');

    // The reminders arrived in the partnership's channel.
    await sidebar('havet').click();
    await expect.poll(() => page.locator('#channel-title').textContent(), WAIT).toBe('# små-partnerskaber-hjørring-havet');
    await messages().getByText('Påmindelse: Nysgerrighed næste arbejdsdag').waitFor();
    await messages().getByText('Påmindelse: Nysgerrighed om 5 arbejdsdage').waitFor();

    // The pedagogue answers the evaluation the bot sent her after the visit, with a button.
    await page.locator('#whoami').selectOption({ label: 'Sofie Nørgaard' });
    await expect.poll(() => page.locator('#me-card').textContent(), WAIT).toContain('Sofie Nørgaard');
    await sidebar('Tovholder').click();
    await messages().getByText('Hvor optagede var børnene under besøget?').waitFor();
    await messages().locator('.b-actions').last().getByRole('button', { name: '4', exact: true }).click();
    await messages().getByText('Tak! Dit svar «4» er gemt.').waitFor();

    // She writes to her partner in their channel; a mention becomes a mention.
    await sidebar('havet').click();
    await expect.poll(() => page.locator('#channel-title').textContent(), WAIT).toBe('# små-partnerskaber-hjørring-havet');
    await type('Tak for i går! Børnene har talt om krabberne hele morgenen. @anders, skal vi tage udgangspunkt i rørebassinet næste gang?');
    await messages().locator('.mention', { hasText: '@Anders Holm' }).waitFor();

    // The screenshot for the README: the consultant's view of the partnership's channel.
    await page.locator('#whoami').selectOption({ label: 'Mette Kjær Andersen' });
    await expect.poll(() => page.locator('#me-card').textContent(), WAIT).toContain('Mette Kjær Andersen');
    await sidebar('havet').click();
    await messages().getByText('Børnene har talt om krabberne').waitFor();
    await page.locator('#toast').waitFor({ state: 'hidden' });
    mkdirSync(join(SCREENSHOT, '..'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
    expect(existsSync(SCREENSHOT)).toBe(true);
  }, 180_000);
});
