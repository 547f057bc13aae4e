import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src/app.ts';
import { ManualClock } from '../../src/clock.ts';
import { silentLogger } from '../../src/logger.ts';
import { checkpointsDoneElsewhere, startCheckpointer, startCheckpointTimer } from '../../src/store/checkpointer.ts';
import { openDatabase } from '../../src/store/db.ts';
import { tempDir } from '../outbox/harness.ts';
import { waitFor } from '../support/wait.ts';

/** ~4 MB of outbox rows in four commits, as a busy tick would write them. */
function writeBurst(core: Core, from: number): void {
  const now = core.clock.now();
  for (let batch = 0; batch < 4; batch++) {
    core.transaction(() => {
      for (let i = 0; i < 500; i++) {
        core.repos.deliveries.enqueue(
          { idempotencyKey: `burst:${from + batch * 500 + i}`, platform: 'slack', workspaceId: 'T1', programmeId: null, target: { type: 'channel', channelRef: 'C1' }, payload: { op: 'post', message: { text: 'x'.repeat(2_000), blocks: [] } } },
          now,
        );
      }
    });
  }
}

describe('background checkpoints', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  });

  function open(backgroundCheckpoints: boolean): { core: Core; file: string } {
    const { dir, cleanup } = tempDir('tovholder-checkpoint-');
    const file = join(dir, 'bot.db');
    const core = createCore({ dbPath: file, clock: new ManualClock('2026-12-01T10:00:00Z'), logger: silentLogger(), platforms: [], backgroundCheckpoints });
    cleanups.push(() => {
      if (core.db.open) core.close();
      cleanup();
    });
    return { core, file };
  }

  it('copies committed pages into the database file from another thread, and loses nothing', async () => {
    const { core, file } = open(true);
    const before = statSync(file).size;
    writeBurst(core, 0);
    expect(statSync(`${file}-wal`).size).toBeGreaterThan(4_000_000);
    // The commits leave the rows in the WAL (the control below); the checkpoint thread copies them
    // into the database file while this thread does nothing.
    await waitFor(() => statSync(file).size > before + 4_000_000);
    core.close();

    const reopened = openDatabase(file);
    expect(reopened.prepare("SELECT COUNT(*) FROM deliveries WHERE idempotency_key LIKE 'burst:%'").pluck().get()).toBe(2_000);
    reopened.close();
  });

  it('without it, the database file only grows when the WAL reaches SQLite’s own threshold (the control)', async () => {
    const { core, file } = open(false);
    const before = statSync(file).size;
    writeBurst(core, 0);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(statSync(file).size).toBe(before);
  });

  it('reports what it copied when stopped, and hands checkpoints back to the writer', async () => {
    const { dir, cleanup } = tempDir('tovholder-checkpoint-');
    cleanups.push(cleanup);
    const db = openDatabase(join(dir, 'bot.db'));
    const checkpointer = startCheckpointer(db, silentLogger(), 60_000)!;
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(4_000);
    db.exec("CREATE TABLE t (x TEXT); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500) INSERT INTO t SELECT hex(randomblob(1000)) FROM n");
    const stats = await checkpointer.stop();
    expect(stats.pages).toBeGreaterThan(0);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1_000);
    db.close();
  });

  it('as a timer on a thread that also writes: copies the pages between its commits, and the other writers leave it to it', async () => {
    const { core, file } = open(false);
    const other = openDatabase(file);
    const elsewhere = checkpointsDoneElsewhere(other);
    expect(other.pragma('wal_autocheckpoint', { simple: true })).toBe(4_000);
    const timer = startCheckpointTimer(core.db, 50)!;
    const before = statSync(file).size;
    writeBurst(core, 0);
    await waitFor(() => statSync(file).size > before + 4_000_000);
    const stats = await timer.stop();
    expect(stats.pages).toBeGreaterThan(4_000_000 / 16_384);
    // Once the thread that checkpoints is gone, the others checkpoint on commit again.
    elsewhere.restore();
    expect(other.pragma('wal_autocheckpoint', { simple: true })).toBe(1_000);
    expect(other.prepare("SELECT COUNT(*) FROM deliveries WHERE idempotency_key LIKE 'burst:%'").pluck().get()).toBe(2_000);
    other.close();
  });
});
