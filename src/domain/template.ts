import { z } from 'zod';
import { localizedTextSchema } from './text.ts';

/** The people in a programme. Leaders receive the closing reports; they have no timeline work. */
export const roleSchema = z.enum(['consultant', 'culture_staff', 'daycare_staff', 'leader']);
export type Role = z.infer<typeof roleSchema>;

/**
 * Who an activity is for, in the words of the seed's model ("Partnerskabsmodel"): all partnerships plus
 * the consultant, the single partnership with or without children, the cultural institution alone, or
 * the consultant alone.
 */
export const audienceSchema = z.enum([
  'all',
  'with_children',
  'without_children',
  'cultural_institution',
  'consultant',
]);
export type Audience = z.infer<typeof audienceSchema>;

export const activityKindSchema = z.enum([
  'workshop',
  'visit',
  'dialogue',
  'draft',
  'adjustment',
  'task',
  'milestone',
  'meeting',
]);
export type ActivityKind = z.infer<typeof activityKindSchema>;

const localTimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:mm');

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
    workingDays: z.number().int(),
  }),
]);
export type Placement = z.infer<typeof placementSchema>;

const formKeySchema = z.string().regex(/^[a-z0-9_-]+$/, 'lowercase letters, digits, - and _');

/**
 * One question of an evaluation form. Scales and choices are answered by button (or by typing the
 * number / option); free text by replying. Keys are what answers and exports refer to, so a wording
 * change in the template does not orphan earlier answers.
 */
export const evaluationQuestionSchema = z.discriminatedUnion('type', [
  z.object({
    key: formKeySchema,
    type: z.literal('scale'),
    text: localizedTextSchema,
    min: z.number().int().min(0).default(1),
    max: z.number().int().max(10).default(5),
    /** What the ends of the scale mean ("slet ikke" … "helt opslugte"). */
    labels: z.object({ low: localizedTextSchema, high: localizedTextSchema }).optional(),
    /** A comment that fits this question, shown in the hint ("4 – de ville røre ved alt"); none: a bare number. */
    example: localizedTextSchema.optional(),
  }),
  z.object({
    key: formKeySchema,
    type: z.literal('choice'),
    text: localizedTextSchema,
    options: z.array(z.object({ key: formKeySchema, label: localizedTextSchema })).min(2).max(6),
  }),
  z.object({ key: formKeySchema, type: z.literal('text'), text: localizedTextSchema }),
]);
export type EvaluationQuestion = z.infer<typeof evaluationQuestionSchema>;

/** A short evaluation (1-4 questions) asked of the members an activity concerns once it has ended. */
export const evaluationFormSchema = z
  .object({
    /** Defaults to the step's title; "Afprøvning 1" reads better than "Dialog i partnerskabet". */
    title: localizedTextSchema.optional(),
    intro: localizedTextSchema.optional(),
    /** Who is asked; defaults to the roles of the step's audience. */
    roles: z.array(roleSchema).min(1).optional(),
    /** For paired steps (trial 2): roles of the OTHER partnership who are asked too. */
    pairedRoles: z.array(roleSchema).default([]),
    /** Answers shown without names, and a result hidden when fewer than 3 answered. */
    anonymous: z.boolean().default(false),
    questions: z.array(evaluationQuestionSchema).min(1).max(4),
    /** Working days after the prompt at which non-respondents get their one reminder. */
    nudgeAfterWorkingDays: z.number().int().min(1).max(30).default(2),
    /** Working days after the prompt after which answers are no longer accepted. */
    closeAfterWorkingDays: z.number().int().min(1).max(60).default(10),
  })
  .superRefine((form, ctx) => {
    const keys = form.questions.map((q) => q.key);
    if (new Set(keys).size !== keys.length) ctx.addIssue({ code: 'custom', message: 'duplicate question key' });
    for (const q of form.questions) {
      if (q.type === 'scale' && q.max <= q.min) ctx.addIssue({ code: 'custom', message: `scale "${q.key}": max must be above min` });
      if (q.type === 'choice' && new Set(q.options.map((o) => o.key)).size !== q.options.length) {
        ctx.addIssue({ code: 'custom', message: `choice "${q.key}": duplicate option key` });
      }
    }
    if (form.nudgeAfterWorkingDays >= form.closeAfterWorkingDays) {
      ctx.addIssue({ code: 'custom', message: 'the reminder must come before the form closes' });
    }
  });
