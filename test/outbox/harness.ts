import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore, type Core, type CoreOptions } from '../../src/app.ts';
import { ManualClock } from '../../src/clock.ts';
import { silentLogger } from '../../src/logger.ts';
import { plainMessage } from '../../src/messages/model.ts';
import type { Programme } from '../../src/domain/entities.ts';
import type { DeliveryTarget, NewDelivery } from '../../src/outbox/types.ts';
import { FakePlatform } from '../support/fake-platform.ts';

export const WORKSPACE = 'T1';

/** Small delays so a test can walk through backoff by moving the clock. */
export const fastRetries: CoreOptions['dispatcher'] = {
  backoffMs: 1_000,
  maxBackoffMs: 8_000,
  notReadyDelayMs: 500,
  leaseMs: 60_000,
  maxAttempts: 4,
};

export interface Harness {
  core: Core;
  clock: ManualClock;
  fake: FakePlatform;
}

export function harness(
  options: {
    platform?: string;
    findSent?: boolean;
    postIntervalMs?: number;
    dispatcher?: CoreOptions['dispatcher'];
    clock?: ManualClock;
    fake?: FakePlatform;
    dbPath?: string;
    workerId?: string;
  } = {},
): Harness {
  const clock = options.clock ?? new ManualClock('2027-01-04T08:00:00Z');
  const fake =
    options.fake ??
    new FakePlatform(options.platform ?? 'slack', {
      findSent: options.findSent,
      postIntervalMs: options.postIntervalMs,
      now: () => clock.now().getTime(),
    });
  const core = createCore({
    dbPath: options.dbPath ?? ':memory:',
    clock,
    logger: silentLogger(),
    platforms: [fake],
    workerId: options.workerId ?? 'w1',
    dispatcher: { ...fastRetries, ...options.dispatcher },
  });
  return { core, clock, fake };
}

/** Enqueues a post; returns whether a delivery was added. */
export function enqueuePost(
  h: { core: Core; fake: FakePlatform },
  key: string,
  target: DeliveryTarget,
  extra: Partial<NewDelivery> = {},
): boolean {
  return h.core.repos.deliveries.enqueue(
    {
      idempotencyKey: key,
      platform: h.fake.name,
      workspaceId: WORKSPACE,
      programmeId: null,
      target,
      payload: { op: 'post', message: plainMessage(`message ${key}`) },
      ...extra,
    },
    h.core.clock.now(),
  );
}

export const channel = (channelRef: string): DeliveryTarget => ({ type: 'channel', channelRef });

/** A bare programme row (no setup deliveries), for deliveries that must belong to a programme. */
export function bareProgramme(h: Harness, name = 'Små Partnerskaber 2027'): Programme {
  return h.core.repos.programmes.insert({
    platform: h.fake.name,
    workspaceId: WORKSPACE,
    name,
    templateId: 'smaa-partnerskaber',
    startDate: '2027-01-04',
    timezone: 'Europe/Copenhagen',
    locale: 'da',
    settings: { blackouts: [], closedOnCustomaryDaysOff: true },
    createdBy: 'U0',
    createdAt: h.clock.now().toISOString(),
  });
}

/** Posts the fake has stored, per idempotency key. */
export function postsByKey(fake: FakePlatform): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of fake.sent) counts.set(m.idempotencyKey, (counts.get(m.idempotencyKey) ?? 0) + 1);
  return counts;
}

export function callsTo(fake: FakePlatform, method: string): number {
  return fake.calls.filter((c) => c.method === method).length;
}

/** Records the clock instant of every successful post, per channel. */
export function stampPosts(fake: FakePlatform, clock: ManualClock): { channelRef: string; at: number; key: string }[] {
  const stamps: { channelRef: string; at: number; key: string }[] = [];
  const post = fake.postMessage.bind(fake);
  fake.postMessage = async (request) => {
    const result = await post(request);
    stamps.push({ channelRef: request.channelRef, at: clock.now().getTime(), key: request.idempotencyKey });
    return result;
  };
  return stamps;
}

/** Runs the dispatcher, moving the clock by `stepMs` between runs, for `totalMs`. */
export async function runFor(h: Harness, totalMs: number, stepMs: number): Promise<void> {
  for (let elapsed = 0; elapsed <= totalMs; elapsed += stepMs) {
    await h.core.dispatcher.runOnce();
    h.clock.advance(stepMs);
  }
}

export function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
