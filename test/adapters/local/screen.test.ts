import { describe, expect, it } from 'vitest';
import { startupScreen } from '../../../bin/screen.ts';
import { hasLocalWorkspace, readConfig } from '../../../src/config.ts';

describe('the start screen and the local workspace setting', () => {
  const url = 'http://127.0.0.1:3000/';

  it('puts the page address in a box and still says how to connect Slack or Teams', () => {
    const screen = startupScreen(readConfig({}), [`Lokalt arbejdsrum / local workspace: ${url}`], { url, timeControl: true });
    expect(screen).toMatch(/╭─+╮\n.*Lokalt arbejdsrum.*\n.*\n\s+│\s+http:\/\/127\.0\.0\.1:3000\/\s+│/);
    expect(screen.match(/http:\/\/127\.0\.0\.1:3000\//g)).toHaveLength(1);
    expect(screen).toContain('Slack and Teams are not connected');
    expect(screen).toContain('SLACK_BOT_TOKEN=xoxb-');
  });

  it('lists a connected platform whose endpoint shares the address, and says the time control is off', () => {
    const teams = `Microsoft Teams: messaging endpoint ${url}api/messages`;
    const screen = startupScreen(readConfig({}), [`Lokalt arbejdsrum / local workspace: ${url}`, teams], { url, timeControl: false, portNote: 'Port 3000 er optaget' });
    expect(screen).toContain(teams);
    expect(screen).toContain('Tidskontrollen er slået fra');
    expect(screen).toContain('Port 3000 er optaget');
    expect(screen).not.toContain('not connected');
  });

  it('runs the local workspace by default only without Slack or Teams credentials', () => {
    expect(hasLocalWorkspace(readConfig({}))).toBe(true);
    expect(hasLocalWorkspace(readConfig({ MICROSOFT_APP_ID: 'a', MICROSOFT_APP_PASSWORD: 'b' }))).toBe(false);
    expect(hasLocalWorkspace(readConfig({ MICROSOFT_APP_ID: 'a', MICROSOFT_APP_PASSWORD: 'b', TOVHOLDER_LOCAL_WORKSPACE: 'on' }))).toBe(true);
    expect(hasLocalWorkspace(readConfig({ TOVHOLDER_LOCAL_WORKSPACE: 'off' }))).toBe(false);
    expect(() => readConfig({ TOVHOLDER_LOCAL_WORKSPACE: 'maybe' })).toThrow(/TOVHOLDER_LOCAL_WORKSPACE/);
  });
});
