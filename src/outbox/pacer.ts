/**
 * Client-side pacing so we stay under a platform's documented limits instead of bouncing off them.
 * Each rule is a set of sliding windows ("7 per second AND 60 per 30 seconds") applied per key,
 * where the key is a workspace (Slack's per-method limits) or a target (one channel / conversation).
 *
 * A platform counts a request when it arrives; we cannot see that instant, only that it lies between
 * our departure and the answer. So a request counts from its departure (reserve) until one window
 * after its answer (answered): never less than the platform counts it, however late it arrived, and
 * no more than one round trip longer. Counted from departure alone, a request that arrived late (a
 * loaded machine, a slow network) let the next window's first request arrive inside its window: a 429.
 */
export interface PaceWindow {
  count: number;
  perMs: number;
}

export interface PaceRule {
  platform: string;
  /** The delivery op this rule applies to; '*' for all. */
  op: string;
  scope: 'workspace' | 'target';
  windows: PaceWindow[];
}

export interface PaceRequest {
  platform: string;
  workspaceId: string;
  op: string;
  targetRef: string;
}

/** Longer than any platform call may take (rest timeouts are 20 s): an unanswered send counts until then. */
const ON_THE_WIRE_MAX_MS = 120_000;

export class Pacer {
  /** Per key, in time order: when each answered request was answered. */
  private readonly sent = new Map<string, number[]>();
  /** Per key: when each request still on the wire departed. It counts as answered "now" until it is. */
  private readonly onTheWire = new Map<string, number[]>();
  /** Times handed out by plan(): when each request that had to wait should come back. */
  private readonly planned = new Map<string, number[]>();
  private readonly blockedUntil = new Map<string, number>();

  constructor(private readonly rules: PaceRule[]) {}

  /**
   * Returns 0 and records the call as on the wire if every applicable window has room now; otherwise
   * how many ms to wait (nothing is recorded then). A recorded call must be reported to answered().
   */
  reserve(request: PaceRequest, nowMs: number): number {
    const keys = this.keysFor(request);
    let wait = (this.blockedUntil.get(retryAfterKey(request)) ?? 0) - nowMs;
    for (const { key, rule } of keys) {
      wait = Math.max(wait, (this.blockedUntil.get(key) ?? 0) - nowMs, this.windowWait(key, rule, nowMs));
    }
    if (wait > 0) return wait;
    for (const { key } of keys) {
      this.onTheWire.set(key, [...(this.onTheWire.get(key) ?? []), nowMs]);
      // This call may be one that was told to come back now: its planned time is used up.
      const planned = this.planned.get(key);
      if (planned && planned[0] !== undefined && planned[0] <= nowMs) planned.shift();
    }
    return 0;
  }

  /**
   * The platform answered (whatever it said) the call reserve() let go at `sentAtMs`: it now counts
   * until one window after `answeredAtMs`, the latest instant the platform can have counted it.
   */
  answered(request: PaceRequest, sentAtMs: number, answeredAtMs: number): void {
    for (const { key, rule } of this.keysFor(request)) {
      const wire = this.onTheWire.get(key) ?? [];
      const at = wire.indexOf(sentAtMs);
      if (at >= 0) wire.splice(at, 1);
      if (wire.length === 0) this.onTheWire.delete(key);
      const longest = longestOf(rule);
      const times = (this.sent.get(key) ?? []).filter((t) => t > answeredAtMs - longest);
      // Answers come back in any order; the lists stay in time order.
      let i = times.length;
      while (i > 0 && times[i - 1]! > answeredAtMs) i -= 1;
      times.splice(i, 0, answeredAtMs);
      this.sent.set(key, times);
    }
  }

