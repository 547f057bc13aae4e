import { createCore, type Core } from '../../src/app.ts';
import { ManualClock } from '../../src/clock.ts';
import type { CommandContext, CommandReply } from '../../src/commands/types.ts';
import { silentLogger } from '../../src/logger.ts';
import { FakePlatform } from './fake-platform.ts';

export interface TestCore {
  core: Core;
  clock: ManualClock;
  platform: FakePlatform;
}

/** A core on an in-memory database with the in-memory fake platform, at a fixed instant. */
export function testCore(now = '2026-12-01T10:00:00Z'): TestCore {
  const clock = new ManualClock(now);
  const platform = new FakePlatform('slack');
  const core = createCore({ dbPath: ':memory:', clock, logger: silentLogger(), platforms: [platform] });
  return { core, clock, platform };
}

export const consultantCtx: CommandContext = { platform: 'slack', workspaceId: 'T1', userRef: 'U0', userName: 'Karen Konsulent', channelRef: 'D0' };

/** All the text a reply shows, blocks included, for assertions on what the user reads. */
export function replyText(reply: CommandReply | null): string {
  if (!reply) return '';
  const message = reply.type === 'message' ? reply.message : reply.fallback;
  return message.blocks
    .map((b) => ('text' in b ? b.text : '') + ('fields' in b && b.fields ? b.fields.map((f) => ` ${f.label}: ${f.value}`).join('') : ''))
    .join('\n');
}

/** A snapshot of every table a command could change, to prove a refused command changed nothing. */
export function dbSnapshot(core: Core): string {
  const tables = ['programmes', 'partnerships', 'members', 'activities', 'activity_overrides', 'reminders', 'deliveries', 'user_settings'];
  return JSON.stringify(tables.map((t) => core.db.prepare(`SELECT * FROM ${t} ORDER BY ${t === 'reminders' ? 'due_at, id' : 'rowid'}`).all()));
}
