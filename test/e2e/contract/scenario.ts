/**
 * The end-to-end scenario every adapter runs (a contract suite): one programme starting 2027-01-04,
 * four partnerships, twelve members (a culture and two daycare members each), and its whole timeline
 * played by the clock. An adapter's test supplies a driver; the checks here read the bot's database
 * and ask the driver what the platform holds.
 */
import { DateTime } from 'luxon';
import { expect } from 'vitest';
import type { Core } from '../../../src/app.ts';
import { reminderDeliveryKey } from '../../../src/scheduler/scheduler.ts';

export const ZONE = 'Europe/Copenhagen';
export const PROGRAMME = { name: 'Små Partnerskaber 2027', start: '2027-01-04' } as const;
export const CONSULTANT = 'Karin Konsulent';

export interface ScenarioPartnership {
  name: string;
  culture: string;
  daycare: string;
  /** Member display names with their role word, as the consultant types them. */
  members: { name: string; role: 'kultur' | 'dagtilbud' }[];
}

export const PARTNERSHIPS: ScenarioPartnership[] = [
  { name: 'Havet', culture: 'Nordsøen Oceanarium', daycare: 'Børnehaven Bjørnen', members: trio('Anna Andersen', 'Bo Bech', 'Cille Clausen') },
  { name: 'Herregården', culture: 'Herregården Odden', daycare: 'Børnehaven Mælkebøtten', members: trio('Dan Dahl', 'Eva Eriksen', 'Finn Frost') },
  { name: 'Kornet', culture: 'Kornets Hus', daycare: 'Børnehuset Spiren', members: trio('Gitte Gram', 'Hans Holm', 'Ida Iversen') },
  { name: 'Teatret', culture: 'Vendsyssel Teater', daycare: 'Børnehaven Solsikken', members: trio('Jens Juhl', 'Karen Krog', 'Lars Lund') },
];

function trio(culture: string, daycare1: string, daycare2: string): ScenarioPartnership['members'] {
  return [
    { name: culture, role: 'kultur' },
    { name: daycare1, role: 'dagtilbud' },
    { name: daycare2, role: 'dagtilbud' },
  ];
}

export const MEMBER_NAMES = PARTNERSHIPS.flatMap((p) => p.members.map((m) => m.name));

/** What the contract needs from an adapter's test. */
export interface ContractDriver {
  core: Core;
  /** Runs one scheduling and dispatch pass as if at `at`. */
  tick(at: Date): Promise<void>;
  /** How many messages the bot has posted on the platform so far (replies to commands included). */
  postCount(): number;
  /** The platform conversation holding the message a delivery reported (its result ref), or null. */
  conversationOf(resultRef: string): string | null;
  /** The platform conversation a core channel ref or a member's direct chat stands for. */
  conversationFor(channelRef: string): string;
}

interface SentReminder {
  key: string;
  target: { type: string; id: string };
  resultRef: string;
  finishedAt: string;
  dueAt: string;
  stepKey: string;
}

/**
 * Plays the timeline day by day: a pass at 08:59 and one at 09:00 local (plus follow-ups within that
 * minute while the outbox paces). Each reminder must go out in the 09:00 pass of its day, never
 * earlier, exactly once per recipient, into the conversation it is meant for; and every pass posts
 * exactly as many messages on the platform as the outbox marked sent (no duplicates, no strays).
 */
export async function playTimeline(driver: ContractDriver, from: string, to: string, options: { perPass?: boolean } = {}): Promise<void> {
  const { core } = driver;
  for (let day = DateTime.fromISO(from, { zone: ZONE }); day.toISODate()! <= to; day = day.plus({ days: 1 })) {
    await pass(driver, day.set({ hour: 8, minute: 59 }).toJSDate(), options);
    const nine = day.set({ hour: 9, minute: 0 }).toJSDate();
    await pass(driver, nine, options);
    for (let i = 0; i < 30; i += 1) {
      const next = core.repos.deliveries.nextDueAt();
      if (!next || Date.parse(next) >= nine.getTime() + 60_000) break;
      await pass(driver, new Date(Math.max(Date.parse(next), nine.getTime() + (i + 1) * 100)), options);
    }
  }
}

