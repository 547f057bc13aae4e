import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore } from '../../src/app.ts';
import { ManualClock } from '../../src/clock.ts';
import { evaluationService } from '../../src/evaluations/context.ts';
import { silentLogger } from '../../src/logger.ts';
import { FakePlatform } from '../support/fake-platform.ts';
import { endOf, fourPartnerships, local, MINUTE, type World } from './harness.ts';

function rounds(w: World): { stepKey: string; partnershipId: string | null; status: string; dueAt: string }[] {
  return w.core.db
    .prepare('SELECT step_key AS stepKey, partnership_id AS partnershipId, status, due_at AS dueAt FROM evaluation_rounds ORDER BY due_at, step_key')
    .all() as never;
}

const evaluationPosts = (w: World) => w.core.db.prepare(`SELECT COUNT(*) FROM deliveries WHERE idempotency_key LIKE 'eval:%'`).pluck().get();

let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups) cleanup();
  cleanups = [];
});

describe('the evaluation pass', () => {
  it('has a round for every planned activity, and skips one that was over before the programme came to the bot', async () => {
    const w = await fourPartnerships();
    expect(rounds(w).length).toBe(w.core.repos.activities.listForProgramme(w.programme.id).length);
    await w.core.scheduler.tick();
    expect(rounds(w).find((r) => r.stepKey === 'opstartsworkshop')?.status).toBe('skipped');
    expect(evaluationPosts(w)).toBe(0);
  });

  it('is idempotent: ticking again, or a second process on the same database, asks nobody twice', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tovholder-eval-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const dbPath = join(dir, 'db.sqlite');
    const w = await fourPartnerships({ dbPath });
    const other = createCore({ dbPath, clock: w.clock, logger: silentLogger(), platforms: [new FakePlatform('slack')], workerId: 'w2' });
    cleanups.push(() => other.close(), () => w.core.close());
    w.clock.set(new Date(endOf(w, 'nysgerrighed').getTime() + MINUTE));
    await Promise.all([w.core.scheduler.tick(), other.scheduler.tick(), w.core.scheduler.tick()]);
    expect(evaluationService(w.core).store.dueRounds(w.clock.now(), 100)).toEqual([]);
    expect(w.core.db.prepare('SELECT COUNT(*) FROM evaluation_prompts').pluck().get()).toBe(8);
    expect(evaluationPosts(w)).toBe(8);
  });

  it('follows a moved activity, and asks after an evening activity the next working morning', async () => {
    const w = await fourPartnerships();
    const havet = w.core.repos.partnerships.listForProgramme(w.programme.id)[0]!;
    // Wednesday 10 February 16:00 + 2 hours: over at 18:00, the day before the other partnerships' visits.
    w.core.programmes.applyMove(w.programme, { stepKey: 'nysgerrighed', partnershipId: havet.id, date: '2027-02-10', startTime: '16:00' });
    const moved = rounds(w).find((r) => r.stepKey === 'nysgerrighed' && r.partnershipId === havet.id)!;
    expect(local(moved.dueAt).toFormat('yyyy-MM-dd HH:mm')).toBe('2027-02-10 18:00');
    w.clock.set(new Date(Date.parse(moved.dueAt) + MINUTE));
    await w.core.scheduler.tick();
    const posts = w.core.db
      .prepare(`SELECT next_attempt_at AS at FROM deliveries WHERE idempotency_key LIKE 'eval:%:q0' AND status = 'pending'`)
      .all() as { at: string }[];
    expect(posts.length).toBe(2);
    for (const post of posts) expect(local(post.at).toFormat('ccc HH:mm')).toBe('Thu 10:00');
  });

  it('reads only what is due, through the partial indexes', async () => {
    const w = await fourPartnerships();
    const plan = (sql: string) => (w.core.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all('x', 1) as { detail: string }[]).map((r) => r.detail).join(' ');
    expect(plan(`SELECT * FROM evaluation_rounds WHERE status = 'pending' AND due_at <= ? ORDER BY due_at LIMIT ?`)).toContain('evaluation_rounds_due');
    expect(plan(`SELECT * FROM evaluation_rounds WHERE status = 'open' AND closes_at <= ? ORDER BY closes_at LIMIT ?`)).toContain('evaluation_rounds_closing');
    expect(plan(`SELECT * FROM evaluation_prompts p WHERE p.nudge_status = 'pending' AND p.nudge_at <= ? ORDER BY p.nudge_at LIMIT ?`)).toContain('evaluation_prompts_nudge_due');
  });

  it('does not ask about an evaluation whose answering period passed while the bot was down', async () => {
    const w = await fourPartnerships();
    w.clock.set(new Date(endOf(w, 'nysgerrighed').getTime() + 20 * 86_400_000));
    await w.core.scheduler.tick();
    expect(rounds(w).filter((r) => r.stepKey === 'nysgerrighed').map((r) => r.status)).toEqual(['skipped', 'skipped', 'skipped', 'skipped']);
    expect(evaluationPosts(w)).toBe(0);
  });
});
