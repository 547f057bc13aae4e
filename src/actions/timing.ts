import { DateTime } from 'luxon';
import type { Programme } from '../domain/entities.ts';
import type { Template } from '../domain/template.ts';
import { programmeTime } from '../evaluations/timing.ts';

/** An action is reminded two working days before its due date and on the day, at the reminder time. */
export const REMINDER_OFFSETS = [2, 0] as const;

/** The instants (UTC ISO) of an action's reminders, in order: index 0 two working days before, 1 on the day. */
export function reminderInstants(programme: Programme, template: Template | undefined, dueDate: string): string[] {
  const { calendar, zone } = programmeTime(programme);
  const time = programme.settings.reminderTime ?? template?.defaults.reminderTime ?? '09:00';
  return REMINDER_OFFSETS.map((days) => {
    const date = days === 0 ? dueDate : calendar.addWorkingDays(dueDate, -days);
    return DateTime.fromISO(`${date}T${time}`, { zone }).toUTC().toISO()!;
  });
}

/** The first reminder still ahead of `now`: its index and instant, or none (index past the last). */
export function nextReminder(instants: string[], now: Date, from = 0): { at: string | null; index: number } {
  const iso = now.toISOString();
  for (let index = from; index < instants.length; index += 1) {
    if (instants[index]! > iso) return { at: instants[index]!, index };
  }
  return { at: null, index: instants.length };
}
