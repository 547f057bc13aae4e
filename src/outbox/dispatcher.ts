import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import { asPlatformError, RateLimitError, type PlatformError } from '../platform/errors.ts';
import type { ChatPlatform } from '../platform/port.ts';
import { nextTurn } from '../util/turns.ts';
import { OutcomeWriter } from './outcomes.ts';
import { perform } from './perform.ts';
import type { Pacer, PaceRequest } from './pacer.ts';
import type { DeliveryRepository } from './repository.ts';
import type { Delivery, DeliveryTarget } from './types.ts';
import { withLogContext } from '../ops/log-context.ts';

/**
 * The platform channel for a target. `wait` means it does not exist yet (its creation is queued, and
 * not due before `notBefore` if that is known); `fail` means it never will (e.g. its creation failed,
 * or a member has no platform user).
 */
export type Resolved = { channelRef: string } | { wait: string; notBefore?: string } | { fail: string };

/** Resolves the targets of one claimed batch (see StoreTargetResolver.forBatch). */
export interface BatchResolver {
  resolve(delivery: Delivery, platform: ChatPlatform): Promise<Resolved>;
}

/** What the dispatcher needs to know about targets; implemented over the store. */
export interface TargetResolver extends BatchResolver {
  /** Optional: reads ahead what a claimed batch needs, at once rather than per delivery. */
  forBatch?(batch: readonly Delivery[]): BatchResolver;
  /** Records a created channel on its programme or partnership. */
  channelCreated(target: DeliveryTarget, channelRef: string): void;
}

export interface DispatcherOptions {
  workerId: string;
  /** Longer than any platform call may take; a lease that runs out means the sender died. */
  leaseMs: number;
  batchSize: number;
  maxAttempts: number;
  /** First retry delay; doubles per attempt up to maxBackoffMs. */
  backoffMs: number;
  maxBackoffMs: number;
  /** How long to wait for a target that does not exist yet. */
  notReadyDelayMs: number;
  /** Deliveries (to different targets) in flight at once. */
  concurrency: number;
  /**
   * After a run, wait in it for the next due delivery if it is due within this many ms (0: never),
   * for at most lingerBudgetMs in all; see runOnce.
   */
  lingerMs: number;
  lingerBudgetMs: number;
}

export const defaultDispatcherOptions: Omit<DispatcherOptions, 'workerId'> = {
  leaseMs: 120_000,
  batchSize: 100,
  maxAttempts: 8,
  backoffMs: 30_000,
  maxBackoffMs: 30 * 60_000,
  notReadyDelayMs: 5_000,
  concurrency: 4,
  // The scheduler starts passes at most every 250 ms (src/scheduler/scheduler.ts, MIN_PASS_SPACING_MS).
  lingerMs: 250,
  lingerBudgetMs: 5_000,
};

export interface DispatchStats {
  sent: number;
  deferred: number;
  retried: number;
  failed: number;
  reconciled: number;
}

export interface DispatcherDeps {
  deliveries: DeliveryRepository;
  resolver: TargetResolver;
  platforms: ReadonlyMap<string, ChatPlatform>;
  pacer: Pacer;
  clock: Clock;
  logger: Logger;
  /** Runs `fn` in one database transaction. */
  transaction: <T>(fn: () => T) => T;
  options: DispatcherOptions;
  /** Counts what each attempt came to (src/ops/deliveries.ts), in the commit that records it. */
  counter?: OutcomeCounter;
}

/** What one attempt at a delivery came to, as /metrics counts it. Waits for pacing are not attempts. */
export type AttemptOutcome = 'sent' | 'reconciled' | 'retried' | 'failed' | 'rate_limited';

export interface OutcomeCounter {
  /** Counts one outcome; returns a write to queue with the outcome's commit, or null if one is queued. */
  add(labels: { platform: string; op: string; outcome: AttemptOutcome }): (() => void) | null;
}

type Outcome = keyof DispatchStats;

/**
 * Sends due deliveries through the platform port. Every outcome is written back before the next
 * delivery to the same target is looked at, so a crash at any instant leaves each delivery either
 * pending, sent, failed, or leased (and then reclaimed as uncertain once the lease runs out).
 * Outcomes for different targets share one commit until someone waits for it (src/outbox/outcomes.ts).
 */
export class Dispatcher {
  private readonly outcomes: OutcomeWriter;
  private readonly onTheWire = new Map<string, Promise<Outcome>>();

