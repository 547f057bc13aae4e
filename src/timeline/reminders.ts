import { DateTime } from 'luxon';
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
  zone: string;
  /** When the plan is made (UTC ISO); reminders whose lead time has passed by then are caught up. */
  now?: string;
}

/** Working hours in which a caught-up reminder may go out, local time. */
const WORK_START = '08:00';
const WORK_END_HOUR = 17;

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
export function planReminders(step: Step, date: string, startsAt: string, context: ReminderContext): PlannedReminder[] {
  const { template, settings, calendar, utc } = context;
  const time = settings.reminderTime ?? template.defaults.reminderTime;
  const planned = reminderOffsets(step, settings, template).map((offsetDays) => {
    // Offset 0 means the day itself, even when a pinned activity sits on a day off.
    const day = offsetDays === 0 ? date : calendar.addWorkingDays(date, -offsetDays);
    return { offsetDays, dueAt: utc(day, time) };
  });
  return context.now === undefined ? planned : withCatchUp(planned, startsAt, context.now, context);
}

/**
 * An activity planned (or moved) so close that its lead time has already passed still gets its
 * reminder: the latest one that passed goes out now, or at the next working hour if that is still
 * before the activity and before the next reminder. Without this a programme created on a Friday
 * afternoon would never remind anyone of Monday's kick-off.
 */
function withCatchUp(planned: PlannedReminder[], startsAt: string, now: string, context: ReminderContext): PlannedReminder[] {
  const passed = planned.filter((r) => r.dueAt <= now);
  if (passed.length === 0 || startsAt <= now) return planned;
  const ahead = planned.filter((r) => r.dueAt > now);
  let dueAt = nextWorkingHour(now, context);
  if (dueAt >= startsAt) dueAt = now;
  if (ahead[0] && ahead[0].dueAt <= dueAt) return planned;
  const latest = passed[passed.length - 1]!; // offsets run earliest first
  return [{ offsetDays: latest.offsetDays, dueAt }, ...ahead];
}

/** `now` if it is within working hours on a working day, else the start of the next working day. */
function nextWorkingHour(now: string, { calendar, utc, zone }: ReminderContext): string {
  const local = DateTime.fromISO(now, { zone });
  const today = local.toISODate()!;
  const start = utc(today, WORK_START);
  if (calendar.isWorkingDay(today) && now >= start && local.hour < WORK_END_HOUR) return now;
  const day = calendar.isWorkingDay(today) && now < start ? today : calendar.addWorkingDays(today, 1);
  return utc(day, WORK_START);
}

/**
 * Asks whoever sets a window step's date (`setBy`) to set it: `askWorkingDaysBefore` working days
 * before the window opens, then every `askAgainWorkingDays` working days until its last day, each at
 * the reminder time. Given `now`, prompts already past are folded into one at the next working hour,
 * so a programme created late still asks once, and never after the window has closed.
 */
export function planDatePrompts(
  placement: { askWorkingDaysBefore: number; askAgainWorkingDays: number },
  window: { from: string; to: string },
  context: ReminderContext,
): PlannedReminder[] {
  const { template, settings, calendar, utc } = context;
  const time = settings.reminderTime ?? template.defaults.reminderTime;
  const prompts: PlannedReminder[] = [];
  let offsetDays = placement.askWorkingDaysBefore;
  let day = calendar.addWorkingDays(window.from, -offsetDays);
  while (day <= window.to) {
    prompts.push({ offsetDays, purpose: 'date_prompt', dueAt: utc(day, time) });
    offsetDays -= placement.askAgainWorkingDays;
    day = calendar.addWorkingDays(day, placement.askAgainWorkingDays);
  }
  if (context.now === undefined) return prompts;
  const ahead = prompts.filter((p) => p.dueAt > context.now!);
  const passed = prompts.filter((p) => p.dueAt <= context.now!);
  const last = passed[passed.length - 1];
  if (!last || utc(window.to, '23:59') <= context.now) return ahead;
  const dueAt = nextWorkingHour(context.now, context);
  if (ahead[0] && ahead[0].dueAt <= dueAt) return ahead;
  return [{ offsetDays: last.offsetDays, purpose: 'date_prompt', dueAt }, ...ahead];
}
