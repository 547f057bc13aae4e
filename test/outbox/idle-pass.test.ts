/**
 * An idle outbox pass (every minute, and after every command) asks whether anything is due without
 * taking the database's write lock, so it neither waits for nor blocks another writer sharing the file
 * (a second worker, a restore, the command thread) when there is nothing to send.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src/app.ts';
import { ManualClock } from '../../src/clock.ts';
import { silentLogger } from '../../src/logger.ts';
import { FakePlatform } from '../support/fake-platform.ts';
import { enqueuePost, channel } from './harness.ts';

describe('an idle outbox pass', () => {
  let core: Core | undefined;
  let other: Database.Database | undefined;
  let dir: string | undefined;
  afterEach(() => {
    other?.close();
    core?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('finds nothing due while another connection holds the write lock, and sends once it is free', async () => {
    dir = mkdtempSync(join(tmpdir(), 'tovholder-idle-'));
    const clock = new ManualClock('2027-01-04T08:00:00Z');
    const fake = new FakePlatform('slack');
    core = createCore({ dbPath: join(dir, 'db.sqlite'), clock, logger: silentLogger(), platforms: [fake], workerId: 'w1' });
    // Fail at once instead of waiting out busy_timeout, so a pass that wants the lock shows it.
    core.db.pragma('busy_timeout = 0');
    enqueuePost({ core, fake }, 'later', channel('C1'), { notBefore: new Date('2027-01-04T09:00:00Z') });
    other = new Database(join(dir, 'db.sqlite'));
    other.exec('BEGIN IMMEDIATE');
    await expect(core.dispatcher.runOnce()).resolves.toMatchObject({ sent: 0, deferred: 0 });
    other.exec('COMMIT');
    clock.set('2027-01-04T09:00:00Z');
    await expect(core.dispatcher.runOnce()).resolves.toMatchObject({ sent: 1 });
    expect(fake.sent.map((m) => m.idempotencyKey)).toEqual(['later']);
  });
});
