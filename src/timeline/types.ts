import type { ProgrammeSettings } from '../domain/entities.ts';
import type { ActivityKind, Audience, Format, Template } from '../domain/template.ts';

/** A date (and optionally time/location) the consultant set by hand for one activity. */
export interface ActivityOverride {
  stepKey: string;
  /** Null for programme-wide steps (workshops, consultant tasks). */
  partnershipId: string | null;
  /**
   * For pairings between organisations: the first organisation of the pair or trio (the visitor), so
   * one visit can be moved without the others; absent: every activity of the step in that group.
   */
  unit?: string;
  /** For a repeating step: which occurrence (1, 2, ...; the key's `~n`); absent: not a series. */
  occurrence?: number;
  /** Local date, yyyy-mm-dd. */
  date: string;
  /** Local HH:mm; defaults to the step's or the template's start time. */
  startTime?: string;
  location?: string | null;
  format?: Format | null;
  meetingLink?: string | null;
  /** A cancelled occurrence: kept in the plan as "aflyst", without reminders. */
  cancelled?: boolean;
}

/** A consultant's hand-made pairing for one step in one group: the organisations (or groups) in the order the rotation uses. */
export interface PairingOrder {
  stepKey: string;
  /** The group whose organisations are paired; null for pairings between groups. */
  groupId: string | null;
  order: string[];
}

/** A group as the planner needs it. */
export interface PlanGroup {
  id: string;
  position: number;
  /** The template's group type; absent means `partnership`. */
  groupType?: string;
  /** The template's key for a named group (styregruppe); absent or null for added groups. */
  templateKey?: string | null;
  /** For groups of organisations: the organisations, for pairings. */
  organisations?: { id: string; position: number }[];
}

export interface PlanInput {
  template: Template;
  /** Local date the programme starts (the kick-off workshop by default). */
  startDate: string;
  /** IANA zone the local dates and times are in; empty means Europe/Copenhagen. */
  timezone: string;
  /** The programme's groups (partnerships, networks, tracks, named groups). */
  partnerships: PlanGroup[];
  overrides: ActivityOverride[];
  /** Pairings the consultant changed (swaps); absent: the rotation's own. */
  pairingOrders?: PairingOrder[];
  settings: ProgrammeSettings;
  /**
   * When the plan is made (UTC ISO). Given, a reminder whose lead time has already passed for an
   * activity still ahead is caught up (see reminders.ts); absent, the plan is the same at any time.
   */
  now?: string;
}

export interface PlannedReminder {
  /** Working days before the activity (0 = on the day); for date prompts, working days before the window opens (negative once it is open). */
  offsetDays: number;
  /** Absent or 'reminder': a reminder of the activity; 'date_prompt': asks `setBy` to set the window step's date. */
  purpose?: 'reminder' | 'date_prompt';
  /** UTC instant with a trailing Z, as Date.toISOString() writes it. */
  dueAt: string;
}

export interface PlannedActivity {
  /** stepKey for programme-wide activities, `${stepKey}@${partnershipId}` otherwise, plus `#${firstOrganisationId}` per pair or trio. */
  key: string;
  stepKey: string;
  partnershipId: string | null;
  /** For paired steps (trial 2 and its dialogue): the other partnership taking part. */
  pairedPartnershipId: string | null;
  /** For pairings between organisations: the pair or trio, the visitor first. */
  pairedOrganisationIds: string[];
  kind: ActivityKind;
  audience: Audience;
  /** Local date, yyyy-mm-dd. */
  date: string;
  /** UTC instants with a trailing Z. */
  startsAt: string;
  /** Equal to startsAt for deadlines and milestones without a duration. */
  endsAt: string;
  /** Set by hand: it no longer follows the step it is placed relative to. */
  pinned: boolean;
  location: string | null;
  format: Format | null;
  meetingLink: string | null;
  /** For window steps: the local dates a date must lie within. */
  window: { from: string; to: string } | null;
  /** True while no date is set for a window step (or for a step placed from one): no reminders, date prompts instead. */
  undated: boolean;
  /** For a repeating step: the occurrence's number (the key ends in `~n`). */
  occurrence?: number;
  /** A cancelled occurrence: no reminders, shown as "aflyst". */
  cancelled?: boolean;
  reminders: PlannedReminder[];
}

export type PlanWarningCode = 'not_working_day' | 'order' | 'outside_window' | 'pairing_repeats';

export interface PlanWarning {
  /** The activity the warning is about. */
  key: string;
  code: PlanWarningCode;
  message: { da: string; en: string };
}

export interface Plan {
  /** Sorted by startsAt, then partnership position (programme-wide first), then key. */
  activities: PlannedActivity[];
  warnings: PlanWarning[];
}

export interface PlannedChange {
  key: string;
  stepKey: string;
  partnershipId: string | null;
  /** startsAt before and after the move (UTC instants). */
  from: string;
  to: string;
  /** It had no date yet (a window step, or one counted from it): `from` is only provisional. */
  fromUndated?: { window: { from: string; to: string } | null };
}

export interface MovePreview {
  /** The plan as it would be with the move applied. */
  plan: Plan;
  /** Activities whose start changes, in plan order. */
  changes: PlannedChange[];
  /** Warnings of the plan with the move applied. */
  warnings: PlanWarning[];
}

export type PlanErrorCode = 'unknown_activity' | 'invalid_override' | 'invalid_start_date' | 'invalid_timezone';

/** Bad input to the planner that is not the template's fault (the template has TemplateError). */
export class PlanError extends Error {
  readonly code: PlanErrorCode;
  constructor(code: PlanErrorCode, message: string) {
    super(message);
    this.name = 'PlanError';
    this.code = code;
  }
}
