import { z } from 'zod';
import { localizedTextSchema } from '../text.ts';
import { roleSchema } from './audience.ts';
import { keySchema } from './formats.ts';

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
 * The watch on quiet groups: the consultant hears once when a group's channel has had no message
 * from a person for `workingDays` working days, or (with `energy`) when the group's mean energy has
 * fallen at two meetings in a row.
 */
export const quietSchema = z.strictObject({
  workingDays: z.number().int().min(1).max(60),
  energy: z.boolean().default(true),
});
export type QuietSettings = z.infer<typeof quietSchema>;
