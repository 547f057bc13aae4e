/**
 * The only source of "now" in the core. Production uses the system clock; tests, demos and the
 * `tick --now` command use a clock they control, so a five-month programme can run in seconds.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that stands still until moved: for tests and the local workspace's time control. */
export class ManualClock implements Clock {
  private current: number;

  constructor(start: Date | string) {
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  set(instant: Date | string): void {
    this.current = new Date(instant).getTime();
  }

  advance(ms: number): void {
    this.current += ms;
  }
}

/**
 * The real clock moved forward by an adjustable offset: the local workspace's "advance one day" button.
 * Time keeps running, so scheduled work still happens as it would in production.
 */
export class OffsetClock implements Clock {
  private offsetMs = 0;

  constructor(private readonly base: Clock = systemClock) {}

  now(): Date {
    return new Date(this.base.now().getTime() + this.offsetMs);
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }

  /** Jumps to an instant (never backwards: reminders already sent stay sent). */
  jumpTo(instant: Date): void {
    this.offsetMs += Math.max(0, instant.getTime() - this.now().getTime());
  }
}
