import { describe, expect, it } from 'vitest';
import type { SlackClients } from '../../../adapters/slack/clients.ts';
import { SlackInstallations } from '../../../adapters/slack/installations.ts';
import { ManualClock } from '../../../src/clock.ts';
import { openDatabase } from '../../../src/store/db.ts';

const install = (teamId: string, botToken: string) => ({ teamId, botToken, botUserId: 'UBOT', botId: null, teamName: 'Kulturskolen' });

describe('inbound authorize reuses a recent installation look-up', () => {
  it('sees this thread’s own install and uninstall at once, and another connection’s once the answer is a second old', async () => {
    const db = openDatabase(':memory:');
    const table = new SlackInstallations(db, {} as SlackClients, new ManualClock('2026-12-07T09:00:00Z'), null);
    table.save(install('T1', 'xoxb-first'));
    expect((await table.require('T1', { maxAgeMs: 1_000 })).botToken).toBe('xoxb-first');
    // Installed again through this object (OAuth on the main thread): the new token at once.
    table.save(install('T1', 'xoxb-second'));
    expect((await table.require('T1', { maxAgeMs: 1_000 })).botToken).toBe('xoxb-second');
    // Written behind this object's back (another thread's connection): reused within the age only.
    db.prepare("UPDATE slack_installations SET bot_token = 'xoxb-third' WHERE team_id = 'T1'").run();
    expect((await table.require('T1', { maxAgeMs: 1_000 })).botToken).toBe('xoxb-second');
    expect((await table.require('T1', { maxAgeMs: 0 })).botToken).toBe('xoxb-third');
    expect((await table.require('T1')).botToken).toBe('xoxb-third');
    // Uninstalled through this object: refused at once.
    table.revoke('T1', 'app_uninstalled');
    await expect(table.require('T1', { maxAgeMs: 1_000 })).rejects.toThrow(/removed from the Slack workspace/);
    db.close();
  });
});
