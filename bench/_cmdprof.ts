import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore } from '../src/app.ts';
import { ManualClock } from '../src/clock.ts';
import { silentLogger } from '../src/logger.ts';
import { handleCommand } from '../src/commands/router.ts';
import { FakePlatform } from '../test/support/fake-platform.ts';
const ctx = { platform: 'slack', workspaceId: 'T1', userRef: 'U0', userName: 'Karen Konsulent', channelRef: 'D0' } as any;
const clock = new ManualClock('2026-12-01T09:00:00Z');
const dir = mkdtempSync(join(tmpdir(), 'cmdprof-'));
const core = createCore({ dbPath: join(dir, 'bot.db'), clock, logger: silentLogger(), platforms: [new FakePlatform('slack')], workerId: 'w1' });
await handleCommand(core, 'opret "Små 2027" 2027-01-04', ctx);
for (let i = 0; i < 4; i++) await handleCommand(core, `partnerskab "P${i}" "Museum ${i}" "Børnehave ${i}" <@U${i}a|A${i}>=kultur <@U${i}b|B${i}>=dagtilbud <@U${i}c|C${i}>=dagtilbud`, ctx);
for (const cmd of ['hjælp', 'status', 'plan', 'plan mine']) {
  for (let i = 0; i < 50; i++) await handleCommand(core, cmd, ctx);
  const c0 = process.cpuUsage(); const n = 300;
  for (let i = 0; i < n; i++) await handleCommand(core, cmd, ctx);
  const c = process.cpuUsage(c0); console.log(cmd, ((c.user + c.system) / 1000 / n).toFixed(3), 'ms cpu/command');
}
