import { z } from 'zod';
import { localizedTextSchema } from '../text.ts';
import { audienceSchema, roleSchema } from './audience.ts';
import { evaluationFormSchema, reportSchema } from './forms.ts';
import { localTimeSchema } from './formats.ts';
import { placementSchema, repeatSchema } from './placement.ts';

export const activityKindSchema = z.enum([
  'workshop',
  'visit',
  'dialogue',
  'draft',
  'adjustment',
  'task',
  'milestone',
  'meeting',
  /** Full-day meeting of a network or track (temamøde, partnerskabsmøde, workshop in a track). */
  'seminar',
  /** Conference with politicians (styregruppekonference, fælles seminar). */
  'conference',
  /** Work in one's own organisation before the next meeting ("inden temamøde 3"). */
  'homework',
  'self_evaluation',
  /** A deadline (tilmelding, godkendelse i byrådet): the time of day matters, no duration. */
  'deadline',
]);
export type ActivityKind = z.infer<typeof activityKindSchema>;

/**
 * Pairings between the groups of a type (Små Partnerskaber's trial 2: each partnership's offer is
 * tried by the next one's children) or between the organisations inside each group (mutual
 * municipality visits in a network, sparring groups). `visit`: each visits one and hosts one per
 * round; `group`: pairs or trios that work together. No pair repeats within the programme.
 */
export const pairingSchema = z.union([
  z.literal('other_partnership'),
  z.strictObject({
    between: z.enum(['groups', 'organisations']),
    size: z.union([z.literal(2), z.literal(3)]).default(2),
    mode: z.enum(['visit', 'group']).default('visit'),
  }),
]);
export type Pairing = z.infer<typeof pairingSchema>;

/** How people meet: in person (with a place), online (with a link), or both. */
export const formatSchema = z.enum(['physical', 'virtual', 'hybrid']);
export type Format = z.infer<typeof formatSchema>;


// Strict: a mistyped field ("reminder", "duration") is reported by step and field, not dropped without a word.
export const stepSchema = z.strictObject({
  key: z.string().regex(/^[a-z0-9_-]+$/, 'lowercase letters, digits, - and _'),
  kind: activityKindSchema,
  audience: audienceSchema,
  title: localizedTextSchema,
  description: localizedTextSchema.optional(),
  guidingQuestion: localizedTextSchema.optional(),
  agenda: z.array(localizedTextSchema).default([]),
  /** Month of the model (1-5) the step belongs to; used for display and checked against the plan. */
  month: z.number().int().min(1).optional(),
  /** Consultant tasks are grouped before / during / after the development period. */
  phase: z.enum(['before', 'during', 'after']).optional(),
  /** Minutes the activity takes; absent for deadlines and milestones. */
  durationMinutes: z.number().int().positive().optional(),
  /** Local start time; for deadlines, the time of day the deadline falls. */
  startTime: localTimeSchema.optional(),
  placement: placementSchema,
  /** Steps the consultant is asked to date explicitly (the workshops). */
  anchor: z.boolean().default(false),
  /** "Evt. justering": happens only if the trial calls for it. */
  optional: z.boolean().default(false),
  /** Trial 2 and its dialogue bring in ANOTHER partnership; mutual visits pair organisations. */
  pairing: pairingSchema.optional(),
  /** Physical, virtual or hybrid; absent: physical without a set place (as Små Partnerskaber). */
  format: formatSchema.optional(),
  /** Where a physical or hybrid activity is held, when the template knows it. */
  place: z.string().min(1).optional(),
  /** Working days before the activity at which reminders go out; overrides the template default. */
  reminders: z.array(z.number().int().min(0).max(60)).optional(),
  /** A later step this one must happen before (e.g. the trial-2 chain before the closing workshop). */
  mustPrecede: z.string().min(1).optional(),
  /** Asked of the members once the activity has ended. */
  evaluation: evaluationFormSchema.optional(),
  /** The step happens again every week, month, quarter or half year (see repeatSchema). */
  repeat: repeatSchema.optional(),
  /** A meeting whose minutes have actions: after it, its owner is asked for them (src/actions). */
  actions: z.boolean().optional(),
  /** The role that owns the meeting's follow-up (asked for its actions); absent: the consultant. */
  owner: roleSchema.optional(),
  /** A status report asked of its owner before the step's date (its deadline); see reportSchema. */
  report: reportSchema.optional(),
});
export type Step = z.infer<typeof stepSchema>;
