import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { slackSettings } from '../adapters/slack/config.ts';
import { ConfigError, envSchema, readConfig } from '../src/config.ts';

describe('configuration', () => {
  it('runs with no environment at all on the embedded defaults', () => {
    const config = readConfig({});
    expect(config.TOVHOLDER_DB).toBe('./data/tovholder.db');
    expect(config.PORT).toBe(3000);
    expect(config.TOVHOLDER_ALLOW_CLOCK_OVERRIDE).toBe(false);
  });

  it('names the variable to fix when a value is invalid', () => {
    expect(() => readConfig({ PORT: 'tre tusind' })).toThrow(/PORT/);
    expect(() => readConfig({ SLACK_BOT_TOKEN: 'abc' })).toThrow(/SLACK_BOT_TOKEN: must be a bot token/);
    expect(() => readConfig({ SLACK_BOT_TOKEN: 'xoxb-1' })).toThrow(ConfigError);
    expect(() => readConfig({ SLACK_BOT_TOKEN: 'xoxb-1' })).toThrow(/SLACK_SIGNING_SECRET/);
    expect(() => readConfig({ MICROSOFT_APP_ID: 'abc' })).toThrow(/MICROSOFT_APP_PASSWORD/);
  });

  it('SLACK_API_URL must end in /api/, and the README says so', () => {
    const settings = (url: string) => slackSettings(readConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'secret-123', SLACK_API_URL: url }));
    expect(() => settings('http://127.0.0.1:8080/')).toThrow(/SLACK_API_URL: must end in \/api\//);
    expect(() => settings('https://slack.example/v2/')).toThrow(/SLACK_API_URL: must end in \/api\//);
    expect(settings('https://slack.com/api/').apiUrl).toBe('https://slack.com/api/');
    expect(settings('http://127.0.0.1:8080/api').apiUrl).toBe('http://127.0.0.1:8080/api/');
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    expect(readme).toMatch(/^\| `SLACK_API_URL` \| – \| [^|\n]*ending in `\/api\/`/m);
  });

  it('the README documents exactly the variables the code reads', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const table = readme.slice(readme.indexOf('## Configuration'));
    const documented = [...table.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual(Object.keys(envSchema.shape).sort());
  });
});
