import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalAdapter } from '../../../adapters/local/index.ts';
import { WORKSPACE_ID } from '../../../adapters/local/directory.ts';
import { TimeControl } from '../../../adapters/local/time.ts';
import { LocalWorkspace } from '../../../adapters/local/workspace.ts';
import { createCore, type Core } from '../../../src/app.ts';
import { ManualClock, OffsetClock } from '../../../src/clock.ts';
import { silentLogger } from '../../../src/logger.ts';

export interface LocalHarness {
  core: Core;
  adapter: ReturnType<typeof createLocalAdapter>;
  workspace: LocalWorkspace;
  time: TimeControl;
  /** The real time under the bot's clock: stands still in tests. */
  base: ManualClock;
  dbPath: string;
  close(): Promise<void>;
}

/**
 * The local adapter wired as `npm start` wires it (adapter first, then the core on the same database
 * file, then attach), on a temporary file and a clock that only moves when the test says so.
 */
export async function localHarness(now = '2026-11-23T08:00:00Z', dir = mkdtempSync(join(tmpdir(), 'tovholder-local-'))): Promise<LocalHarness> {
  const dbPath = join(dir, 'tovholder.db');
  const base = new ManualClock(now);
  const clock = new OffsetClock(base);
  const logger = silentLogger();
  const adapter = createLocalAdapter({ dbPath, clock, logger });
  const core = createCore({ dbPath, clock, logger, platforms: [adapter.port] });
  await adapter.attach(core);
  const workspace = new LocalWorkspace({ core, store: adapter.store, port: adapter.port, platform: 'local', workspaceId: WORKSPACE_ID, logger });
  const time = new TimeControl(clock, core, { platform: 'local', workspaceId: WORKSPACE_ID });
  return {
    core,
    adapter,
    workspace,
    time,
    base,
    dbPath,
    async close() {
      core.scheduler.stop();
      await adapter.close();
      core.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** All the text a person sees in a conversation, blocks included. */
export function visibleText(h: LocalHarness, channelRef: string, userRef: string): string {
  return h.adapter.store
    .messagesFor(channelRef, userRef)
    .map((m) => [m.text, ...(m.blocks ?? []).map((b) => ('text' in b ? b.text : ''))].join('\n'))
    .join('\n---\n');
}

export function channelNamed(h: LocalHarness, userRef: string, suffix: string) {
  return h.adapter.store.channelsOf(userRef).find((c) => c.name.endsWith(suffix));
}
