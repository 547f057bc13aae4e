import type { ProgrammeSettings } from '../domain/entities.ts';
import type { Step, Template } from '../domain/template.ts';
import type { WorkCalendar } from './calendar.ts';
import type { LocalToUtc } from './time.ts';
import type { PlannedReminder } from './types.ts';

export interface ReminderContext {
  template: Template;
  settings: ProgrammeSettings;
  calendar: WorkCalendar;
  utc: LocalToUtc;
}

/** The step's own offsets win, then the programme's per-kind setting, then the template's default. */
export function reminderOffsets(step: Step, settings: ProgrammeSettings, template: Template): number[] {
  const offsets = step.reminders ?? settings.reminders?.[step.kind] ?? template.defaults.reminders[step.kind] ?? [];
  // Earliest first; a repeated offset would send the same reminder twice.
  return [...new Set(offsets)].sort((a, b) => b - a);
}

/**
 * Reminders for an activity on a local date: each at the reminder time, local, on the working day that
 * lies `offset` working days earlier (weekends, holidays and blackouts are skipped when counting back).
 */
export function planReminders(step: Step, date: string, context: ReminderContext): PlannedReminder[] {
  const { template, settings, calendar, utc } = context;
  const time = settings.reminderTime ?? template.defaults.reminderTime;
  return reminderOffsets(step, settings, template).map((offsetDays) => {
    // Offset 0 means the day itself, even when a pinned activity sits on a day off.
    const day = offsetDays === 0 ? date : calendar.addWorkingDays(date, -offsetDays);
    return { offsetDays, dueAt: utc(day, time) };
  });
}
