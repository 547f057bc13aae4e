import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.ts';
import { readCounts } from '../../src/ops/store.ts';
import { lastTickAt, TICK_WRITE_EVERY_MS, tickRecorder } from '../../src/ops/ticks.ts';
import { ensureOpsSchema } from '../../src/ops/store.ts';
import { openDatabase } from '../../src/store/db.ts';

const count = (db: ReturnType<typeof openDatabase>) => readCounts(db, 'tick_seconds_count')[0]?.value ?? 0;

describe('tick heartbeat and histogram', () => {
  it('writes the first tick at once, adds up the ticks soon after it, and writes them with the next one due', () => {
    const db = openDatabase(':memory:');
    ensureOpsSchema(db);
    const record = tickRecorder(db, silentLogger());
    const t0 = Date.parse('2026-12-07T09:00:00Z');
    record(0.0004, new Date(t0));
    expect(lastTickAt(db)?.getTime()).toBe(t0);
    expect(count(db)).toBe(1);
    // Kicked passes after commands, within the interval: in memory only.
    record(0.0003, new Date(t0 + 2_000));
    record(0.03, new Date(t0 + 4_000));
    expect(count(db)).toBe(1);
    // The minute tick writes them all, with the heartbeat of the latest.
    record(0.0005, new Date(t0 + TICK_WRITE_EVERY_MS));
    expect(count(db)).toBe(4);
    expect(lastTickAt(db)?.getTime()).toBe(t0 + TICK_WRITE_EVERY_MS);
    const buckets = Object.fromEntries(readCounts(db, 'tick_seconds_bucket').map((c) => [c.labels.le, c.value]));
    expect(buckets).toEqual({ '0.001': 3, '0.05': 1 });
    db.close();
  });
});
