import { z } from 'zod';
import { localizedTextSchema } from './text.ts';
import type { AddressedAudience, Audience, LegacyAudience, Role } from './template/audience.ts';
import { localTimeSchema } from './template/formats.ts';
import { groupTypeSchema, namedGroupSchema, quietSchema, roleDescriptionSchema, type GroupType } from './template/groups.ts';
import { activityKindSchema, stepSchema, type Step } from './template/step.ts';

// A template's parts, each in its own module (template/): who (audience), when (placement, repeat),
// what is asked (forms), the step itself, and the roles and groups. Importers read them all from here.
export * from './template/audience.ts';
export * from './template/placement.ts';
export * from './template/forms.ts';
export * from './template/step.ts';
export * from './template/groups.ts';

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
