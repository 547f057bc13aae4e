import { join } from 'node:path';
import { DateTime } from 'luxon';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.ts';
import { FakePlatform } from '../support/fake-platform.ts';
import { postsByKey, stampPosts, tempDir } from '../outbox/harness.ts';
import { DAY, HOUR, messagesOf, reminderRows, setUpProgramme, tickUntil, world, type ReminderRow, type Setup, type World } from './harness.ts';
import { reminderDeliveryKey } from '../../src/scheduler/scheduler.ts';

let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.reverse()) cleanup();
  cleanups = [];
});

const CONSULTANT_DM = 'D-U0';

/** Where a user would expect each reminder to arrive, by who the activity is for. */
function expectedChannels(w: World, setup: Setup, r: ReminderRow): string[] {
  const channelOf = (id: string) => w.core.repos.partnerships.get(id)!.channelRef!;
  const index = (id: string) => setup.partnerships.findIndex((p) => p.id === id);
  switch (r.audience) {
    case 'all':
      return [w.core.repos.programmes.get(setup.programme.id)!.channelRef!];
    case 'consultant':
      return [CONSULTANT_DM];
    case 'cultural_institution':
      return [`D-UC${index(r.partnershipId!)}`];
    default:
      return [r.partnershipId!, r.pairedPartnershipId].filter((id): id is string => !!id).map(channelOf);
  }
}

function lastDueAt(w: World): number {
  return Math.max(...reminderRows(w.core).map((r) => new Date(r.dueAt).getTime()));
}

describe('scheduler: where reminders go', () => {
  it('sends every reminder of the programme once, to the people the activity is for', async () => {
    const w = world();
    const setup = setUpProgramme(w.core);
    await tickUntil(w, lastDueAt(w) + DAY);

    const rows = reminderRows(w.core);
    expect(rows.length).toBeGreaterThan(50);
    expect(rows.filter((r) => r.status !== 'queued')).toEqual([]);
    for (const r of rows) {
      const channels = messagesOf(w.fake, r.id).map((m) => m.channelRef).sort();
      expect({ step: r.stepKey, channels }).toEqual({ step: r.stepKey, channels: expectedChannels(w, setup, r).sort() });
    }
    expect([...postsByKey(w.fake).values()].every((n) => n === 1)).toBe(true);

    // Spelled out for the steps the model is specific about.
    const [p1, p2, p3] = setup.partnerships.map((p) => w.core.repos.partnerships.get(p.id)!);
    const channelsFor = (stepKey: string, partnershipId: string | null) =>
      new Set(rows.filter((r) => r.stepKey === stepKey && r.partnershipId === partnershipId).flatMap((r) => messagesOf(w.fake, r.id).map((m) => m.channelRef)));
    const shared = w.core.repos.programmes.get(setup.programme.id)!.channelRef!;
    expect(channelsFor('midtvejsworkshop', null)).toEqual(new Set([shared]));
    expect(channelsFor('nysgerrighed', p1!.id)).toEqual(new Set([p1!.channelRef]));
    expect(channelsFor('dialog-1', p2!.id)).toEqual(new Set([p2!.channelRef]));
    // Trial 2 and its dialogue: the partnership's own channel and the visiting partnership's.
    expect(channelsFor('afproevning-2', p1!.id)).toEqual(new Set([p1!.channelRef, p2!.channelRef]));
    expect(channelsFor('dialog-andet-partnerskab', p3!.id)).toEqual(new Set([p3!.channelRef, p1!.channelRef]));
    // The first draft is the cultural institution's own work: its staff by DM, not the daycare's.
    expect(channelsFor('foerste-udkast', p1!.id)).toEqual(new Set(['D-UC0']));
    expect(w.fake.sent.filter((m) => m.channelRef.startsWith('D-UD') && m.idempotencyKey.startsWith('reminder:'))).toEqual([]);
    expect(channelsFor('planlaeg-midtvejsworkshop', null)).toEqual(new Set([CONSULTANT_DM]));
  });
});