  /**
   * For a request that reserve() told to wait: when it should come back. That is after every request
   * already told to wait under the same keys, counting each as sent at its planned time, so a backlog
   * of 300 messages to one channel comes back one slot at a time instead of all 300 at the first free
   * slot (where one would go out and 299 be put back, again and again). The time is a plan, not a
   * promise: reserve() still decides when the request comes back.
   */
  plan(request: PaceRequest, nowMs: number, waitMs: number): number {
    const keys = this.keysFor(request);
    let at = nowMs + waitMs;
    for (const { key } of keys) at = Math.max(at, this.planned.get(key)?.at(-1) ?? 0);
    // Both lists are in time order and end before `at`, so a window ending at `at` holds the last
    // events of the two: it is full when the window.count-th latest of them is less than perMs old.
    for (let moved = true; moved; ) {
      moved = false;
      for (const { key, rule } of keys) {
        const sent = this.counted(key, nowMs);
        const planned = this.planned.get(key) ?? [];
        for (const window of rule.windows) {
          const latest = [...sent.slice(-window.count), ...planned.slice(-window.count)].sort((a, b) => a - b).slice(-window.count);
          if (latest.length < window.count || latest[0]! <= at - window.perMs) continue;
          at = latest[0]! + window.perMs;
          moved = true;
        }
      }
    }
    const longest = this.longestWindow();
    for (const { key } of keys) {
      const planned = (this.planned.get(key) ?? []).filter((t) => t > nowMs - longest);
      planned.push(at);
      this.planned.set(key, planned);
    }
    return at;
  }

  /** The platform said Retry-After: nothing under this request's keys goes out before `untilMs`. */
  block(request: PaceRequest, untilMs: number): void {
    // The narrowest limit the request is under is the likely one: a Slack post refused for its channel
    // must not stop the posts to every other channel of the workspace (its workspace-wide rule).
    const keys = this.keysFor(request);
    const narrowest = keys.some((k) => k.rule.scope === 'target') ? keys.filter((k) => k.rule.scope === 'target') : keys;
    // Also under the target itself: a platform or op without a pacing rule must honour Retry-After too.
    for (const key of [retryAfterKey(request), ...narrowest.map((k) => k.key)]) {
      this.blockedUntil.set(key, Math.max(untilMs, this.blockedUntil.get(key) ?? 0));
    }
  }

  private keysFor(request: PaceRequest): { key: string; rule: PaceRule }[] {
    return this.rules
      .filter((rule) => rule.platform === request.platform && (rule.op === '*' || rule.op === request.op))
      .map((rule) => ({
        rule,
        key: [rule.platform, rule.op, request.workspaceId, rule.scope === 'target' ? request.targetRef : '*'].join('|'),
      }));
  }

  private windowWait(key: string, rule: PaceRule, nowMs: number): number {
    const times = this.counted(key, nowMs);
    if (times.length === 0) return 0;
    let wait = 0;
    for (const window of rule.windows) {
      const inWindow = times.filter((t) => t > nowMs - window.perMs);
      if (inWindow.length >= window.count) {
        // The oldest call that must leave the window before there is room again.
        const oldest = inWindow[inWindow.length - window.count]!;
        wait = Math.max(wait, oldest + window.perMs - nowMs);
      }
    }
    return wait;
  }

  /** The instants a key's requests count at, in time order; one still on the wire counts as answered now. */
  private counted(key: string, nowMs: number): number[] {
    const sent = this.sent.get(key) ?? [];
    const wire = this.onTheWire.get(key);
    if (!wire) return sent;
    return [...sent, ...wire.map((t) => (nowMs - t < ON_THE_WIRE_MAX_MS ? nowMs : t + ON_THE_WIRE_MAX_MS))].sort((a, b) => a - b);
  }

  private longestWindow(): number {
    return Math.max(0, ...this.rules.map(longestOf));
  }
}

function longestOf(rule: PaceRule): number {
  return Math.max(0, ...rule.windows.map((w) => w.perMs));
}

function retryAfterKey(request: PaceRequest): string {
  return ['retry-after', request.platform, request.op, request.workspaceId, request.targetRef].join('|');
}
