/**
 * The command line (its entry is tovholder.ts): `start` runs the bot, `tick` runs one scheduling and dispatch pass (for tests,
 * demos, or an external scheduler such as a systemd timer).
 */
import { Command, InvalidArgumentError } from 'commander';
import { ManualClock, OffsetClock, systemClock, type Clock } from '../src/clock.ts';
import { ConfigError, readConfig } from '../src/config.ts';
import { createLogger } from '../src/logger.ts';
import { BackupError } from '../src/ops/backup.ts';
import { runBackup, runRestore } from './backup.ts';
import { DatabaseUnusableError } from '../src/store/db-check.ts';
import { runStart } from './start.ts';
import { parseStep, runTick } from './tick.ts';

function parseInstant(value: string): Date {
  const date = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(date.getTime())) {
    throw new InvalidArgumentError('expected an ISO instant such as 2027-01-04T08:00:00Z');
  }
  return date;
}

const program = new Command()
  .name('tovholder')
  .description('Tovholder: coordinates development partnerships in Slack and Microsoft Teams');

program
  .command('start')
  .description('run the bot: HTTP endpoints, the scheduler and the outbox')
  .option('--now <instant>', 'start the clock at this instant and let it run (needs TOVHOLDER_ALLOW_CLOCK_OVERRIDE=1)', parseInstant)
  .action(async (options: { now?: Date }) => {
    const config = readConfig();
    if (options.now && !config.TOVHOLDER_ALLOW_CLOCK_OVERRIDE) {
      throw new ConfigError('--now is only allowed when TOVHOLDER_ALLOW_CLOCK_OVERRIDE=1 is set (it is meant for tests and demos).');
    }
    await runStart(config, options.now ? runningFrom(options.now) : systemClock, createLogger({ level: config.LOG_LEVEL }));
  });

/** A clock that reads `instant` now and then runs at real speed (so an end-to-end test never ages). */
function runningFrom(instant: Date): Clock {
  const clock = new OffsetClock();
  clock.advance(instant.getTime() - systemClock.now().getTime());
  return clock;
}

program
  .command('tick')
  .description('run one pass: queue due reminders and send due deliveries, then exit')
  .option('--now <instant>', 'act as if at this instant (needs TOVHOLDER_ALLOW_CLOCK_OVERRIDE=1)', parseInstant)
  .option('--until <instant>', 'with --now: run passes from --now up to this instant, every --step', parseInstant)
  .option('--step <duration>', 'with --until: ISO 8601 duration between passes, e.g. PT1H or P1D (local days)', parseDuration, 'PT1H')
  .action(async (options: { now?: Date; until?: Date; step: string }) => {
    const config = readConfig();
    if (options.now && !config.TOVHOLDER_ALLOW_CLOCK_OVERRIDE) {
      throw new ConfigError('--now is only allowed when TOVHOLDER_ALLOW_CLOCK_OVERRIDE=1 is set (it is meant for tests and demos).');
    }
    if (options.until && !options.now) throw new ConfigError('--until needs --now (the first instant of the run).');
    const clock = options.now ? new ManualClock(options.now) : systemClock;
    const range = options.until && clock instanceof ManualClock ? { clock, until: options.until, step: parseStep(options.step)! } : undefined;
    // stdout carries the passes' JSON lines and nothing else.
    await runTick(config, clock, createLogger({ level: config.LOG_LEVEL, stderr: true }), range);
  });

program
  .command('backup')
  .description('write a verified online backup of the database to <file> (also while the bot runs)')
  .argument('<file>', 'the backup file to write (must not exist yet)')
  .action(async (file: string) => runBackup(readConfig(), file));

program
  .command('restore')
  .description('replace the database with the backup in <file>; refused while a bot runs on it')
  .argument('<file>', 'a backup written by `tovholder backup` or the nightly backup')
  .action(async (file: string) => runRestore(readConfig(), file, systemClock));

function parseDuration(value: string): string {
  if (!parseStep(value)) throw new InvalidArgumentError('expected a positive ISO 8601 duration such as PT1H or P1D');
  return value;
}

program.parseAsync(process.argv).catch((error: unknown) => {
  // Configuration mistakes are the user's to fix: say what to do, without a stack trace.
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  // A database that cannot be used: one sentence naming TOVHOLDER_DB, exit code 1.
  if (error instanceof BackupError || error instanceof DatabaseUnusableError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  throw error;
});
