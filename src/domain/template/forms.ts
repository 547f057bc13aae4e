import { z } from 'zod';
import { localizedTextSchema } from '../text.ts';
import { roleSchema } from './audience.ts';

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
  /**
   * The seed's "Kommer man fra netværksmøder fyldt af eller drænet for energi?": a 1-5 scale from
   * drained to filled. Its own type (not a scale) so results can follow a group's energy over time
   * and the quiet-group watch can see it fall.
   */
  z.object({
    key: formKeySchema,
    type: z.literal('energy'),
    text: localizedTextSchema,
    labels: z.object({ low: localizedTextSchema, high: localizedTextSchema }).optional(),
  }),
]);
export type EvaluationQuestion = z.infer<typeof evaluationQuestionSchema>;
export type ScaleQuestion = Extract<EvaluationQuestion, { type: 'scale' }>;

/** The ends of the energy scale, in the seed's words. */
export const ENERGY_LABELS = {
  low: { da: 'drænet', en: 'drained' },
  high: { da: 'fyldt af energi', en: 'filled with energy' },
};

/** A scale or an energy question as the scale it is answered on (buttons, parsing, means); else null. */
export function scaleOf(question: EvaluationQuestion): ScaleQuestion | null {
  if (question.type === 'scale') return question;
  if (question.type !== 'energy') return null;
  return { key: question.key, type: 'scale', text: question.text, min: 1, max: 5, labels: question.labels ?? ENERGY_LABELS };
}

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
    /** A status report (a step's `report`, src/reports) is worded as one; set by the bot, not by authors. */
    purpose: z.enum(['evaluation', 'report']).optional(),
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

/**
 * A status report (statusrapport): its owner, the members of a role (in the step's group, or the
 * programme for programme-wide steps) or one named member (matched by display name, `@` optional), is
 * asked the questions by direct message when the step's activity ends, and is due `dueWorkingDays`
 * working days later (the one reminder goes out then). Each occurrence of the step is one period;
 * answers are kept per period (as evaluation rounds) and `status` shows who is late. A late report is
 * still taken for `lateWorkingDays` more working days.
 */
export const reportSchema = z.strictObject({
  owner: z.union([z.strictObject({ role: roleSchema }), z.strictObject({ member: z.string().min(1) })]),
  title: localizedTextSchema.optional(),
  questions: z.array(evaluationQuestionSchema).min(1).max(4),
  dueWorkingDays: z.number().int().min(1).max(30).default(5),
  lateWorkingDays: z.number().int().min(1).max(30).default(10),
});
export type Report = z.infer<typeof reportSchema>;
