import { z } from 'zod';
import { keySchema } from './formats.ts';

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
