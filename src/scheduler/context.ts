import type { Organisation, Partnership, Programme } from '../domain/entities.ts';
import type { Template } from '../domain/template.ts';
import type { StoredActivity } from '../store/activities.ts';
import type { MemberRepository, MemberWithDm, PartnershipRepository, ProgrammeRepository } from '../store/programmes.ts';
import type { RecipientMembers } from './recipients.ts';

/** What programmeContext reads: the scheduler's repositories and its programmes' templates. */
export interface ContextDeps {
  programmes: ProgrammeRepository;
  partnerships: PartnershipRepository;
  members: MemberRepository;
  templates: { ofProgramme(programme: Programme): Template | undefined };
}

/** Per-tick cache, so 1,000 due reminders in one programme read the programme once. */
export interface ProgrammeContext {
  programme: Programme;
  template: Template | undefined;
  partnerships: Map<string, Partnership>;
  /** Read on first use, and only the few members reminders go to directly (not the whole list). */
  members: RecipientMembers;
  /** Read on first use (homework reminders only). */
  activities?: StoredActivity[];
  /** Read on first use (pairings between organisations only). */
  organisations?: Map<string, Organisation>;
}

/** A programme's context for this tick, read once per programme (`cache` lives for one tick). */
export function programmeContext(deps: ContextDeps, programmeId: string, cache: Map<string, ProgrammeContext>): ProgrammeContext {
  let ctx = cache.get(programmeId);
  if (!ctx) {
    const programme = deps.programmes.get(programmeId)!;
    const partnerships = new Map(deps.partnerships.listForProgramme(programmeId).map((p) => [p.id, p]));
    ctx = {
      programme,
      template: deps.templates.ofProgramme(programme),
      partnerships,
      members: membersOf(deps.members, programmeId, () => [...partnerships.values()]),
    };
    cache.set(programmeId, ctx);
  }
  return ctx;
}

/** Members by role (in the programme, or in one group) and by organisation, each list read once per tick. */
function membersOf(members: MemberRepository, programmeId: string, groups: () => Partnership[]): RecipientMembers {
  const byRole = new Map<string, MemberWithDm[]>();
  const byGroupRole = new Map<string, MemberWithDm[]>();
  const byGroup = new Map<string, MemberWithDm[]>();
  const withRole = (role: string): MemberWithDm[] => {
    let list = byRole.get(role);
    if (!list) byRole.set(role, (list = members.withRole(programmeId, role)));
    return list;
  };
  const withRoleInGroup = (groupId: string, role: string): MemberWithDm[] => {
    const key = `${groupId}|${role}`;
    let list = byGroupRole.get(key);
    if (!list) byGroupRole.set(key, (list = members.withRoleInPartnership(programmeId, groupId, role)));
    return list;
  };
  return {
    consultants: () => withRole('consultant'),
    cultureStaff: (partnershipId) => withRoleInGroup(partnershipId, 'culture_staff'),
    withRole,
    withRoleInGroup,
    // One group's members (a network's few dozen), not the programme's, for the two sides of a visit.
    ofOrganisation: (groupId, organisationId) => {
      let list = byGroup.get(groupId);
      if (!list) byGroup.set(groupId, (list = members.listForPartnership(groupId)));
      return list.filter((m) => m.organisationId === organisationId);
    },
    groupsOfType: (groupType) => groups().filter((g) => g.groupType === groupType),
  };
}
