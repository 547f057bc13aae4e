/**
 * One delivery run: `posts` post deliveries made due at once in one transaction (what a tick makes of
 * that many due reminders), then the running scheduler (its minute tick and its wake-ups at each
 * delivery's time, as in `tovholder start`) sends them through the real dispatcher and pacer until
 * none is left. Times come from the stand-in's own record of what it accepted.
 */
import type { Core } from '../../src/app.ts';
import type { RichMessage } from '../../src/messages/model.ts';
import type { DeliveryTarget } from '../../src/outbox/types.ts';

export interface RunResult {
  label: string;
  posts: number;
  /** From the enqueue to the last post the stand-in accepted. */
  durationMs: number;
  /** The floor for the same run (ideal.ts). */
  idealMs: number;
  /** 429s the stand-in answered (all absorbed by the outbox unless `failed` > 0). */
  rateLimited: number;
  /** Deliveries that ended failed: what a user would miss. */
  failed: number;
}

export interface RunSpec {
  core: Core;
  platform: string;
  workspaceId: string;
  /** The channelRef of post i. */
  targetOf: (i: number) => string;
  posts: number;
  label: string;
  /** Instants (ms) at which the stand-in accepted a post since `sinceMs`. */
  accepted: (sinceMs: number) => number[];
  rateLimited: () => number;
  idealMs: number;
  timeoutMs: number;
}

function reminder(i: number): RichMessage {
  return {
    text: `Påmindelse ${i}: besøg på museet om 5 arbejdsdage`,
    blocks: [
      { type: 'header', text: `Påmindelse ${i}` },
      { type: 'section', text: 'Besøg på museet torsdag 14. januar kl. 9.30-11.30. Husk madpakker og praktisk tøj.' },
    ],
  };
}

export async function deliveryRun(spec: RunSpec): Promise<RunResult> {
  const { core } = spec;
  const limitedBefore = spec.rateLimited();
  const started = Date.now();
  const now = core.clock.now();
  core.transaction(() => {
    for (let i = 0; i < spec.posts; i += 1) {
      const target: DeliveryTarget = { type: 'channel', channelRef: spec.targetOf(i) };
      const key = `bench:${spec.label}:${started}:${i}`;
      core.repos.deliveries.enqueue({ idempotencyKey: key, platform: spec.platform, workspaceId: spec.workspaceId, programmeId: null, target, payload: { op: 'post', message: reminder(i) } }, now);
    }
  });
  core.scheduler.kick();
  const open = core.db.prepare("SELECT COUNT(*) FROM deliveries WHERE status IN ('pending', 'sending')").pluck();
  const deadline = started + spec.timeoutMs;
  while ((open.get() as number) > 0) {
    if (Date.now() > deadline) throw new Error(`${spec.label}: the outbox did not drain in ${spec.timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const accepted = spec.accepted(started);
  const failed = core.db.prepare("SELECT COUNT(*) FROM deliveries WHERE status = 'failed' AND idempotency_key LIKE ?").pluck().get(`bench:${spec.label}:${started}:%`) as number;
  if (accepted.length !== spec.posts) throw new Error(`${spec.label}: the stand-in accepted ${accepted.length} posts, expected ${spec.posts}`);
  return {
    label: spec.label,
    posts: spec.posts,
    durationMs: Math.max(...accepted) - started,
    idealMs: spec.idealMs,
    rateLimited: spec.rateLimited() - limitedBefore,
    failed,
  };
}
