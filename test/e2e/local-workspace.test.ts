import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { startBot, type BotProcess } from '../adapters/local/bot-process.ts';

const CHROMIUM = '/usr/bin/chromium';
/**
 * axe-core, the accessibility rules engine. Evaluated through the DevTools protocol, which the page's
 * Content-Security-Policy (script-src 'self') rightly does not let a script tag do.
 */
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
/**
 * Screenshots go to a temporary folder, so `npm test` never rewrites a committed file;
 * `npm run screenshot` sets TOVHOLDER_SCREENSHOT_DIR=docs to update the README's images on purpose.
 */
const SHOTS = process.env.TOVHOLDER_SCREENSHOT_DIR ?? mkdtempSync(join(tmpdir(), 'tovholder-shots-'));
const ZONE = 'Europe/Copenhagen';
const WAIT = { timeout: 20_000 };

/**
 * The next Monday, and a day later that week that is no Danish holiday or customary day off, to move
 * the kick-off to. Wednesday, not Tuesday: after Easter or Whit Monday the kick-off is on Tuesday already.
 * `midway`: the Wednesday of the demo's mid-way workshop week (it starts on the Monday nine weeks on).
 */
function dates(): { start: string; moveTo: string; midway: string } {
  const today = DateTime.now().setZone(ZONE).startOf('day');
  const start = today.plus({ days: 8 - today.weekday });
  const holidays = ['12-24', '12-25', '12-26', '12-31', '01-01', '06-05'];
  const workingWednesday = (from: DateTime) => {
    let day = from.plus({ days: 2 });
    while (holidays.includes(day.toFormat('MM-dd'))) day = day.plus({ days: 1 });
    return day.toISODate()!;
  };
  return { start: start.toISODate()!, moveTo: workingWednesday(start), midway: workingWednesday(start.plus({ weeks: 9 })) };
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
    await close(); // each test has a fresh bot (and database) and a fresh browser
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

  async function close(): Promise<void> {
    await context?.close();
    await bot?.stop();
    if (profile) rmSync(profile, { recursive: true, force: true });
    context = bot = profile = undefined;
  }
  afterAll(async () => {
    await close();
    if (!process.env.TOVHOLDER_SCREENSHOT_DIR) rmSync(SHOTS, { recursive: true, force: true });
  });

  async function type(text: string): Promise<void> {
    await page.locator('#text').fill(text);
    await page.locator('#text').press('Escape');
    await page.locator('#text').press('Enter');
  }

  const messages = () => page.locator('#list');
  /** The one message (article) that contains this text: locators inside it cannot match another message. */
  const message = (text: string | RegExp) => messages().locator('article.msg', { has: page.getByText(text) });
  const sidebar = (label: string) => page.locator('.sidebar a', { has: page.locator('.label', { hasText: new RegExp(`^${label}$`) }) });

  /** axe-core's violations on the page as it is now, one line each (rule: the elements it names). */
  async function accessibilityViolations(): Promise<string[]> {
    await page.evaluate(AXE);
    return page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(context: Document): Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }).axe;
      const { violations } = await axe.run(document);
      return violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    });
  }

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
    // The direct message with its answered question passes axe's rules (#messages was not focusable: #11.17).
    expect(await accessibilityViolations()).toEqual([]);

    // She writes to her partner in their channel; a mention becomes a mention.
    await sidebar('havet').click();
    await expect.poll(() => page.locator('#channel-title').textContent(), WAIT).toBe('# små-partnerskaber-hjørring-havet');
    await type('Tak for i går! Børnene har talt om krabberne hele morgenen. @anders, skal vi tage udgangspunkt i rørebassinet næste gang?');
    // The welcome mentions Anders too: look inside her message only, so exactly one element matches.
    await message(/^Tak for i går!/).locator('.mention', { hasText: '@Anders Holm' }).waitFor();

    // The screenshot for the README: the consultant's view of the partnership's channel.
    await page.locator('#whoami').selectOption({ label: 'Mette Kjær Andersen' });
    await expect.poll(() => page.locator('#me-card').textContent(), WAIT).toContain('Mette Kjær Andersen');
    await sidebar('havet').click();
    await messages().getByText('Børnene har talt om krabberne').waitFor();
    await page.locator('#toast').waitFor({ state: 'hidden' });
    expect(await accessibilityViolations()).toEqual([]);
    await shoot('local-workspace.png');
  }, 180_000);

  async function shoot(name: string): Promise<void> {
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: join(SHOTS, name) });
    expect(existsSync(join(SHOTS, name))).toBe(true);
  }

  it('lets the visitor pick the demo’s template: every built-in one is offered, and KL’s networks are seeded', async () => {
    await open();
    await page.goto(bot!.url);
    const picker = page.getByLabel('Skabelon');
    await expect.poll(async () => (await picker.locator('option').allTextContents()).length, WAIT).toBeGreaterThanOrEqual(4);
    expect(await picker.locator('option').allTextContents()).toEqual(expect.arrayContaining([
      'Små Partnerskaber', 'Stærke børnefællesskaber i dagtilbud (KL)', '0-18 år og den digitale udvikling (KL)', 'Kvalitet i dagtilbud (KL)',
    ]));
    await picker.selectOption({ label: 'Kvalitet i dagtilbud (KL)' });
    await expect.poll(() => page.locator('#demo-what').textContent(), WAIT).toBe('Opretter Kvalitet i dagtilbud (KL) Nordjylland med grupper, kommuner og personer, der passer til skabelonen.');
    await page.getByRole('button', { name: 'Start demo' }).click();
    await messages().getByText(/Kvalitet i dagtilbud \(KL\) Nordjylland er oprettet og starter .* med Netværk Nord \(Hjørring Kommune/).waitFor();
    await page.locator('.sidebar .label', { hasText: /netværk-nord/i }).first().waitFor();
  }, 180_000);

  it('plays the demo past a moved mid-way workshop to an exchange day, read from each side', async () => {
    await open();
    const { midway } = dates();
    await page.goto(bot!.url);
    await page.getByRole('button', { name: 'Start demo' }).click();
    await messages().getByText(/Små Partnerskaber Hjørring er oprettet/).waitFor();
    await sidebar('havet').waitFor();

    // The consultant moves the mid-way workshop: a new date is previewed (#11.1), and she confirms it.
    await type(`/tovholder workshop midtvejs ${midway} 09:00 Kulturhuset`);
    await messages().getByText(/^Flyt Midtvejsworkshop\?/).waitFor();
    await messages().getByRole('button', { name: 'Flyt', exact: true }).last().click();
    await messages().getByText(/^\d+ aktiviteter er flyttet/).waitFor();

    // Time to the exchange day: the next activity, click by click, until it is Afprøvning 2, then it.
    for (let i = 0; i < 40 && !(await page.locator('#next').textContent())?.includes('Afprøvning 2'); i += 1) {
      await timeButton('Til næste aktivitet');
    }
    expect(await page.locator('#next').textContent()).toContain('Afprøvning 2');
    await timeButton('Til næste aktivitet');

    // Havet hosts Herregården's children and visits Teatret: two reminders that say so, with the host's place.
    await sidebar('havet').click();
    await expect.poll(() => page.locator('#channel-title').textContent(), WAIT).toBe('# små-partnerskaber-hjørring-havet');
    const hosting = message('Påmindelse: Afprøvning 2 – vi får besøg af Herregården næste arbejdsdag');
    const visiting = message('Påmindelse: Afprøvning 2 – vi besøger Teatret næste arbejdsdag');
    await hosting.waitFor();
    await visiting.waitFor();
    expect(await hosting.textContent()).toContain('Nordsøen Oceanarium (Havet)');
    expect(await hosting.textContent()).toContain('Børn og pædagoger fra Børnehuset Mariehønen (Herregården)');
    expect(await visiting.textContent()).toContain('Vendsyssel Teater (Teatret)');
    await page.locator('#toast').waitFor({ state: 'hidden' });
    await hosting.scrollIntoViewIfNeeded();
    await shoot('exchange-day.png');

    // The keyboard reaches "Svar i tråd", which shows when focused, and opens the thread.
    const reply = hosting.getByRole('button', { name: 'Svar i tråd' });
    await reply.focus();
    expect(await reply.evaluate((el) => getComputedStyle(el.parentElement!).opacity)).toBe('1');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#replying').isVisible(), WAIT).toBe(true);
    await page.locator('#cancel-reply').click();

    // The message list can be focused (and scrolled) by keyboard, and has a name.
    await page.getByRole('region', { name: 'Beskeder' }).focus();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('messages');

    // A time button focused by keyboard shows a white ring on the dark header.
    await page.getByRole('button', { name: '+1 uge', exact: true }).focus();
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab');
    const ring = await page.evaluate(() => {
      const style = getComputedStyle(document.activeElement!);
      return { name: document.activeElement!.textContent, outline: `${style.outlineStyle} ${style.outlineColor}`, width: parseFloat(style.outlineWidth) };
    });
    expect(ring).toMatchObject({ name: '+1 uge', outline: 'solid rgb(255, 255, 255)' });
    expect(ring.width).toBeGreaterThanOrEqual(2);

    // The consultant's direct message, long by now and without buttons, passes axe's rules: a scrollable
    // list with nothing focusable in it must itself be focusable (scrollable-region-focusable, #11.17).
    await sidebar('Tovholder').click();
    await expect.poll(() => page.locator('#channel-title').textContent(), WAIT).toContain('Tovholder');
    await expect.poll(() => page.locator('#messages').evaluate((el) => el.scrollHeight > el.clientHeight), WAIT).toBe(true);
    expect(await accessibilityViolations()).toEqual([]);

    // Over 10,000 characters: a Danish sentence, and the text stays in the box.
    const long = 'æ'.repeat(10_001);
    await page.locator('#text').fill(long);
    await page.locator('#text').press('Enter');
    await page.locator('#toast').getByText(/^Beskeden er for lang: 10\.001 tegn/).waitFor();
    await expect.poll(() => page.locator('#text').inputValue(), WAIT).toBe(long);
  }, 240_000);
});
