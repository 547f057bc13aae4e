import type { Activity, Partnership, Programme } from '../domain/entities.ts';
import { addressOf, type AddressedAudience, type Role, type Template } from '../domain/template.ts';
import type { Locale } from '../domain/text.ts';
import type { DeliveryTarget } from '../outbox/types.ts';
import type { MemberWithDm } from '../store/programmes.ts';

/**
 * The members and groups a reminder may go to; the scheduler reads only these (each list once per
 * tick), never a programme's whole member list.
 */
export interface RecipientMembers {
  consultants(): MemberWithDm[];
  cultureStaff(partnershipId: string): MemberWithDm[];
  /** The programme's members with a role, in any group or none. */
  withRole(role: Role): MemberWithDm[];
  /** A group's members with a role. */
  withRoleInGroup(groupId: string, role: Role): MemberWithDm[];
  /** The members of one organisation (a municipality) in a group. */
  ofOrganisation(groupId: string, organisationId: string): MemberWithDm[];
  /** The programme's groups of a type (networks, tracks). */
  groupsOfType(groupType: string): Partnership[];
}

/** RecipientMembers over a programme's members and groups that are already in memory. */
export function membersIn(members: MemberWithDm[], groups: Partnership[] = []): RecipientMembers {
  return {
    consultants: () => members.filter((m) => m.role === 'consultant'),
    cultureStaff: (partnershipId) => members.filter((m) => m.role === 'culture_staff' && m.partnershipId === partnershipId),
    withRole: (role) => members.filter((m) => m.role === role),
    withRoleInGroup: (groupId, role) => members.filter((m) => m.role === role && m.partnershipId === groupId),
    ofOrganisation: (groupId, organisationId) => members.filter((m) => m.partnershipId === groupId && m.organisationId === organisationId),
    groupsOfType: (groupType) => groups.filter((g) => g.groupType === groupType),
  };
}

export interface Recipient {
  target: DeliveryTarget;
  /** Stable part of the idempotency key. */
  key: string;
  locale: Locale;
}

export interface RecipientOptions {
  /** The programme's template: fills in an addressed audience's roles and a window step's `setBy`. */
  template?: Template;
  /** A date prompt goes to whoever sets the window step's date, not to the participants. */
  purpose?: 'reminder' | 'date_prompt';
}

/**
 * Who hears about an activity: workshops in the shared channel, partnership activities in the
 * partnership's channel (and the paired partnership's, for trial 2 and its dialogue), the cultural
 * institution's own work to its staff directly, the consultant's tasks to the consultant directly.
 * Addressed audiences (networks, tracks, the steering group) follow the same idea by group; see
 * addressedRecipients.
 */
export function recipientsFor(activity: Activity, programme: Programme, members: RecipientMembers, options: RecipientOptions = {}): Recipient[] {
  const to = Recipients.of(programme);
  if (options.purpose === 'date_prompt') return datePromptRecipients(activity, members, to, options.template);
  if (typeof activity.audience !== 'string') return addressedRecipients(activity, activity.audience, members, to, options.template);
  switch (activity.audience) {
    case 'all':
      return [to.channel('programme', programme.id)];
    case 'consultant':
      return members.consultants().map(to.direct);
    case 'cultural_institution':
      return activity.partnershipId ? members.cultureStaff(activity.partnershipId).map(to.direct) : [];
    case 'with_children':
    case 'without_children': {
      const ids = [activity.partnershipId, activity.pairedPartnershipId].filter((id): id is string => !!id);
      return ids.map((id) => to.channel('partnership', id));
    }
  }
}

/** Builds recipients and keeps the first of each (a person with two matching roles hears once). */
class Recipients {
  /** One per programme object: the tick asks for a thousand reminders' recipients at 09:00. */
  private static readonly byProgramme = new WeakMap<Programme, Recipients>();

  static of(programme: Programme): Recipients {
    let to = Recipients.byProgramme.get(programme);
    if (!to) Recipients.byProgramme.set(programme, (to = new Recipients(programme)));
    return to;
  }

  private constructor(private readonly programme: Programme) {}

  direct = (m: MemberWithDm): Recipient => ({
    target: { type: 'member', id: m.id },
    key: `member:${m.id}`,
    locale: m.locale ?? this.programme.locale,
  });