  constructor(private readonly deps: DispatcherDeps) {
    this.outcomes = new OutcomeWriter(deps.transaction);
  }

  /**
   * Sends everything that is due now; returns when nothing more is due within `lingerMs`.
   *
   * In a burst under a pace rule, slots open every few ms (each one window after the answer to the
   * send it replaces). Left to the scheduler, a slot that opens right after a pass waits for the next
   * one (passes start at most every 250 ms), and under a sliding window that lateness carries over to
   * the slot one window later, and the one after that: 1,000 Teams posts ran at 0.81-0.86 of the rate
   * the limits allow. So the run waits for a delivery due that soon and sends it when its slot opens,
   * for at most lingerBudgetMs, then hands back to the scheduler (reminders, evaluation passes).
   * Only on a clock that runs in real time: a test's clock that stands still never gets there.
   */
  async runOnce(): Promise<DispatchStats> {
    const stats: DispatchStats = { sent: 0, deferred: 0, retried: 0, failed: 0, reconciled: 0 };
    const lingerEnds = performance.now() + this.deps.options.lingerBudgetMs;
    for (;;) {
      const claimed = await this.sendDue(stats);
      const wait = this.lingerFor(lingerEnds, claimed);
      if (wait === null) return stats;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }

  /** Claims and sends what is due at this instant; returns how many deliveries it claimed. */
  private async sendDue(stats: DispatchStats): Promise<number> {
    const { deliveries, clock, options } = this.deps;
    let claimed = 0;
    for (;;) {
      const claimedAt = clock.now();
      if (!deliveries.anyDue(claimedAt)) return claimed;
      const batch = deliveries.claim(options.workerId, claimedAt, options.leaseMs, options.batchSize);
      if (batch.length === 0) return claimed;
      claimed += batch.length;
      await this.processBatch(batch, stats, claimedAt.getTime());
    }
  }

  /** How long to wait for the next due delivery before another run, or null to return now. */
  private lingerFor(lingerEnds: number, claimed: number): number | null {
    const { deliveries, clock, options } = this.deps;
    if (options.lingerMs <= 0) return null;
    const now = clock.now().getTime();
    // Waiting real time only helps a clock that follows it (not a test's, not `tick --now`).
    if (Math.abs(now - Date.now()) > 1_000) return null;
    const next = deliveries.nextDueAt();
    if (!next) return null;
    const wait = Date.parse(next) - now;
    // Due already but nothing was claimable (another worker's lease): the scheduler takes it from here.
    if (wait <= 0 && claimed === 0) return null;
    if (wait > options.lingerMs || performance.now() + wait > lingerEnds) return null;
    return Math.max(0, wait);
  }

  /** Groups by target so one target's deliveries go out in order, different targets in parallel. */
  private async processBatch(batch: Delivery[], stats: DispatchStats, claimedAt: number): Promise<void> {
    const groups = new Map<string, Delivery[]>();
    for (const delivery of batch) {
      const key = `${delivery.platform}|${delivery.workspaceId}|${JSON.stringify(delivery.target)}`;
      groups.set(key, [...(groups.get(key) ?? []), delivery]);
    }
    const queue = [...groups.values()];
    const resolver = this.deps.resolver.forBatch?.(batch) ?? this.deps.resolver;
    const worker = async (): Promise<void> => {
      for (let group = queue.shift(); group; group = queue.shift()) {
        for (const [i, delivery] of group.entries()) {
          // The previous outcome for this target must be on disk before its next delivery is looked at.
          if (i > 0) await this.outcomes.committed();
          // Requests that arrived meanwhile (a Slack command waiting for its ack) go first.
          await nextTurn();
          // Every log line about this delivery, the adapter's included, carries its key.
          stats[await withLogContext({ delivery: delivery.idempotencyKey }, () => this.process(delivery, claimedAt, resolver))] += 1;
        }
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.min(this.deps.options.concurrency, queue.length) }, worker));
    } finally {
      // Everything this batch did is recorded before the next claim, and before runOnce returns.
      await this.outcomes.committed();
    }
  }

  private async process(delivery: Delivery, claimedAt: number, resolver: BatchResolver): Promise<Outcome> {
    // The lease was taken for the whole batch. Once half of it has passed, renew it per delivery, so a
    // slow batch never sends what another worker has meanwhile taken over.
    const { deliveries, clock, options } = this.deps;
    const now = clock.now().getTime();
    if (now - claimedAt > options.leaseMs / 2 && !deliveries.renewLease(delivery.id, options.workerId, new Date(now + options.leaseMs))) {
      return 'deferred';
    }
    const platform = this.deps.platforms.get(delivery.platform);
    if (!platform) {
      return this.defer(delivery, this.deps.options.maxBackoffMs, `platform "${delivery.platform}" is not connected`);
    }
    try {
      const resolved = await resolver.resolve(delivery, platform);
      if ('wait' in resolved) {
        // Not before the channel's creation is even due: looking every few seconds until then is waste.
        const untilCreation = resolved.notBefore ? Date.parse(resolved.notBefore) - now + 1_000 : 0;
        return this.defer(delivery, Math.max(this.deps.options.notReadyDelayMs, untilCreation), resolved.wait);
      }
      if ('fail' in resolved) return this.fail(delivery, resolved.fail);
      return await this.send(delivery, platform, resolved.channelRef);
    } catch (error) {
      return this.handleError(delivery, asPlatformError(error), platform.name, '');
    }
  }

  /**
   * One send at a time per shared pace target. Deliveries to different targets (two Teams threads) may
   * share one (their channel): a send already on the wire cannot be recalled, so the next one waits for
   * its answer, and a Retry-After in that answer reaches every send after it. Platforms without
   * paceTarget (and channel creations, which have no channel yet) are not held up.
   */
  private async send(delivery: Delivery, platform: ChatPlatform, channelRef: string): Promise<Outcome> {
    if (!platform.paceTarget || !channelRef) return this.sendPaced(delivery, platform, channelRef, channelRef);
    const targetRef = platform.paceTarget(channelRef);
    const key = `${platform.name}|${delivery.workspaceId}|${targetRef}`;
    const mine = (this.onTheWire.get(key) ?? Promise.resolve()).catch(() => undefined).then(() => this.sendPaced(delivery, platform, channelRef, targetRef));
    this.onTheWire.set(key, mine);
    try {
      return await mine;
    } finally {
      if (this.onTheWire.get(key) === mine) this.onTheWire.delete(key);
    }
  }

  private async sendPaced(delivery: Delivery, platform: ChatPlatform, channelRef: string, targetRef: string): Promise<Outcome> {
    const { pacer, clock } = this.deps;
    const pace = { platform: platform.name, workspaceId: delivery.workspaceId, op: delivery.payload.op, targetRef };
    const nowMs = clock.now().getTime();
    const wait = pacer.reserve(pace, nowMs);
    if (wait > 0) return this.defer(delivery, this.comeBackIn(delivery, pace, nowMs, wait), null);
    try {
      if (delivery.uncertain) {
        const found = await this.findEarlierSend(delivery, platform, channelRef);
        if (found) return this.complete(delivery, found, 'reconciled');
      }
      const resultRef = await perform(delivery, platform, channelRef);
      return this.complete(delivery, resultRef, 'sent');
    } catch (error) {
      const failure = asPlatformError(error);
      if (failure instanceof RateLimitError) {
        const at = clock.now().getTime();
        pacer.block(pace, at + failure.retryAfterMs);
        this.count(delivery, 'rate_limited');
        this.deps.logger.child({ platform: platform.name, channelRef }).info({ retryAfterMs: failure.retryAfterMs }, 'rate limited; waiting as the platform asked');
        // Its own slot after the block, so the deliveries behind it do not all come back at once. Refused
        // again after waiting, it comes back as the block ends instead: a later slot would put it behind
        // the posts planned after it, and the channel would read them out of order.
        const waitedBefore = Date.parse(delivery.nextAttemptAt) > Date.parse(delivery.createdAt);
        return this.defer(delivery, waitedBefore ? failure.retryAfterMs : pacer.plan(pace, at, failure.retryAfterMs) - at, 'rate_limited');
      }
      return this.handleError(delivery, failure, platform.name, channelRef);
    } finally {
      // Whatever the answer was (a 429 too: the platform may have counted the request).
      this.deps.pacer.answered(pace, nowMs, clock.now().getTime());
    }
  }

  /**
   * A first wait gets its own later slot, so a backlog is not all re-read at every free slot. One that
   * already waited its turn and still finds no room (the sends before it went out a little later than
   * planned) keeps its place at the front and comes back as soon as there is room: sent to the back of
   * the queue, its slot would stay unused and a burst of 1,000 ran at half the rate the limits allow.
   */
  private comeBackIn(delivery: Delivery, pace: PaceRequest, nowMs: number, wait: number): number {
    const waitedBefore = Date.parse(delivery.nextAttemptAt) > Date.parse(delivery.createdAt);
    return waitedBefore ? wait : this.deps.pacer.plan(pace, nowMs, wait) - nowMs;
  }

  /** Only posts can be checked, and only where the platform offers findSent. */
  private async findEarlierSend(delivery: Delivery, platform: ChatPlatform, channelRef: string): Promise<string | null> {
    if (delivery.payload.op !== 'post' || !platform.findSent) return null;
    const since = new Date(delivery.firstAttemptAt ?? delivery.createdAt);
    const { message, threadRef } = delivery.payload;
    const found = await platform.findSent({ workspaceId: delivery.workspaceId, channelRef, idempotencyKey: delivery.idempotencyKey, since, message, threadRef });
    return found?.messageRef ?? null;
  }

  private complete(delivery: Delivery, resultRef: string | null, outcome: Outcome): Outcome {
    const { deliveries, resolver, clock, options } = this.deps;
    const now = clock.now();
    // One commit with the channel's record, so a created channel is never lost or created twice.
    this.outcomes.queue(() => {
      if (delivery.payload.op === 'create_channel' && resultRef) resolver.channelCreated(delivery.target, resultRef);
      deliveries.markSent(delivery.id, options.workerId, resultRef, now);
    });
    this.count(delivery, outcome === 'reconciled' ? 'reconciled' : 'sent');
    this.deps.logger.info({ platform: delivery.platform, op: delivery.payload.op, resultRef, outcome }, 'delivered');
    return outcome;
  }

  private handleError(delivery: Delivery, error: PlatformError, platformName: string, channelRef: string): Outcome {
    const log = this.deps.logger.child({ platform: platformName, channelRef });
    if (error instanceof RateLimitError) {
      this.count(delivery, 'rate_limited');
      log.info({ retryAfterMs: error.retryAfterMs }, 'rate limited; waiting as the platform asked');
      return this.defer(delivery, error.retryAfterMs, 'rate_limited');
    }
    const reason = `${error.code}: ${error.message}`;
    if (!error.retryable) {
      log.warn({ err: error }, 'delivery failed permanently');
      return this.fail(delivery, reason);
    }
    if (delivery.attempts >= this.deps.options.maxAttempts) {
      log.warn({ err: error, attempts: delivery.attempts }, 'delivery failed after the last attempt');
      return this.fail(delivery, `${reason} (after ${delivery.attempts} attempts)`);
    }
    const delay = this.backoff(delivery.attempts);
    log.info({ err: error, attempts: delivery.attempts, delayMs: delay }, 'transient failure; retrying later');
    this.retry(delivery, delay, reason, { countAttempt: true, uncertain: true });
    this.count(delivery, 'retried');
    return 'retried';
  }

  private backoff(attempts: number): number {
    const { backoffMs, maxBackoffMs } = this.deps.options;
    return Math.min(maxBackoffMs, backoffMs * 2 ** Math.max(0, attempts - 1));
  }

  private defer(delivery: Delivery, delayMs: number, reason: string | null): Outcome {
    this.retry(delivery, delayMs, reason, { countAttempt: false });
    return 'deferred';
  }

  private retry(delivery: Delivery, delayMs: number, reason: string | null, opts: { countAttempt: boolean; uncertain?: boolean }): void {
    const { deliveries, clock, options } = this.deps;
    const at = new Date(clock.now().getTime() + Math.ceil(delayMs));
    this.outcomes.queue(() => deliveries.retryAt(delivery.id, options.workerId, at, reason, opts));
  }

  private fail(delivery: Delivery, reason: string): Outcome {
    const { deliveries, clock, options } = this.deps;
    const now = clock.now();
    this.outcomes.queue(() => deliveries.markFailed(delivery.id, options.workerId, reason, now));
    this.count(delivery, 'failed');
    return 'failed';
  }

  private count(delivery: Delivery, outcome: AttemptOutcome): void {
    const write = this.deps.counter?.add({ platform: delivery.platform, op: delivery.payload.op, outcome });
    if (write) this.outcomes.queue(write);
  }
}
