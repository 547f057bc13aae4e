/** How the scheduler sorts what fell due (to send, stale, missed), and the keys of what it queues. */
import type { DueReminder } from '../store/reminders.ts';

/** A due reminder's purpose (reminders.purpose, migration 6); hand-made test reminders may lack it. */
export function purposeOf(reminder: DueReminder): 'reminder' | 'date_prompt' {
  return (reminder as Partial<DueReminder>).purpose ?? 'reminder';
}

/**
 * The due time leads, so the keys a tick inserts sit together at the end of the outbox's unique index
 * instead of on ~1,000 random pages (reminder ids begin with a programme's random id).
 */
export function reminderDeliveryKey(reminder: { id: string; dueAt: string }, recipientKey: string): string {
  return `reminder:${reminder.dueAt}:${reminder.id}:${recipientKey}`;
}

/**
 * Date prompts: stale once the activity has a date (it was set meanwhile) or its window has passed;
 * after downtime only the latest prompt per activity is sent.
 */
export function sortOutPrompts(due: DueReminder[], now: Date): { stale: DueReminder[]; toSend: DueReminder[] } {
  const today = now.toISOString().slice(0, 10);
  const live = due.filter((r) => r.activity.undated && !(r.activity.window && r.activity.window.to < today));
  const latest = new Map<string, DueReminder>();
  for (const r of live) {
    const current = latest.get(r.activity.id);
    if (!current || r.dueAt > current.dueAt) latest.set(r.activity.id, r);
  }
  const toSend = live.filter((r) => latest.get(r.activity.id) === r);
  // A Set, not includes(): after downtime a national programme has thousands of prompts due at once.
  const sending = new Set(toSend);
  return { stale: due.filter((r) => !sending.has(r)), toSend };
}

/**
 * Splits due reminders: those whose activity has begun (missed), those superseded by a later reminder
 * for the same activity in the same batch (after downtime, only the nearest one is worth sending), and
 * the rest, to send.
 */
export function sortOut(due: DueReminder[], nowIso: string): { begun: DueReminder[]; superseded: DueReminder[]; toSend: DueReminder[] } {
  const begun = due.filter((r) => r.activity.startsAt <= nowIso);
  const upcoming = due.filter((r) => r.activity.startsAt > nowIso);
  const nearest = new Map<string, DueReminder>();
  for (const r of upcoming) {
    const current = nearest.get(r.activity.id);
    if (!current || r.dueAt > current.dueAt) nearest.set(r.activity.id, r);
  }
  const toSend = upcoming.filter((r) => nearest.get(r.activity.id) === r);
  return { begun, superseded: upcoming.filter((r) => nearest.get(r.activity.id) !== r), toSend };
}