  channel = (type: 'programme' | 'partnership', id: string): Recipient => ({
    target: { type, id },
    key: `${type}:${id}`,
    locale: this.programme.locale,
  });

  static unique(list: Recipient[]): Recipient[] {
    return [...new Map(list.map((r) => [r.key, r])).values()];
  }
}

/**
 * programme → the shared channel; each/group → the group's channel; types → the channel of every
 * group of those types. `direct` → the people with the audience's roles by direct message instead (in
 * the group, or anywhere in the programme). Pairings between organisations → the group's channel
 * and the paired organisations' people, so both sides of a visit hear of it.
 */
function addressedRecipients(activity: Activity, audience: AddressedAudience, members: RecipientMembers, to: Recipients, template?: Template): Recipient[] {
  const roles = template ? addressOf(template, audience).roles : (audience.roles ?? []);
  const groupId = activity.partnershipId;
  // People of programme-wide roles (consultant, leaders) belong to no group; they still get DMs
  // meant for "the roles in this group" when their role is among them.
  const programmeWide = (role: Role): MemberWithDm[] =>
    isGroupRole(template, role) ? [] : members.withRole(role).filter((m) => m.partnershipId === null);
  const inGroup = (id: string): MemberWithDm[] => roles.flatMap((role) => [...members.withRoleInGroup(id, role), ...programmeWide(role)]);
  const out: Recipient[] = [];
  switch (audience.to) {
    case 'programme':
      if (audience.direct) out.push(...roles.flatMap((role) => members.withRole(role)).map(to.direct));
      else out.push(to.channel('programme', activity.programmeId));
      break;
    case 'types': {
      const groups = (audience.groupTypes ?? []).flatMap((type) => members.groupsOfType(type));
      if (audience.direct) {
        const ids = new Set(groups.map((g) => g.id));
        const people = roles.flatMap((role) => members.withRole(role)).filter((m) => m.partnershipId === null || ids.has(m.partnershipId));
        out.push(...people.map(to.direct));
      } else out.push(...groups.map((g) => to.channel('partnership', g.id)));
      break;
    }
    case 'each':
    case 'group':
      if (!groupId) break;
      if (audience.direct) out.push(...inGroup(groupId).map(to.direct));
      else out.push(to.channel('partnership', groupId));
      // A pairing between groups: the other group's channel too (Små Partnerskaber's trial 2).
      if (activity.pairedPartnershipId) {
        const other = activity.pairedPartnershipId;
        out.push(...(audience.direct ? inGroup(other).map(to.direct) : [to.channel('partnership', other)]));
      }
      break;
  }
  // Activities stored before migration 6, and hand-made ones, may lack the pairs.
  const pairedOrganisations: string[] = activity.pairedOrganisationIds ?? [];
  if (groupId && pairedOrganisations.length > 0) {
    // The pairs are announced in the group's channel even when the audience is otherwise direct.
    if (audience.direct) out.push(to.channel('partnership', groupId));
    const paired = pairedOrganisations.flatMap((org) => members.ofOrganisation(groupId, org));
    out.push(...paired.filter((m) => roles.length === 0 || roles.includes(m.role)).map(to.direct));
  }
  return Recipients.unique(out);
}

/**
 * A window step's date is asked of the people with role `setBy` in the activity's group (by direct
 * message), or of the programme's consultants when the group has none.
 */
function datePromptRecipients(activity: Activity, members: RecipientMembers, to: Recipients, template?: Template): Recipient[] {
  const step = template?.steps.find((s) => s.key === activity.stepKey);
  const setBy = step && 'window' in step.placement ? step.placement.setBy : 'consultant';
  const people = activity.partnershipId ? members.withRoleInGroup(activity.partnershipId, setBy) : members.withRole(setBy);
  const chosen = people.length > 0 ? people : members.consultants();
  return Recipients.unique(chosen.map(to.direct));
}

/** Whether people of a role belong to a group (a network's leaders) rather than the whole programme. */
function isGroupRole(template: Template | undefined, role: Role): boolean {
  if (!template) return true;
  const description = template.roles.find((r) => r.role === role);
  if (description) return description.groupType !== undefined;
  // Små Partnerskaber's roles, and any role the template does not describe: the consultant alone is programme-wide.
  return role !== 'consultant';
}