describe('scheduler: exactly once', () => {
  it('a second tick at the same instant queues nothing more', async () => {
    const w = world();
    setUpProgramme(w.core);
    const first = reminderRows(w.core)[0]!;
    await tickUntil(w, new Date(first.dueAt).getTime() - HOUR);
    w.clock.set(first.dueAt);
    const dueNow = reminderRows(w.core).filter((r) => r.status === 'pending' && r.dueAt <= first.dueAt);

    const [a, b] = await Promise.all([w.core.scheduler.tick(), w.core.scheduler.tick()]);
    const again = await w.core.scheduler.tick();

    expect(a.queued).toBe(dueNow.length);
    expect(b).toBe(a); // overlapping calls share one pass
    expect([again.queued, again.missed, again.deliveries]).toEqual([0, 0, 0]);
    for (const r of dueNow) expect(messagesOf(w.fake, r.id)).toHaveLength(1);
  });

  it('two schedulers on one database file send each reminder once', async () => {
    const { dir, cleanup } = tempDir('tovholder-sched-');
    cleanups.push(cleanup);
    const dbPath = join(dir, 'tovholder.db');
    const clock = new ManualClock('2026-12-01T10:00:00Z');
    const fake = new FakePlatform('slack');
    const a = world({ dbPath, clock, fake, workerId: 'A' });
    const b = world({ dbPath, clock, fake, workerId: 'B' });
    cleanups.push(() => a.core.close(), () => b.core.close());
    const setup = setUpProgramme(a.core);

    const end = lastDueAt(a) + DAY;
    let queued = 0;
    while (clock.now().getTime() <= end) {
      const results = await Promise.all([a.core.scheduler.tick(), b.core.scheduler.tick()]);
      queued += results.reduce((sum, r) => sum + r.queued, 0);
      clock.advance(2 * HOUR);
    }

    const rows = reminderRows(a.core);
    expect(queued).toBe(rows.length);
    expect(rows.filter((r) => r.status !== 'queued')).toEqual([]);
    const counts = postsByKey(fake);
    expect([...counts.entries()].filter(([, n]) => n !== 1)).toEqual([]);
    const expected = rows.reduce((sum, r) => sum + expectedChannels(a, setup, r).length, 0);
    expect([...counts.keys()].filter((k) => k.startsWith('reminder:'))).toHaveLength(expected);
  });
});

describe('scheduler: catch-up after downtime', () => {
  it('sends what has not begun, records the rest as missed, and tells the consultant once', async () => {
    const w = world();
    const setup = setUpProgramme(w.core);
    // The first visit with children; the bot is down from before its reminders until after it began.
    const visit = reminderRows(w.core).filter((r) => r.stepKey === 'nysgerrighed');
    const downFrom = Math.min(...visit.map((r) => new Date(r.dueAt).getTime())) - 12 * HOUR;
    const backAt = new Date(visit[0]!.startsAt).getTime() + 2 * HOUR;
    await tickUntil(w, downFrom);
    w.clock.set(new Date(backAt));

    const due = reminderRows(w.core).filter((r) => r.status === 'pending' && new Date(r.dueAt).getTime() <= backAt);
    const begun = due.filter((r) => new Date(r.startsAt).getTime() <= backAt);
    const notBegun = due.filter((r) => new Date(r.startsAt).getTime() > backAt);
    expect(begun.length).toBeGreaterThanOrEqual(6); // two reminders for each partnership's visit
    expect(notBegun.length).toBeGreaterThan(0);

    await w.core.scheduler.tick();
    w.clock.advance(2_000); // let paced posts go
    await w.core.scheduler.tick();

    const missed = w.core.repos.reminders.missed(setup.programme.id);
    expect(missed.map((r) => r.id).sort()).toEqual(begun.map((r) => r.id).sort());
    for (const r of begun) expect(messagesOf(w.fake, r.id)).toEqual([]);
    for (const r of notBegun) expect(messagesOf(w.fake, r.id)).toHaveLength(expectedChannels(w, setup, r).length);

    const report = () => w.fake.messagesIn(CONSULTANT_DM).filter((m) => m.idempotencyKey.startsWith('missed:'));
    expect(report()).toHaveLength(1);
    const text = report()[0]!.message.blocks.map((b) => ('text' in b ? b.text : '')).join('\n');
    expect(text).toContain(`${begun.length} påmindelser i «Små Partnerskaber 2027» blev ikke sendt i tide`);
    for (const p of setup.partnerships) expect(text).toContain(`Nysgerrighed (${p.name})`);

    await tickUntil(w, backAt + 2 * DAY);
    expect(report()).toHaveLength(1);
  });

  it('after downtime sends only the nearest reminder of an activity, without a stale "in 5 working days"', async () => {
    const w = world();
    setUpProgramme(w.core);
    const visit = reminderRows(w.core).filter((r) => r.stepKey === 'nysgerrighed');
    const earliest = Math.min(...visit.map((r) => new Date(r.dueAt).getTime()));
    const latest = Math.max(...visit.map((r) => new Date(r.dueAt).getTime()));
    await tickUntil(w, earliest - 12 * HOUR);
    // Down through both the 5-day and the 1-day reminder; back two hours after the last one, before the visit.
    w.clock.set(new Date(latest + 2 * HOUR));
    await w.core.scheduler.tick();
    w.clock.advance(5_000);
    await w.core.scheduler.tick();

    const sent = visit.filter((r) => messagesOf(w.fake, r.id).length > 0);
    expect(sent.map((r) => r.offsetDays)).toEqual([1, 1, 1]); // one per partnership: the nearest
    const statuses = w.core.db.prepare("SELECT status, COUNT(*) n FROM reminders WHERE id IN (SELECT value FROM json_each(?)) GROUP BY status").all(JSON.stringify(visit.map((r) => r.id)));
    expect(statuses).toEqual([{ status: 'cancelled', n: 3 }, { status: 'queued', n: 3 }]);
    const header = messagesOf(w.fake, sent[0]!.id)[0]!.message.blocks[0]!;
    expect(header).toEqual({ type: 'header', text: 'Påmindelse: Nysgerrighed' });
  });
});

