import { afterEach, describe, expect, it } from 'vitest';
import { listen } from '../../adapters/http.ts';
import { opsRoutes } from '../../adapters/ops.ts';
import type { Core } from '../../src/app.ts';
import { silentLogger } from '../../src/logger.ts';
import { plainMessage } from '../../src/messages/model.ts';
import { Health } from '../../src/ops/health.ts';
import { createMetrics } from '../../src/ops/metrics.ts';
import { InvalidRequestError, RateLimitError, TransientError } from '../../src/platform/errors.ts';
import { testCore } from '../support/core.ts';
import { endOf, fourPartnerships, MINUTE, tickAt, write } from '../evaluations/harness.ts';
import { scrape } from './scrape.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Serves the core's /metrics on a real HTTP server; returns its base URL. */
async function serveMetrics(core: Core): Promise<string> {
  const logger = silentLogger();
  const health = new Health({ db: core.db, clock: core.clock, logger, probes: [] });
  const server = await listen(opsRoutes({ health, metrics: createMetrics(core) }), { port: 0, host: '127.0.0.1', logger });
  cleanups.push(() => new Promise<void>((resolve) => server.server.close(() => resolve())));
  cleanups.push(() => core.close());
  return server.url;
}

describe('/metrics', () => {
  it('counts each attempt by outcome: sent, retried after a transient failure, failed, rate limited', async () => {
    const { core, platform, clock } = testCore();
    const base = await serveMetrics(core);
    const enqueue = (i: number) =>
      core.repos.deliveries.enqueue({ idempotencyKey: `k${i}`, platform: 'slack', workspaceId: 'T1', programmeId: null, target: { type: 'channel', channelRef: `C${i}` }, payload: { op: 'post', message: plainMessage(`besked ${i}`) } }, core.clock.now());
    for (let i = 0; i < 4; i += 1) enqueue(i);
    platform.failNext(new TransientError('connection reset'), new InvalidRequestError('channel_not_found'), new RateLimitError(1_000));
    await core.scheduler.tick();

    const metrics = await scrape(base);
    const outcome = (outcome: string) => metrics.sum('tovholder_deliveries_total', { platform: 'slack', op: 'post', outcome });
    expect([outcome('sent'), outcome('retried'), outcome('failed'), outcome('rate_limited')]).toEqual([1, 1, 1, 1]);
    expect(metrics.sum('tovholder_outbox_backlog')).toBe(2);
    expect(metrics.sum('tovholder_scheduler_last_tick_timestamp_seconds')).toBe(core.clock.now().getTime() / 1000);

    // The two put back fall due; the rate-limited one after its Retry-After, the other after its backoff.
    clock.advance(60 * MINUTE);
    await core.scheduler.tick();
    const later = await scrape(base);
    expect(later.sum('tovholder_deliveries_total', { outcome: 'sent' })).toBe(3);
    expect(later.sum('tovholder_outbox_backlog')).toBe(0);
    expect(Number(later.family('tovholder_tick_duration_seconds').metrics[0]!.count)).toBe(2);
  });

  it('shows the age of the oldest due delivery, and none for one due later', async () => {
    const { core, clock } = testCore();
    const base = await serveMetrics(core);
    core.repos.deliveries.enqueue({ idempotencyKey: 'later', platform: 'slack', workspaceId: 'T1', programmeId: null, target: { type: 'channel', channelRef: 'C1' }, payload: { op: 'post', message: plainMessage('senere') }, notBefore: new Date(clock.now().getTime() + 10 * MINUTE) }, clock.now());
    expect((await scrape(base)).sum('tovholder_outbox_oldest_due_age_seconds')).toBe(0);
    clock.advance(12 * MINUTE);
    expect((await scrape(base)).sum('tovholder_outbox_oldest_due_age_seconds')).toBe(120);
  });

  it('gives the response rate of each open evaluation form, labelled by form only', async () => {
    const w = await fourPartnerships();
    const base = await serveMetrics(w.core);
    await tickAt(w, new Date(endOf(w, 'nysgerrighed').getTime() + MINUTE));
    const asked = (await scrape(base)).sum('tovholder_evaluation_asked', { form: 'nysgerrighed' });
    expect(asked).toBe(8);

    await write(w, w.people[0]!, '4');
    await write(w, w.people[1]!, '5 - de elskede fiskene');
    const text = await (await fetch(`${base}/metrics`)).text();
    const metrics = await scrape(base);
    expect(metrics.sum('tovholder_evaluation_answered', { form: 'nysgerrighed' })).toBe(2);
    expect(metrics.sum('tovholder_evaluation_response_ratio', { form: 'nysgerrighed' })).toBe(2 / 8);
    // No names, user ids, partnership or programme names as label values.
    for (const word of ['Anna', 'UC1', 'Havet', 'Små Partnerskaber', 'fiskene']) expect(text).not.toContain(word);
  });
});