export type EvaluationForm = z.infer<typeof evaluationFormSchema>;

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
  /** Trial 2 and its dialogue bring in ANOTHER partnership (its children / its staff). */
  pairing: z.literal('other_partnership').optional(),
  /** Working days before the activity at which reminders go out; overrides the template default. */
  reminders: z.array(z.number().int().min(0).max(60)).optional(),
  /** A later step this one must happen before (e.g. the trial-2 chain before the closing workshop). */
  mustPrecede: z.string().min(1).optional(),
  /** Asked of the members once the activity has ended. */
  evaluation: evaluationFormSchema.optional(),
});
export type Step = z.infer<typeof stepSchema>;

export const roleDescriptionSchema = z.strictObject({
  role: roleSchema,
  title: localizedTextSchema,
  contributes: z.array(localizedTextSchema).min(1),
  /** Hours of work outside the scheduled activities (e.g. writing the offer). */
  ownWorkHours: z.number().min(0).default(0),
});
export type RoleDescription = z.infer<typeof roleDescriptionSchema>;

export const templateSchema = z
  .strictObject({
    /** Where an editor finds the JSON Schema ("../docs/template.schema.json"); ignored by the bot. */
    $schema: z.string().optional(),
    id: z.string().regex(/^[a-z0-9-]+$/),
    version: z.number().int().positive(),
    name: localizedTextSchema,
    description: localizedTextSchema,
    source: z.string().optional(),
    /** Model length in months; the default anchors are derived so the plan spans them. */
    months: z.number().int().positive(),
    defaults: z.object({
      startTime: localTimeSchema.default('09:00'),
      reminderTime: localTimeSchema.default('09:00'),
      /** Working days before an activity of each kind at which reminders go out. */
      reminders: z.partialRecord(activityKindSchema, z.array(z.number().int().min(0).max(60))),
    }),
    roles: z.array(roleDescriptionSchema).min(1),
    keywords: z
      .object({ count: z.number().int().positive(), examples: z.array(localizedTextSchema) })
      .optional(),
    creativeConstraints: z
      .object({ title: localizedTextSchema, examples: z.array(localizedTextSchema).min(1) })
      .optional(),
    steps: z.array(stepSchema).min(1),
  })
  .superRefine((template, ctx) => {
    // Each issue carries the step's path and a Danish text (params.da): authors read them by step and field.
    const keys = new Set<string>();
    template.steps.forEach((step, index) => {
      if (keys.has(step.key)) {
        ctx.addIssue({ code: 'custom', path: ['steps', index, 'key'], message: `duplicate step key "${step.key}"`, params: { da: `trinnøglen «${step.key}» findes allerede` } });
      }
      keys.add(step.key);
    });
    // A relative placement must point at an EARLIER step: that rules out cycles and lets the planner
    // place steps in one pass.
    const seen = new Set<string>();
    template.steps.forEach((step, index) => {
      const from = step.placement.from;
      if (from !== 'start' && !seen.has(from)) {
        const known = template.steps.some((s) => s.key === from);
        ctx.addIssue({
          code: 'custom',
          path: ['steps', index, 'placement', 'from'],
          message: `step "${step.key}" is placed relative to "${from}", which is not an earlier step`,
          params: { da: known ? `«${from}» er ikke et tidligere trin` : `ukendt trin «${from}»` },
        });
      }
      seen.add(step.key);
    });
  });
export type Template = z.infer<typeof templateSchema>;
/** A template as written in a file, before defaults are applied. */
export type TemplateInput = z.input<typeof templateSchema>;

/** Which roles take part in an activity for each audience. */
export const audienceRoles: Record<Audience, readonly Role[]> = {
  all: ['consultant', 'culture_staff', 'daycare_staff'],
  with_children: ['culture_staff', 'daycare_staff'],
  without_children: ['culture_staff', 'daycare_staff'],
  cultural_institution: ['culture_staff'],
  consultant: ['consultant'],
};

/** Activities for all partnerships, or the consultant alone, happen once per programme. */
export function isProgrammeWide(audience: Audience): boolean {
  return audience === 'all' || audience === 'consultant';
}
