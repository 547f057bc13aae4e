/**
 * Client-side pacing so we stay under a platform's documented limits instead of bouncing off them.
 * Each rule is a set of sliding windows ("7 per second AND 60 per 30 seconds") applied per key,
 * where the key is a workspace (Slack's per-method limits) or a target (one channel / conversation).
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

export class Pacer {
  private readonly sent = new Map<string, number[]>();
  /** Times handed out by plan(): when each request that had to wait should come back. */
  private readonly planned = new Map<string, number[]>();
  private readonly blockedUntil = new Map<string, number>();

  constructor(private readonly rules: PaceRule[]) {}

  /**
   * Returns 0 and records the call if every applicable window has room now; otherwise how many ms to
   * wait (nothing is recorded then).
   */
  reserve(request: PaceRequest, nowMs: number): number {
    const keys = this.keysFor(request);
    let wait = (this.blockedUntil.get(retryAfterKey(request)) ?? 0) - nowMs;
    for (const { key, rule } of keys) {
      wait = Math.max(wait, (this.blockedUntil.get(key) ?? 0) - nowMs, this.windowWait(key, rule, nowMs));
    }
    if (wait > 0) return wait;
    for (const { key } of keys) {
      this.record(key, nowMs);
      // This call may be one that was told to come back now: its planned time is used up.
      const planned = this.planned.get(key);
      if (planned && planned[0] !== undefined && planned[0] <= nowMs) planned.shift();
    }
    return 0;
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
        const sent = this.sent.get(key) ?? [];
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
    const times = this.sent.get(key);
    if (!times) return 0;
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

  private longestWindow(): number {
    return Math.max(0, ...this.rules.flatMap((r) => r.windows.map((w) => w.perMs)));
  }

  private record(key: string, nowMs: number): void {
    const longest = this.longestWindow();
    const times = (this.sent.get(key) ?? []).filter((t) => t > nowMs - longest);
    times.push(nowMs);
    this.sent.set(key, times);
  }
}

function retryAfterKey(request: PaceRequest): string {
  return ['retry-after', request.platform, request.op, request.workspaceId, request.targetRef].join('|');
}
