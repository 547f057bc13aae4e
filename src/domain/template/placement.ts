import { z } from 'zod';
import { roleSchema } from './audience.ts';

/** A date within the programme: `MM-DD` in the start year plus `year` years, or a full `YYYY-MM-DD`. */
const dayOfYearSchema = z.string().regex(/^(\d{4}-)?(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'expected MM-DD or YYYY-MM-DD');

/**
 * The span a window step must be dated in. Parts of a year as the seeds write them: primo (Jan-Apr),
 * medio (May-Aug), ultimo (Sep-Dec); forår (Mar-May), efterår (Sep-Nov); or an explicit from/to.
 */
export const windowSchema = z.union([
  z.strictObject({ quarter: z.number().int().min(1).max(4) }),
  z.strictObject({ month: z.number().int().min(1).max(12) }),
  z.strictObject({ part: z.enum(['primo', 'medio', 'ultimo']) }),
  z.strictObject({ season: z.enum(['foraar', 'efteraar']) }),
  z.strictObject({ from: dayOfYearSchema, to: dayOfYearSchema }),
]);
export type Window = z.infer<typeof windowSchema>;

/**
 * Where a step lands. Either counted from the programme's start date (calendar weeks/days, then moved
 * forward to the next working day) or a number of working days after (+) or before (-) another step.
 * Relative placement is what makes dependents follow when an activity is moved.
 */
export const placementSchema = z.union([
  z
    .object({
      from: z.literal('start'),
      weeks: z.number().int().min(0).default(0),
      days: z.number().int().default(0),
    })
    // Strict, so a mistyped { from: 'start', workingDays: 5 } is an error, not "start + 0 weeks".
    .strict(),
  z.object({
    from: z.string().min(1),
    /** Negative: before that step (homework "inden temamøde 3": -5 from temamoede-3). */
    workingDays: z.number().int(),
  }),
  /**
   * A fixed date: `MM-DD` in the programme's start year plus `year`, or a full date. A day off moves
   * it to the next working day, as a start-relative date does.
   */
  z.strictObject({
    on: dayOfYearSchema,
    year: z.number().int().min(0).default(0),
  }),
  /**
   * A window (4. kvartal, primo, a month) in the start year plus `year`. The activity has no date
   * until someone with role `setBy` sets one inside the window; the bot asks them
   * `askWorkingDaysBefore` working days before the window opens and again every `askAgainWorkingDays`
   * until it is set.
   */
  z.strictObject({
    window: windowSchema,
    year: z.number().int().min(0).default(0),
    setBy: roleSchema.default('consultant'),
    askWorkingDaysBefore: z.number().int().min(1).max(120).default(20),
    askAgainWorkingDays: z.number().int().min(1).max(60).default(5),
  }),
]);
export type Placement = z.infer<typeof placementSchema>;
export type FixedPlacement = Extract<Placement, { on: string }>;
export type WindowPlacement = Extract<Placement, { window: unknown }>;

const weekdaySchema = z.enum(['monday', 'tuesday', 'wednesday', 'thursday', 'friday']);
export type Weekday = z.infer<typeof weekdaySchema>;

/**
 * A step that happens again and again (the coordination group's quarterly meeting, the research
 * group's monthly meeting): the step's placement dates the first occurrence, and one occurrence then
 * falls in every period (`every`) after it until `until` (default: the template's `months` from the
 * programme's start). Periods are calendar periods: months, quarters (Jan-Mar, ...), half years
 * (Jan-Jun, Jul-Dec), weeks (Monday-Sunday). `on` says which day of the period:
 * - `{ weekday, nth }`: the nth such weekday of the period's first month (of month `monthOfPeriod` if
 *   given) — "the first Tuesday";
 * - `{ monthOfPeriod }`: that month of the period, on the day of the month the series starts on —
 *   "every quarter in its first month";
 * - `{ weekdays }`: every listed weekday (weeks only) — "Mondays and Thursdays";
 * absent: the same place in each period as the first occurrence. A day off moves an occurrence to
 * the next working day in its period (the last working day before it, if the period has none after).
 * Each occurrence is its own activity (`step~1`, `step@group~2`), moved or cancelled on its own.
 */
export const repeatSchema = z.strictObject({
  every: z.enum(['week', 'month', 'quarter', 'half_year']),
  on: z
    .union([
      z.strictObject({ weekday: weekdaySchema, nth: z.number().int().min(1).max(4).default(1), monthOfPeriod: z.number().int().min(1).max(6).optional() }),
      z.strictObject({ monthOfPeriod: z.number().int().min(1).max(6) }),
      z.strictObject({ weekdays: z.array(weekdaySchema).min(1).max(5) }),
    ])
    .optional(),
  until: z
    .union([
      /** Months from the start of the first occurrence's period (24 of quarterly meetings: eight). */
      z.strictObject({ months: z.number().int().min(1).max(120) }),
      /** The last day an occurrence may fall on: `MM-DD` in the start year plus `year`, or a full date. */
      z.strictObject({ on: dayOfYearSchema, year: z.number().int().min(0).default(0) }),
    ])
    .optional(),
});
export type Repeat = z.infer<typeof repeatSchema>;