/**
 * `perPass: false` for runs with injected failures: a post stored by the platform and then answered
 * with an error is on the platform one pass before the outbox records it (after findSent), so only
 * the totals at the end can be compared.
 */
async function pass(driver: ContractDriver, at: Date, options: { perPass?: boolean }): Promise<void> {
  const before = { posts: driver.postCount(), sent: sentPosts(driver.core) };
  await driver.tick(at);
  if (options.perPass === false) return;
  const added = sentPosts(driver.core) - before.sent;
  expect({ at: at.toISOString(), posts: driver.postCount() - before.posts }).toEqual({ at: at.toISOString(), posts: added });
}

function sentPosts(core: Core): number {
  return core.db.prepare(`SELECT COUNT(*) FROM deliveries WHERE status = 'sent' AND op = 'post'`).pluck().get() as number;
}

/** After the timeline: every reminder handled, each delivered once, at 09:00 local, in its conversation. */
export function checkReminders(driver: ContractDriver, programmeId: string): { reminders: number; deliveries: number; afterDst: number } {
  const { core } = driver;
  const reminders = core.db
    .prepare(`SELECT r.id, r.status, r.due_at AS dueAt FROM reminders r JOIN activities a ON a.id = r.activity_id WHERE a.programme_id = ?`)
    .all(programmeId) as { id: string; status: string; dueAt: string }[];
  expect(reminders.filter((r) => r.status !== 'queued')).toEqual([]);
  const sent = core.db
    .prepare(
      `SELECT d.idempotency_key AS key, d.target, d.result_ref AS resultRef, d.finished_at AS finishedAt, r.due_at AS dueAt, a.step_key AS stepKey
       FROM deliveries d JOIN reminders r ON d.idempotency_key LIKE 'reminder:' || r.due_at || ':' || r.id || ':%' JOIN activities a ON a.id = r.activity_id
       WHERE d.programme_id = ? AND d.status = 'sent'`,
    )
    .all(programmeId)
    .map((row) => ({ ...(row as SentReminder), target: JSON.parse((row as { target: string }).target) })) as SentReminder[];
  const failed = core.db.prepare(`SELECT idempotency_key, last_error FROM deliveries WHERE programme_id = ? AND idempotency_key LIKE 'reminder:%' AND status != 'sent'`).all(programmeId);
  expect(failed).toEqual([]);
  for (const reminder of reminders) expect(sent.some((s) => s.key.startsWith(reminderDeliveryKey(reminder, '')))).toBe(true);
  let afterDst = 0;
  for (const s of sent) {
    const local = DateTime.fromISO(s.finishedAt, { zone: ZONE });
    const due = DateTime.fromISO(s.dueAt, { zone: ZONE });
    expect({ key: s.key, step: s.stepKey, sent: `${local.toISODate()} ${local.toFormat('HH:mm')}` }).toEqual({ key: s.key, step: s.stepKey, sent: `${due.toISODate()} 09:00` });
    expect({ key: s.key, conversation: driver.conversationOf(s.resultRef) }).toEqual({ key: s.key, conversation: expectedConversation(driver, s.target) });
    if (local.toISODate()! > '2027-03-28') afterDst += 1;
  }
  return { reminders: reminders.length, deliveries: sent.length, afterDst };
}

function expectedConversation(driver: ContractDriver, target: { type: string; id: string }): string {
  const { repos } = driver.core;
  const ref =
    target.type === 'programme'
      ? repos.programmes.get(target.id)?.channelRef
      : target.type === 'partnership'
        ? repos.partnerships.get(target.id)?.channelRef
        : repos.members.get(target.id)?.dmRef;
  return driver.conversationFor(ref ?? `(no channel for ${target.type} ${target.id})`);
}
