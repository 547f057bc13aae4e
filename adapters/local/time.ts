import type { Core } from '../../src/app.ts';
import type { OffsetClock } from '../../src/clock.ts';
import { pick } from '../../src/domain/text.ts';
import { formatShortDate, formatTime } from '../../src/messages/format.ts';

const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** The next activity of the workspace's programmes, for the "Til næste aktivitet" button. */
export interface NextActivity {
  startsAt: string;
  label: string;
}

/**
 * The local workspace's time control. Moving the clock does not skip what falls due on the way: time
 * advances an hour at a time and the scheduler ticks at every step, exactly as the minute tick would
 * have done, so a reminder five working days before a visit arrives five working days before it (and
 * is not recorded as missed because the clock jumped past the visit in one go).
 */
export class TimeControl {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly clock: OffsetClock,
    private readonly core: Core,
    private readonly workspace: { platform: string; workspaceId: string },
    /** Told where the clock stopped, so a restart can continue from there. */
    private readonly moved: (now: Date) => void = () => undefined,
  ) {}

  advanceBy(ms: number): Promise<Date> {
    return this.serial(() => this.runTo(new Date(this.clock.now().getTime() + ms)));
  }

  /** Goes to the start of the next activity; null when there is none. */
  toNextActivity(): Promise<{ arrived: Date; activity: NextActivity } | null> {
    return this.serial(async () => {
      const activity = this.next();
      if (!activity) return null;
      return { arrived: await this.runTo(new Date(activity.startsAt)), activity };
    });
  }

  next(): NextActivity | null {
    const { programmes, activities, partnerships } = this.core.repos;
    const now = this.clock.now().toISOString();
    let best: NextActivity | null = null;
    for (const programme of programmes.listInWorkspace(this.workspace.platform, this.workspace.workspaceId)) {
      const upcoming = activities.listForProgramme(programme.id).filter((a) => a.startsAt > now).sort((a, b) => a.startsAt.localeCompare(b.startsAt));
      const first = upcoming[0];
      if (!first || (best && best.startsAt <= first.startsAt)) continue;
      // The same step for every partnership at once reads "Nysgerrighed · 4 partnerskaber".
      const together = upcoming.filter((a) => a.startsAt === first.startsAt && a.stepKey === first.stepKey);
      const step = this.core.templates.ofProgramme(programme)?.steps.find((s) => s.key === first.stepKey);
      const title = step ? pick(step.title, 'da') : first.stepKey;
      const who = together.length > 1
        ? ` · ${together.length} partnerskaber`
        : first.partnershipId ? ` · ${partnerships.get(first.partnershipId)?.name ?? ''}` : '';
      const zone = programme.timezone;
      best = { startsAt: first.startsAt, label: `${title}${who} – ${formatShortDate(first.startsAt, zone, 'da')} kl. ${formatTime(first.startsAt, zone, 'da')}` };
    }
    return best;
  }

  /** One click at a time: two quick clicks move the clock twice, in order. */
  private serial<T>(run: () => Promise<T>): Promise<T> {
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async runTo(target: Date): Promise<Date> {
    for (;;) {
      const now = this.clock.now().getTime();
      if (now >= target.getTime()) break;
      // Whole hours, so a reminder due at 09:00 goes out at 09:00 and not at 09:37.
      const nextHour = Math.floor(now / HOUR) * HOUR + HOUR;
      this.clock.jumpTo(new Date(Math.min(nextHour, target.getTime())));
      await this.core.scheduler.tick();
    }
    // A tick that was already running when the clock moved saw the old time; one more sees the new.
    await this.core.scheduler.tick();
    const now = this.clock.now();
    this.moved(now);
    return now;
  }
}
