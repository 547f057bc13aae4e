import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, startBot, type BotProcess } from '../adapters/local/bot-process.ts';

describe('npm start with no platform credentials', () => {
  let bot: BotProcess | null = null;
  let blocker: Server | null = null;
  afterEach(async () => {
    await bot?.stop();
    bot = null;
    await new Promise((resolve) => (blocker ? blocker.close(resolve) : resolve(undefined)));
    blocker = null;
  });

  it('serves the local workspace and prints its address, and still says how to connect Slack or Teams', async () => {
    const port = await freePort();
    bot = await startBot({ PORT: String(port) });
    expect(bot.url).toBe(`http://127.0.0.1:${port}/`);
    const page = await fetch(bot.url);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<title>Tovholder · lokalt arbejdsrum</title>');
    const state = await (await fetch(`${bot.url}api/state`)).json();
    expect(state).toMatchObject({ workspace: 'Hjørring Kommune', timeControl: true, programmes: 0 });
    const screen = bot.output();
    expect(screen).toContain('Lokalt arbejdsrum');
    expect(screen).toContain('SLACK_BOT_TOKEN=xoxb-');
    expect(screen).toContain('MICROSOFT_APP_ID=');
  });

  it('uses a free port, and says so, when the configured one is taken', async () => {
    const port = await freePort();
    blocker = createServer();
    await new Promise<void>((resolve) => blocker!.listen(port, '127.0.0.1', resolve));
    bot = await startBot({ PORT: String(port) });
    expect(bot.url).not.toBe(`http://127.0.0.1:${port}/`);
    expect(bot.output()).toContain(`Port ${port} er optaget`);
    expect((await fetch(bot.url)).status).toBe(200);
  });

  it('leaves the local workspace off when asked to', async () => {
    bot = await startBot({ PORT: String(await freePort()), TOVHOLDER_LOCAL_WORKSPACE: 'off' }, { ready: /Stop with Ctrl\+C/ });
    expect(bot.url).toBe('');
    expect(bot.output()).toContain('No chat platform is connected yet');
    expect(bot.output()).not.toContain('Lokalt arbejdsrum');
  });
});
