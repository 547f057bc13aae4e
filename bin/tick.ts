import { DateTime, Duration } from 'luxon';
import type { Core } from '../src/app.ts';
import type { Clock, ManualClock } from '../src/clock.ts';
import { createCore } from '../src/app.ts';
import type { Config } from '../src/config.ts';
import type { Logger } from '../src/logger.ts';
import { checkDatabase } from '../src/store/db-check.ts';
import { createPlatforms } from '../adapters/index.ts';
import { coreOptionsFrom } from './core-options.ts';

/** `--until` / `--step`: passes at successive instants inside one process (a simulated run). */
export interface TickRange {
  clock: ManualClock;
  until: Date;
  /** An ISO 8601 duration; days step in local time (TOVHOLDER_TIMEZONE), so 09:00 stays 09:00 across DST. */
  step: Duration;
}

/** Wake-ups for retries inside one step are capped, so a platform that keeps refusing cannot spin forever. */
const MAX_WAKEUPS_PER_STEP = 50;

/** One scheduling and dispatch pass (or a range of them); prints what each pass did as one JSON line. */
export async function runTick(config: Config, clock: Clock, logger: Logger, range?: TickRange): Promise<void> {
  checkDatabase(config.TOVHOLDER_DB, clock);
  const platforms = await createPlatforms(config, { logger, clock });
  const core = createCore(coreOptionsFrom(config, { clock, logger, platforms: platforms.ports }));
  // Outbound sends may need what an adapter stored (Teams: where a conversation lives).
  platforms.bind(core);
  try {
    if (range) await runRange(core, range, config.TOVHOLDER_TIMEZONE);
    else await pass(core, clock, true);
  } finally {
    core.close();
    await platforms.close();
  }
}

/**
 * Passes at start, start + step, ... up to `until`. Between two steps the clock also stops wherever the
 * outbox has a delivery due (a paced post, a Retry-After, a retry's back-off), as the running bot would
 * wake up for it. Those waits pass in simulated time too, so a play-through with faults takes as long
 * as its passes, not the minutes its back-offs add up to. (A platform that counts its rate limits on
 * its own, real clock would answer such retries with another 429: play through against a stand-in, or
 * pace under its limits; the end-to-end test turns the fake Slack's limits off for its tick part.)
 */
async function runRange(core: Core, range: TickRange, zone: string): Promise<void> {
  const { clock } = range;
  let at = DateTime.fromJSDate(clock.now(), { zone });
  while (at.toMillis() <= range.until.getTime()) {
    const next = at.plus(range.step);
    clock.set(at.toJSDate());
    await pass(core, clock, false);
    for (let wakeups = 0; wakeups < MAX_WAKEUPS_PER_STEP; wakeups += 1) {
      const due = core.repos.deliveries.nextDueAt();
      if (!due || Date.parse(due) >= Math.min(next.toMillis(), range.until.getTime() + 1)) break;
      clock.set(new Date(Math.max(Date.parse(due), clock.now().getTime() + 1)));
      await pass(core, clock, false);
    }
    at = next;
  }
}

/** Runs one pass and prints it (in a range only when it did something, to keep the output readable). */
async function pass(core: Core, clock: Clock, always: boolean): Promise<void> {
  const result = await core.scheduler.tick();
  const busy = result.queued + result.missed + result.deliveries + Object.values(result.dispatch).reduce((a, b) => a + b, 0) > 0;
  if (always || busy) process.stdout.write(`${JSON.stringify({ now: clock.now().toISOString(), ...result })}\n`);
}

/** Parses `--step` (ISO 8601, e.g. PT1H, P1D); refuses zero or negative steps. */
export function parseStep(value: string): Duration | null {
  const step = Duration.fromISO(value);
  return step.isValid && step.toMillis() > 0 ? step : null;
}
