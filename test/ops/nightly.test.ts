import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore } from '../../src/app.ts';
import { ManualClock } from '../../src/clock.ts';
import { silentLogger } from '../../src/logger.ts';
import { verifyDatabaseFile } from '../../src/ops/backup.ts';
import { nightlyBackupPass } from '../../src/ops/nightly.ts';
import { runCli } from './cli.ts';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

function setUp(keep: number) {
  const dir = mkdtempSync(join(tmpdir(), 'tovholder-nightly-'));
  const clock = new ManualClock('2027-03-26T01:00:00Z');
  const core = createCore({ dbPath: join(dir, 'tovholder.db'), clock, logger: silentLogger(), platforms: [] });
  cleanups.push(() => {
    core.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const backups = join(dir, 'backups');
  const nightly = nightlyBackupPass(core.db, { dir: backups, keep, at: '02:30', zone: 'Europe/Copenhagen' }, silentLogger());
  /** A tick at `instant` (the pass as the scheduler runs it), waiting for a backup it started. */
  const tickAt = async (instant: string) => {
    clock.set(instant);
    nightly.pass(clock.now());
    await nightly.settled();
  };
  const files = () => readdirSync(backups).sort();
  return { backups, tickAt, files };
}

describe('nightly backup', () => {
  it('takes one verified backup a night at 02:30 local time, across the change to summer time, keeping the newest', async () => {
    const { backups, tickAt, files } = setUp(2);
    await tickAt('2027-03-26T01:29:00Z'); // 02:29 CET: not yet
    expect(readdirSync(join(backups, '..')).includes('backups')).toBe(false);
    await tickAt('2027-03-26T01:30:00Z'); // 02:30 CET
    await tickAt('2027-03-26T01:31:00Z'); // the same night: no second one
    expect(files()).toEqual(['tovholder-20270326T013000Z.db']);
    expect(verifyDatabaseFile(join(backups, files()[0]!)).integrity).toBe('ok');

    await tickAt('2027-03-27T01:30:00Z');
    // Summer time starts at 02:00 on 28 March, so that night has no 02:30: the backup is at 03:30 CEST.
    await tickAt('2027-03-28T00:30:00Z');
    expect(files()).toHaveLength(2);
    await tickAt('2027-03-28T01:30:00Z');
    // From then on 02:30 local is 00:30 UTC; only the newest two are kept.
    await tickAt('2027-03-29T00:29:00Z');
    await tickAt('2027-03-29T00:30:00Z');
    expect(files()).toEqual(['tovholder-20270328T013000Z.db', 'tovholder-20270329T003000Z.db']);
  });

  it('catches up at the first tick after a night the bot was down', async () => {
    const { tickAt, files } = setUp(7);
    await tickAt('2027-03-26T01:30:00Z');
    // Down from before 02:30 on the 27th until 09:15 local.
    await tickAt('2027-03-27T08:15:00Z');
    expect(files()).toEqual(['tovholder-20270326T013000Z.db', 'tovholder-20270327T081500Z.db']);
  });

  it('runs in `tovholder tick` when TOVHOLDER_BACKUP_DIR is set', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tovholder-nightly-tick-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const env = { TOVHOLDER_DB: join(dir, 'tovholder.db'), TOVHOLDER_BACKUP_DIR: join(dir, 'backups'), TOVHOLDER_BACKUP_AT: '03:00', TOVHOLDER_ALLOW_CLOCK_OVERRIDE: '1', TOVHOLDER_LOCAL_WORKSPACE: 'off' };
    const run = await runCli(['tick', '--now', '2027-01-05T02:10:00Z'], env);
    expect(run.stderr).toBe('');
    expect(readdirSync(join(dir, 'backups'))).toEqual(['tovholder-20270105T021000Z.db']);
  });
});
