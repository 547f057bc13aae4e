import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SeenSignatures } from '../../../adapters/slack/replay.ts';
import { openDatabase } from '../../../src/store/db.ts';

const NOW = 1_800_000_000;
const fail = (error: unknown) => {
  throw error;
};
const dirs: string[] = [];
const dbFile = () => {
  const dir = mkdtempSync(join(tmpdir(), 'tovholder-replay-'));
  dirs.push(dir);
  return join(dir, 'bot.db');
};
const rows = (db: ReturnType<typeof openDatabase>) => (db.prepare('SELECT COUNT(*) AS n FROM slack_request_signatures').get() as { n: number }).n;
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('replay refusal (the request guard answers from memory, the table is written behind)', () => {
  it('refuses a signature seen before, and writes the accepted ones by the end of the turn', async () => {
    const db = openDatabase(dbFile());
    const seen = new SeenSignatures(db, fail, NOW);
    expect(seen.remember('v0=a', NOW, NOW)).toBe(true);
    expect(seen.remember('v0=b', NOW, NOW)).toBe(true);
    expect(seen.remember('v0=a', NOW, NOW)).toBe(false);
    await nextTurn();
    expect(rows(db)).toBe(2);
    db.close();
  });

  it('still refuses a replay after a restart: the next process loads the last minutes', async () => {
    const path = dbFile();
    const first = openDatabase(path);
    const before = new SeenSignatures(first, fail, NOW);
    expect(before.remember('v0=a', NOW, NOW)).toBe(true);
    await nextTurn();
    expect(before.remember('v0=b', NOW + 1, NOW + 1)).toBe(true);
    // Stopped in the same turn: closing the adapter flushes what is left.
    before.flush();
    first.close();
    const second = openDatabase(path);
    const after = new SeenSignatures(second, fail, NOW + 60);
    expect(after.remember('v0=a', NOW, NOW + 60)).toBe(false);
    expect(after.remember('v0=b', NOW + 1, NOW + 60)).toBe(false);
    expect(after.remember('v0=c', NOW + 60, NOW + 60)).toBe(true);
    second.close();
  });

  it('forgets signatures older than twice the window, in memory and in the table', async () => {
    const db = openDatabase(dbFile());
    const seen = new SeenSignatures(db, fail, NOW);
    expect(seen.remember('v0=old', NOW, NOW)).toBe(true);
    await nextTurn();
    const later = NOW + 11 * 60;
    expect(seen.remember('v0=new', later, later)).toBe(true);
    await nextTurn();
    expect(db.prepare('SELECT signature FROM slack_request_signatures').pluck().all()).toEqual(['v0=new']);
    db.close();
  });
});
