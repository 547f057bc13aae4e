import { DateTime } from 'luxon';
import type { Programme } from '../domain/entities.ts';
import { createDanishCalendar, type WorkCalendar } from '../timeline/calendar.ts';

/**
 * When evaluation messages may go out. People are asked right after an activity if that is within
 * working hours; anything else (an evening activity, a reminder due on a Saturday, catching up after
 * downtime at night) waits for the next working day at NUDGE_TIME. Everything is computed in the
 * programme's zone and returned as UTC instants.
 */
export const WORKDAY_START = '08:00';
export const WORKDAY_END = '17:00';
/** Mid-morning: after the daycare's morning rush, before lunch. */
export const NUDGE_TIME = '10:00';

export interface ProgrammeTime {
  zone: string;
  calendar: WorkCalendar;
}

/** Calendars remember the days they have looked up, so programmes with the same settings share one. */
const calendars = new Map<string, WorkCalendar>();

export function programmeTime(programme: Programme): ProgrammeTime {
  const key = JSON.stringify([programme.settings.blackouts, programme.settings.closedOnCustomaryDaysOff]);
  let calendar = calendars.get(key);
  if (!calendar) {
    if (calendars.size > 200) calendars.clear();
    calendar = createDanishCalendar(programme.settings);
    calendars.set(key, calendar);
  }
  return { zone: programme.timezone, calendar };
}

/**
 * Answers per calendar and zone. A calendar never changes its answers, and a pass asks the same few
 * questions for every round (the same `now`, activities of a plan ending at the same times), while
 * each answer costs several luxon zone conversions. Kept as milliseconds so callers get their own Date.
 */
const answers = new WeakMap<WorkCalendar, Map<string, number>>();
function remembered(t: ProgrammeTime, question: string, compute: () => Date): Date {
  let known = answers.get(t.calendar);
  if (!known) {
    known = new Map();
    answers.set(t.calendar, known);
  }
  const key = `${t.zone}|${question}`;
  let ms = known.get(key);
  if (ms === undefined) {
    if (known.size > 5_000) known.clear();
    ms = compute().getTime();
    known.set(key, ms);
  }
  return new Date(ms);
}

function at(date: string, time: string, zone: string): Date {
  return DateTime.fromISO(`${date}T${time}`, { zone }).toJSDate();
}

export function localDate(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).toISODate()!;
}

/** The instant itself if it is within working hours on a working day, else the next such morning. */
export function nextSendTime(instant: Date, t: ProgrammeTime): Date {
  return remembered(t, `send|${instant.getTime()}`, () => computeNextSendTime(instant, t));
}

function computeNextSendTime(instant: Date, t: ProgrammeTime): Date {
  const local = DateTime.fromJSDate(instant, { zone: t.zone });
  const date = local.toISODate()!;
  const time = local.toFormat('HH:mm');
  if (t.calendar.isWorkingDay(date)) {
    if (time >= WORKDAY_START && time < WORKDAY_END) return instant;
    if (time < WORKDAY_START) return at(date, NUDGE_TIME, t.zone);
  }
  return at(t.calendar.addWorkingDays(date, 1), NUDGE_TIME, t.zone);
}

/** The one reminder: n working days after the day the prompt went out, mid-morning. */
export function nudgeTime(askedAt: Date, workingDays: number, t: ProgrammeTime): Date {
  return remembered(t, `nudge|${askedAt.getTime()}|${workingDays}`, () =>
    at(t.calendar.addWorkingDays(localDate(askedAt, t.zone), workingDays), NUDGE_TIME, t.zone),
  );
}

/** Answers are accepted through the whole n-th working day after the prompt (until local midnight). */
export function closingTime(askedAt: Date, workingDays: number, t: ProgrammeTime): Date {
  return remembered(t, `close|${askedAt.getTime()}|${workingDays}`, () => {
    const lastDay = t.calendar.addWorkingDays(localDate(askedAt, t.zone), workingDays);
    return DateTime.fromISO(lastDay, { zone: t.zone }).plus({ days: 1 }).toJSDate();
  });
}

const lastDays = new Map<string, string>();

/** The last day answers are accepted, for telling people ("until Friday 19 February"). */
export function lastAnswerDay(closesAt: string, zone: string): string {
  // Every prompt of a round shares closesAt: compute it once (luxon zone maths is the tick's hot spot).
  const key = `${closesAt}|${zone}`;
  let day = lastDays.get(key);
  if (!day) {
    if (lastDays.size > 2_000) lastDays.clear();
    day = DateTime.fromISO(closesAt, { zone }).minus({ minutes: 1 }).toUTC().toISO()!;
    lastDays.set(key, day);
  }
  return day;
}