describe('scheduler: moving an activity', () => {
  it('cancels the old reminders and sends the new ones at 09:00 local on the new dates, never both', async () => {
    const w = world();
    const setup = setUpProgramme(w.core);
    const stamps = stampPosts(w.fake, w.clock);
    const old = reminderRows(w.core).filter((r) => r.stepKey === 'midtvejsworkshop');
    const oldFirstDue = Math.min(...old.map((r) => new Date(r.dueAt).getTime()));
    await tickUntil(w, oldFirstDue - 2 * DAY);

    // Four weeks later; the new reminder dates straddle the change to summer time (28 March 2027).
    const oldDate = DateTime.fromISO(old[0]!.startsAt, { zone: 'Europe/Copenhagen' });
    const newDate = oldDate.plus({ weeks: 4 }).toISODate()!;
    w.core.programmes.applyMove(setup.programme, { stepKey: 'midtvejsworkshop', partnershipId: null, date: newDate });
    const movedAt = w.clock.now().getTime();
    const fresh = reminderRows(w.core).filter((r) => r.stepKey === 'midtvejsworkshop' && r.status === 'pending');
    expect(fresh.length).toBe(old.length);
    await tickUntil(w, new Date(fresh.at(-1)!.startsAt).getTime() + DAY);

    const rows = reminderRows(w.core);
    for (const r of old) {
      expect(rows.find((x) => x.id === r.id)!.status).toBe('cancelled');
      expect(messagesOf(w.fake, r.id)).toEqual([]);
    }
    const shared = w.core.repos.programmes.get(setup.programme.id)!.channelRef!;
    const posted = fresh.map((r) => stamps.find((s) => s.key.startsWith(reminderDeliveryKey(r, ''))));
    expect(posted.map((s) => s?.channelRef)).toEqual(fresh.map(() => shared));
    for (const [i, r] of fresh.entries()) {
      expect(new Date(posted[i]!.at).toISOString()).toBe(r.dueAt);
      const local = DateTime.fromISO(r.dueAt, { zone: 'Europe/Copenhagen' });
      expect(local.toFormat('HH:mm')).toBe('09:00');
    }
    const offsets = new Set(fresh.map((r) => DateTime.fromISO(r.dueAt, { zone: 'Europe/Copenhagen' }).offset));
    expect(offsets).toEqual(new Set([60, 120]));

    // Never both: no cancelled reminder ever went out, and after the move only the new revision fires
    // (a reminder that had already gone out before the move stays sent, and the new date is announced).
    const current = new Map(w.core.repos.activities.listForProgramme(setup.programme.id).map((a) => [a.id, a.revision]));
    expect(rows.filter((r) => r.status === 'cancelled' && messagesOf(w.fake, r.id).length > 0)).toEqual([]);
    const afterMove = stamps.filter((s) => s.at > movedAt && s.key.startsWith('reminder:'));
    const stale = afterMove
      .map((s) => rows.find((r) => s.key.startsWith(reminderDeliveryKey(r, '')))!)
      .filter((r) => r.revision !== current.get(r.activityId));
    expect(afterMove.length).toBeGreaterThan(0);
    expect(stale).toEqual([]);
    expect(rows.filter((r) => r.revision > 0 && r.stepKey !== 'midtvejsworkshop').length).toBeGreaterThan(0); // dependents moved too
  });

  it('a move committed by another process between reading and writing a due reminder still wins', async () => {
    const { dir, cleanup } = tempDir('tovholder-move-');
    cleanups.push(cleanup);
    const dbPath = join(dir, 'tovholder.db');
    const clock = new ManualClock('2026-12-01T10:00:00Z');
    const fake = new FakePlatform('slack');
    const bot = world({ dbPath, clock, fake, workerId: 'bot' });
    const other = world({ dbPath, clock, fake, workerId: 'cli' });
    cleanups.push(() => bot.core.close(), () => other.core.close());
    const setup = setUpProgramme(bot.core);
    const old = reminderRows(bot.core).filter((r) => r.stepKey === 'midtvejsworkshop');
    await tickUntil(bot, new Date(old[0]!.dueAt).getTime() - HOUR);
    clock.set(old[0]!.dueAt);

    // The consultant's move (in another process) commits right after the bot has read what is due.
    const reminders = bot.core.repos.reminders;
    const due = reminders.due.bind(reminders);
    let moved = false;
    reminders.due = (now, limit) => {
      const rows = due(now, limit);
      if (!moved && rows.some((r) => r.activity.stepKey === 'midtvejsworkshop')) {
        moved = true;
        const newDate = DateTime.fromISO(old[0]!.startsAt, { zone: 'Europe/Copenhagen' }).plus({ weeks: 4 }).toISODate()!;
        other.core.programmes.applyMove(setup.programme, { stepKey: 'midtvejsworkshop', partnershipId: null, date: newDate });
      }
      return rows;
    };
    await bot.core.scheduler.tick();
    clock.advance(2_000);
    await bot.core.scheduler.tick();

    expect(moved).toBe(true);
    expect(reminderRows(bot.core).find((r) => r.id === old[0]!.id)!.status).toBe('cancelled');
    expect(messagesOf(fake, old[0]!.id)).toEqual([]);
  });
});
