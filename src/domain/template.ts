import { z } from 'zod';
import { localizedTextSchema } from './text.ts';

/**
 * A role's key. Roles come from the template (Små Partnerskaber: consultant, culture_staff,
 * daycare_staff, leader; KL's networks: dagtilbudschef, konsulent, politiker, ...). `consultant` is the
 * one role every programme has: the person who runs it.
 */
export const roleSchema = z.string().regex(/^[a-z][a-z0-9_]*$/, 'lowercase letters, digits and _');
export type Role = z.infer<typeof roleSchema>;
/** The roles of Små Partnerskaber, which templates without `groupTypes` keep (see groupTypesOf). */
export const LEGACY_ROLES = ['consultant', 'culture_staff', 'daycare_staff', 'leader'] as const;

/**
 * Who an activity is for, in the words of the seed's model ("Partnerskabsmodel"): all partnerships plus
 * the consultant, the single partnership with or without children, the cultural institution alone, or
 * the consultant alone.
 */
export const legacyAudienceSchema = z.enum([
  'all',
  'with_children',
  'without_children',
  'cultural_institution',
  'consultant',
]);
export type LegacyAudience = z.infer<typeof legacyAudienceSchema>;

const keySchema = z.string().regex(/^[a-z0-9_-]+$/, 'lowercase letters, digits, - and _');

/**
 * Who an activity is for, in the terms of any programme shape:
 * - `programme`: once, in the channel shared by all (a seminar for every network);
 * - `each`: once per group of `groupType`, in that group's channel (each network its own temamøde);
 * - `group`: once, for the template's named group `group` (the steering group's conference);
 * - `types`: once, in the channels of every group of `groupTypes` (the final seminar held together
 *   with the steering conference).
 * `roles` narrows who takes part (and who is asked to evaluate); `direct` sends reminders to those
 * people by direct message instead of to the channel (homework for the leaders, consultant tasks).
 */
export const addressedAudienceSchema = z.strictObject({
  to: z.enum(['programme', 'each', 'group', 'types']),
  groupType: keySchema.optional(),
  group: keySchema.optional(),
  groupTypes: z.array(keySchema).min(1).optional(),
  roles: z.array(roleSchema).min(1).optional(),
  direct: z.boolean().default(false),
});
export type AddressedAudience = z.infer<typeof addressedAudienceSchema>;

export const audienceSchema = z.union([legacyAudienceSchema, addressedAudienceSchema]);
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

const localTimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:mm');

/**
 * Where a step lands. Either counted from the programme's start date (calendar weeks/days, then moved
 * forward to the next working day) or a number of working days after (+) or before (-) another step.
 * Relative placement is what makes dependents follow when an activity is moved.
 */
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

/**
 * The watch on quiet groups: the consultant hears once when a group's channel has had no message
 * from a person for `workingDays` working days, or (with `energy`) when the group's mean energy has
 * fallen at two meetings in a row.
 */
export const quietSchema = z.strictObject({
  workingDays: z.number().int().min(1).max(60),
  energy: z.boolean().default(true),
});
export type QuietSettings = z.infer<typeof quietSchema>;

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

export const roleDescriptionSchema = z.strictObject({
  role: roleSchema,
  title: localizedTextSchema,
  /**
   * The group type people of this role belong to (their organisation's network, their track);
   * absent: the whole programme (consultant, leader, politicians who only meet at conferences).
   */
  groupType: keySchema.optional(),
  /** Words a consultant may type for the role in commands (`@anna=chef`); the key always works. */
  words: z.array(z.string().min(1)).default([]),
  contributes: z.array(localizedTextSchema).min(1),
  /** Hours of work outside the scheduled activities (e.g. writing the offer). */
  ownWorkHours: z.number().min(0).default(0),
});
export type RoleDescription = z.infer<typeof roleDescriptionSchema>;

/**
 * A kind of group in the programme, each group with its own channel: a partnership, a network, a
 * track, a steering group. `organisations`: a group holds several organisations (municipalities), each
 * with several people; `size` is how many organisations a group has, used to check pairings.
 */
export const groupTypeSchema = z.strictObject({
  key: keySchema,
  name: localizedTextSchema,
  plural: localizedTextSchema.optional(),
  organisations: z.boolean().default(false),
  size: z.strictObject({ min: z.number().int().min(1), max: z.number().int().min(1) }).optional(),
  /** Whether the bot creates a channel per group (default yes). */
  channel: z.boolean().default(true),
});
export type GroupType = z.infer<typeof groupTypeSchema>;

