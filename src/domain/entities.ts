import { z } from 'zod';
import { activityKindSchema, audienceSchema, formatSchema, roleSchema } from './template.ts';
import { localeSchema } from './text.ts';

/** ISO calendar date (yyyy-mm-dd), validated as a real date: 2027-02-31 is refused. */
export const isoDateSchema = z.iso.date();
/** An instant, always stored in UTC with a trailing Z. */
export const instantSchema = z.iso.datetime({ offset: false });
export const localTimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:mm');

/** Which chat platform a programme lives on, and which workspace/tenant inside it. */
export const platformNameSchema = z.string().min(1);

/** A blackout period (e.g. a municipality's efterårsferie) in which nothing is placed. */
export const blackoutSchema = z.object({
  from: isoDateSchema,
  to: isoDateSchema,
  label: z.string().optional(),
});
export type Blackout = z.infer<typeof blackoutSchema>;

/** Per-programme settings; everything has a default so a programme needs only a name and a start. */
export const programmeSettingsSchema = z.object({
  reminderTime: localTimeSchema.optional(),
  /** Working days before an activity, per kind, overriding the template. */
  reminders: z.partialRecord(activityKindSchema, z.array(z.number().int().min(0).max(60))).optional(),
  blackouts: z.array(blackoutSchema).default([]),
  /** Close on Grundlovsdag, juleaftensdag and nytårsaftensdag as most daycares do. */
  closedOnCustomaryDaysOff: z.boolean().default(true),
});
export type ProgrammeSettings = z.infer<typeof programmeSettingsSchema>;

export const programmeSchema = z.object({
  id: z.string(),
  platform: platformNameSchema,
  workspaceId: z.string(),
  name: z.string().min(1).max(120),
  templateId: z.string(),
  startDate: isoDateSchema,
  timezone: z.string().default('Europe/Copenhagen'),
  locale: localeSchema.default('da'),
  settings: programmeSettingsSchema,
  /** Platform reference of the channel shared by all partnerships, once created. */
  channelRef: z.string().nullable(),
  createdBy: z.string(),
  createdAt: instantSchema,
});
export type Programme = z.infer<typeof programmeSchema>;

/**
 * A group of the programme: a partnership (Små Partnerskaber), a network, a track, a steering group.
 * The type is one of the template's group types; the table and the name "partnership" are kept from
 * the first shape, so every `partnershipId` in the code is a group's id.
 */
export const partnershipSchema = z.object({
  id: z.string(),
  programmeId: z.string(),
  name: z.string().min(1).max(120),
  /** The template's group type key; `partnership` for Små Partnerskaber. */
  groupType: z.string().default('partnership'),
  /** For a group the template names (`styregruppe`, a track): its key there; null for added groups. */
  templateKey: z.string().nullable().default(null),
  /** Små Partnerskaber's two institutions; null for groups of organisations (networks). */
  culturalInstitution: z.string().min(1).nullable(),
  daycare: z.string().min(1).nullable(),
  /** Order of creation; trial 2 pairs each partnership with the next one (round robin). */
  position: z.number().int().min(0),
  keywords: z.array(z.string()).default([]),
  channelRef: z.string().nullable(),
});
export type Partnership = z.infer<typeof partnershipSchema>;

/** An organisation in a group of organisations: a municipality in a network. */
export const organisationSchema = z.object({
  id: z.string(),
  programmeId: z.string(),
  groupId: z.string(),
  name: z.string().min(1).max(120),
  /** Order of joining; pairings rotate by it. */
  position: z.number().int().min(0),
});
export type Organisation = z.infer<typeof organisationSchema>;

export const memberSchema = z.object({
  id: z.string(),
  programmeId: z.string(),
  /** The member's group; null for people of the whole programme (consultants, leaders). A person in two groups has two rows. */
  partnershipId: z.string().nullable(),
  /** The organisation (municipality) within the group, for groups of organisations. */
  organisationId: z.string().nullable().default(null),
  role: roleSchema,
  /** The platform's user id; null until an e-mail has been looked up. */
  userRef: z.string().nullable(),
  email: z.email().nullable(),
  displayName: z.string(),
  locale: localeSchema.nullable(),
});
export type Member = z.infer<typeof memberSchema>;

export const activitySchema = z.object({
  id: z.string(),
  programmeId: z.string(),
  partnershipId: z.string().nullable(),
  stepKey: z.string(),
  kind: activityKindSchema,
  audience: audienceSchema,
  /** For trial 2 and its dialogue: the other partnership taking part. */
  pairedPartnershipId: z.string().nullable(),
  /** For pairings between organisations: the pair or trio (for visits, the first visits the second). */
  pairedOrganisationIds: z.array(z.string()).default([]),
  /** Until a window step's date is set: the local date is provisional (the window's first working day). */
  startsAt: instantSchema,
  /** Equal to startsAt for deadlines and milestones. */
  endsAt: instantSchema,
  location: z.string().nullable(),
  format: formatSchema.nullable().default(null),
  meetingLink: z.string().nullable().default(null),
  /** For window steps: the local dates the date must lie within, and whether it is still unset. */
  window: z.object({ from: isoDateSchema, to: isoDateSchema }).nullable().default(null),
  /** True while the activity waits for a date (its window's, or the step it is placed from). */
  undated: z.boolean().default(false),
  /** True when the date was set by hand; such an activity no longer follows what it depends on. */
  pinned: z.boolean(),
  /** For a repeating step: the occurrence's number (its plan key ends in `~n`). */
  occurrence: z.number().int().positive().optional(),
  /** A cancelled occurrence: shown as "aflyst", no reminders. */
  cancelled: z.boolean().optional(),
});
export type Activity = z.infer<typeof activitySchema>;

export const reminderStatusSchema = z.enum(['pending', 'queued', 'missed', 'cancelled']);
export type ReminderStatus = z.infer<typeof reminderStatusSchema>;

export const reminderSchema = z.object({
  id: z.string(),
  activityId: z.string(),
  /** Working days before the activity. */
  offsetDays: z.number().int(),
  dueAt: instantSchema,
  /** A reminder of the activity, or a request to set a window step's date. */
  purpose: z.enum(['reminder', 'date_prompt']).default('reminder'),
  status: reminderStatusSchema,
});
export type Reminder = z.infer<typeof reminderSchema>;
