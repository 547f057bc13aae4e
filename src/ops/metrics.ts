import { collectDefaultMetrics, Counter, Gauge, Registry, type Metric } from 'prom-client';
import type { Clock } from '../clock.ts';
import type { Db } from '../store/db.ts';
import { stmt } from '../store/statements.ts';
import { COMMANDS_METRIC } from './commands.ts';
import { DELIVERIES_METRIC } from './deliveries.ts';
import { readCounts } from './store.ts';
import { lastTickAt, TICK_BUCKETS } from './ticks.ts';

/**
 * The bot's Prometheus metrics. Deliveries and ticks happen on the outbox thread and commands on the
 * command thread (or in a `tovholder tick` process), each with its own database connection, while
 * /metrics is served by the main thread. prom-client's AggregatorRegistry only aggregates cluster
 * workers, not worker_threads, and in-memory counters would also reset with every restart and miss
 * other processes. So every value is read from the database when Prometheus scrapes: counters from
 * ops_counters (written in the same commit as the work counted), gauges from the outbox and the
 * evaluation tables. Process memory and event-loop lag are prom-client's default metrics of this
 * (the main) thread, the one whose lag delays Slack's acks.
 */
export function createMetrics(deps: { db: Db; clock: Clock }): Registry {
  const registry = new Registry();
  const { db, clock } = deps;
  const registers = [registry];
  collectDefaultMetrics({ register: registry });
  new Counter({
    name: 'tovholder_deliveries_total',
    help: 'Platform calls of the outbox by platform, operation and outcome (sent, reconciled, retried, failed, rate_limited).',
    labelNames: ['platform', 'op', 'outcome'],
    registers,
    collect() {
      fromCounts(this, readCounts(db, DELIVERIES_METRIC));
    },
  });
  new Counter({
    name: 'tovholder_commands_total',
    help: 'Commands handled, by subcommand and outcome (ok, refused: a user mistake answered, error).',
    labelNames: ['command', 'outcome'],
    registers,
    collect() {
      fromCounts(this, readCounts(db, COMMANDS_METRIC));
    },
  });
  outboxGauges(registers, db, clock);
  evaluationGauges(registers, db);
  new Gauge({
    name: 'tovholder_scheduler_last_tick_timestamp_seconds',
    help: 'When the scheduler last finished a tick (Unix time).',
    registers,
    collect() {
      const at = lastTickAt(db);
      this.set(at ? at.getTime() / 1000 : 0);
    },
  });
  registry.registerMetric(tickHistogram(db));
  return registry;
}

function fromCounts(counter: Counter<string>, counts: { labels: Record<string, string>; value: number }[]): void {
  counter.reset();
  for (const { labels, value } of counts) counter.inc(labels, value);
}

function outboxGauges(registers: Registry[], db: Db, clock: Clock): void {
  new Gauge({
    name: 'tovholder_outbox_backlog',
    help: 'Deliveries not sent yet (pending or being sent), due or not.',
    registers,
    collect() {
      // Two counts, each over its partial index: `status IN (...)` would scan every delivery ever sent.
      const backlog = "SELECT (SELECT COUNT(*) FROM deliveries WHERE status = 'pending') + (SELECT COUNT(*) FROM deliveries WHERE status = 'sending')";
      this.set(stmt(db, backlog).pluck().get() as number);
    },
  });
  new Gauge({
    name: 'tovholder_outbox_oldest_due_age_seconds',
    help: 'How long the oldest due delivery has been waiting (0 when nothing is due).',
    registers,
    collect() {
      const now = clock.now();
      // Uses the partial index deliveries_due; a row due in the future is not late.
      const oldest = stmt(db, "SELECT MIN(next_attempt_at) FROM deliveries WHERE status = 'pending' AND next_attempt_at <= ?").pluck().get(now.toISOString()) as string | null;
      this.set(oldest ? Math.max(0, (now.getTime() - Date.parse(oldest)) / 1000) : 0);
    },
  });
}

/**
 * Response rates of the forms open now, by form: the template step's key (a few per template, e.g.
 * "nysgerrighed"), summed over partnerships and programmes, so no label names a person, channel or
 * programme.
 */
function evaluationGauges(registers: Registry[], db: Db): void {
  const read = () =>
    stmt(db,
      `SELECT r.step_key AS form, COUNT(p.id) AS asked, COUNT(p.answered_at) AS answered
       FROM evaluation_rounds r JOIN evaluation_prompts p ON p.activity_id = r.activity_id
       WHERE r.status = 'open' GROUP BY r.step_key`,
    ).all() as { form: string; asked: number; answered: number }[];
  const gauge = (name: string, help: string, value: (row: { asked: number; answered: number }) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['form'],
      registers,
      collect() {
        this.reset();
        for (const row of read()) this.set({ form: row.form }, value(row));
      },
    });
  gauge('tovholder_evaluation_asked', 'Members asked, in forms open now, by form.', (r) => r.asked);
  gauge('tovholder_evaluation_answered', 'Members who answered, in forms open now, by form.', (r) => r.answered);
  gauge('tovholder_evaluation_response_ratio', 'Share of the members asked who answered (0-1), in forms open now, by form.', (r) => (r.asked ? r.answered / r.asked : 0));
}

/**
 * The tick duration histogram, from the buckets the ticking thread counted in the database. prom-client's
 * Histogram can only observe values in this thread, so this is a metric object of our own in the shape
 * the registry formats (cumulative buckets, _sum, _count).
 */
function tickHistogram(db: Db): Metric<string> {
  const name = 'tovholder_tick_duration_seconds';
  const help = 'How long a scheduler tick took (schedule due reminders and evaluations, send what is due).';
  const metric = {
    name,
    help,
    type: 'histogram',
    aggregator: 'sum',
    get: async () => {
      const perBucket = new Map(readCounts(db, 'tick_seconds_bucket').map((c) => [c.labels.le, c.value]));
      let cumulative = 0;
      const buckets = [...TICK_BUCKETS.map(String), '+Inf'].map((le) => {
        cumulative += perBucket.get(le) ?? 0;
        return { metricName: `${name}_bucket`, labels: { le }, value: cumulative };
      });
      const total = (metric: string) => readCounts(db, metric)[0]?.value ?? 0;
      const values = [...buckets, { metricName: `${name}_sum`, labels: {}, value: total('tick_seconds_sum') }, { metricName: `${name}_count`, labels: {}, value: total('tick_seconds_count') }];
      return { name, help, type: 'histogram', aggregator: 'sum', values };
    },
    reset: () => {},
  };
  return metric as unknown as Metric<string>;
}