/** A group the template itself names (the steering group, the three tracks), created with the programme. */
export const namedGroupSchema = z.strictObject({
  key: keySchema,
  type: keySchema,
  name: localizedTextSchema,
});
export type NamedGroup = z.infer<typeof namedGroupSchema>;

/**
 * A template's fields, without the rules between its steps: the loader checks a file against this too
 * when those rules fail, so an author hears of every problem at once, not one round at a time.
 */
export const templateFieldsSchema = z.strictObject({
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
  /** Absent: one type, `partnership` (Små Partnerskaber). */
  groupTypes: z.array(groupTypeSchema).min(1).optional(),
  groups: z.array(namedGroupSchema).default([]),
  keywords: z
    .object({ count: z.number().int().positive(), examples: z.array(localizedTextSchema) })
    .optional(),
  creativeConstraints: z
    .object({ title: localizedTextSchema, examples: z.array(localizedTextSchema).min(1) })
    .optional(),
  steps: z.array(stepSchema).min(1),
  /** Absent: no watch on quiet groups. */
  quiet: quietSchema.optional(),
});

export const templateSchema = templateFieldsSchema.superRefine((template, ctx) => {
  // Each issue carries the step's path and a Danish text (params.da): authors read them by step and field.
  const keys = new Set<string>();
  template.steps.forEach((step, index) => {
    if (keys.has(step.key)) {
      ctx.addIssue({ code: 'custom', path: ['steps', index, 'key'], message: `duplicate step key "${step.key}"`, params: { da: `trinnøglen «${step.key}» findes allerede` } });
    }
    keys.add(step.key);
  });
  // One form per activity: a report on a step that is also evaluated would never be asked.
  template.steps.forEach((step, index) => {
    if (step.report && step.evaluation) {
      ctx.addIssue({ code: 'custom', path: ['steps', index, 'report'], message: `step "${step.key}" has both an evaluation and a report; make the report a step of its own`, params: { da: 'et trin kan ikke både have en evaluering og en statusrapport; giv rapporten sit eget trin' } });
    }
  });
  // A relative placement must point at an EARLIER step: that rules out cycles and lets the planner
  // place steps in one pass.
  const seen = new Set<string>();
  template.steps.forEach((step, index) => {
    const from = 'from' in step.placement ? step.placement.from : 'start';
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
  template.steps.forEach((step, index) => refuseBadRepeat(template.steps, step, index, ctx));
});
export type Template = z.infer<typeof templateSchema>;
/** A template as written in a file, before defaults are applied. */
export type TemplateInput = z.input<typeof templateSchema>;

/** Which roles take part in an activity for each legacy audience. */
export const audienceRoles: Record<LegacyAudience, readonly Role[]> = {
  all: ['consultant', 'culture_staff', 'daycare_staff'],
  with_children: ['culture_staff', 'daycare_staff'],
  without_children: ['culture_staff', 'daycare_staff'],
  cultural_institution: ['culture_staff'],
  consultant: ['consultant'],
};

/** The group type of templates that do not name any: Små Partnerskaber's partnership. */
export const PARTNERSHIP_TYPE: GroupType = {
  key: 'partnership',
  name: { da: 'Partnerskab', en: 'Partnership' },
  plural: { da: 'Partnerskaber', en: 'Partnerships' },
  organisations: false,
  channel: true,
};

export function groupTypesOf(template: Pick<Template, 'groupTypes'>): GroupType[] {
  return template.groupTypes ?? [PARTNERSHIP_TYPE];
}

/** A legacy audience in the addressed terms; an addressed one with its roles filled in. */
export function addressOf(template: Pick<Template, 'roles' | 'groupTypes' | 'groups'>, audience: Audience): AddressedAudience & { roles: Role[] } {
  if (typeof audience === 'string') {
    switch (audience) {
      case 'all':
        return { to: 'programme', roles: [...audienceRoles.all], direct: false };
      case 'consultant':
        return { to: 'programme', roles: ['consultant'], direct: true };
      case 'cultural_institution':
        return { to: 'each', groupType: 'partnership', roles: ['culture_staff'], direct: true };
      case 'with_children':
      case 'without_children':
        return { to: 'each', groupType: 'partnership', roles: [...audienceRoles[audience]], direct: false };
    }
  }
  if (audience.roles) return { ...audience, roles: audience.roles };
  return { ...audience, roles: rolesOfGroupTypes(template, typesAddressed(template, audience)) };
}

/** The group types an addressed audience reaches; empty for the whole programme. */
export function typesAddressed(template: Pick<Template, 'groups'>, audience: AddressedAudience): string[] {
  switch (audience.to) {
    case 'programme':
      return [];
    case 'each':
      return audience.groupType ? [audience.groupType] : [];
    case 'group': {
      const type = template.groups.find((g) => g.key === audience.group)?.type;
      return type ? [type] : [];
    }
    case 'types':
      return audience.groupTypes ?? [];
  }
}

/** Roles of people in those group types plus the consultant; every role for the whole programme. */
function rolesOfGroupTypes(template: Pick<Template, 'roles'>, types: string[]): Role[] {
  const roles = template.roles.filter((r) => types.length === 0 || r.role === 'consultant' || (r.groupType !== undefined && types.includes(r.groupType)));
  return roles.map((r) => r.role);
}

/**
 * Whether a step's activity happens once for the programme (`partnershipId` null) rather than once per
 * group: the whole programme, the consultant alone, several group types at once. A step for one named
 * group happens once too, but belongs to that group (its id is the activity's partnershipId).
 */
export function isProgrammeWide(audience: Audience): boolean {
  if (typeof audience === 'string') return audience === 'all' || audience === 'consultant';
  return audience.to === 'programme' || audience.to === 'types';
}

/** The roles taking part in a step (legacy audiences need no template; addressed ones without `roles` do). */
export function rolesOf(audience: Audience, template?: Pick<Template, 'roles' | 'groupTypes' | 'groups'>): readonly Role[] {
  if (typeof audience === 'string') return audienceRoles[audience];
  if (audience.roles) return audience.roles;
  return template ? addressOf(template, audience).roles : [];
}

/** The periods' months, for the checks below and the planner. */
export const MONTHS_OF_PERIOD = { week: 0, month: 1, quarter: 3, half_year: 6 } as const;

/**
 * What a series cannot be, said by step and field: a window step (its one date is set by hand), a
 * pairing (each pair's visit is one activity), a base other steps count from or must precede (which
 * occurrence?), an `on` that does not fit the period, and an end before its start.
 */
function refuseBadRepeat(steps: readonly Step[], step: Step, index: number, ctx: z.RefinementCtx): void {
  const repeat = step.repeat;
  if (!repeat) return;
  const issue = (path: (string | number)[], message: string, da: string) =>
    ctx.addIssue({ code: 'custom', path: ['steps', index, ...path], message, params: { da } });
  if ('window' in step.placement) issue(['repeat'], 'a window step cannot repeat', 'et trin med et vindue kan ikke gentages');
  if (step.pairing !== undefined) issue(['repeat'], 'a paired step cannot repeat', 'et trin med parring kan ikke gentages');
  for (const other of steps) {
    if ('from' in other.placement && other.placement.from === step.key) {
      issue(['repeat'], `"${other.key}" is placed relative to it; a repeating step cannot be a base`, `«${other.key}» er placeret i forhold til det; et gentaget trin kan ikke være udgangspunkt`);
    }
    if (other.mustPrecede === step.key) issue(['repeat'], `"${other.key}" must precede it; a repeating step cannot be a limit`, `«${other.key}» skal ligge før det; et gentaget trin kan ikke være en grænse`);
  }
  const on = repeat.on;
  const months = MONTHS_OF_PERIOD[repeat.every];
  if (on && 'weekdays' in on && repeat.every !== 'week') issue(['repeat', 'on', 'weekdays'], 'a list of weekdays needs every: week', 'en liste af ugedage kræver every: week');
  if (on && 'monthOfPeriod' in on && on.monthOfPeriod !== undefined && on.monthOfPeriod > months) {
    issue(['repeat', 'on', 'monthOfPeriod'], `a ${repeat.every} has ${months || 'no'} months`, `perioden har ${months || 'ingen'} måneder`);
  }
  if (on && 'weekday' in on && repeat.every === 'week' && on.nth > 1) issue(['repeat', 'on', 'nth'], 'a week has one of each weekday', 'en uge har kun én af hver ugedag');
  // Both ends known without a start date: a fixed first date and a fixed last one.
  const until = repeat.until;
  if (until && 'on' in until && 'on' in step.placement) {
    // Two MM-DD as year offsets ("0001-03-01"), or two full dates; a mix waits for the planner.
    const dated = (on: string, offset: number) => (on.length === 10 ? on : `${String(offset).padStart(4, '0')}-${on}`);
    const sameForm = (step.placement.on.length === 10) === (until.on.length === 10);
    if (sameForm && dated(until.on, until.year) < dated(step.placement.on, step.placement.year)) issue(['repeat', 'until'], 'ends before it starts', 'slutter før det begynder');
  }
}
