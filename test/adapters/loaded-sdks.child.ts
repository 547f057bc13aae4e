/**
 * Child process of loaded-sdks.test.ts: builds the platforms the environment configures, as `tovholder
 * tick` does (factory only, never attached; with LOADED_SDKS_ATTACH attached and serving, as the main
 * thread does), and prints which platform SDKs Node has loaded. They are CommonJS packages, so
 * whatever loaded them left them in require's cache. When serving, it prints them twice: the moment
 * the server answers (`atListen`) and once the Bot Framework SDK has loaded in the background
 * (`loaded`, waiting at most 10 s for it).
 */
import { createRequire } from 'node:module';
import { createPlatforms } from '../../adapters/index.ts';
import { systemClock } from '../../src/clock.ts';
import { readConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/logger.ts';

const platforms = await createPlatforms(readConfig(), { logger: silentLogger(), clock: systemClock });
const { createCore } = await import('../../src/app.ts');
const core = process.env.LOADED_SDKS_ATTACH ? createCore({ dbPath: ':memory:', clock: systemClock, logger: silentLogger(), platforms: platforms.ports }) : null;
const packages = ['@slack/bolt', '@slack/web-api', 'botbuilder', 'botframework-connector'];
const loadedPackages = (): string[] => {
  const files = Object.keys(createRequire(import.meta.url).cache);
  return packages.filter((name) => files.some((file) => file.includes(`/node_modules/${name}/`)));
};
let atListen: string[] | undefined;
if (core) {
  await platforms.listen(core);
  atListen = loadedPackages();
  const deadline = Date.now() + 10_000;
  while (!loadedPackages().includes('botframework-connector') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
}
process.stdout.write(JSON.stringify({ ports: platforms.ports.map((p) => p.name), loaded: loadedPackages(), ...(atListen ? { atListen } : {}) }));
await platforms.close();
core?.close();
process.exit(0);
