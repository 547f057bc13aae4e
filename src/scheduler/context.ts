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

/** A programme's row, groups and members as read at one context version (migration 14). */
interface KeptContext {
  version: number;
  programme: Programme;
  partnerships: Map<string, Partnership>;
  members: RecipientMembers;
}

/**
 * Programmes' rows, groups and members kept from one tick to the next while their context version is
 * the same: a 09:00 tick finds a hundred programmes with something due, nearly all as they were the
 * day before, and reading them again was about a sixth of its time (BENCHMARKS.md, round 9). The
 * version is bumped by triggers on every write to the three tables, from any connection, so what is
 * kept is never older than the database. The template is not kept here: the registry keeps it by
 * snapshot, and a programme without a snapshot follows its uploaded template.
 */
export class ContextCache {
  private readonly kept = new Map<string, KeptContext>();

  constructor(private readonly limit = 1_000) {}

  /** The programme's kept row, groups and members, read again if it changed; undefined if it is gone. */
  current(deps: ContextDeps, programmeId: string): KeptContext | undefined {
    const version = deps.programmes.contextVersion(programmeId);
    if (version === undefined) {
      this.kept.delete(programmeId);
      return undefined;
    }
    let kept = this.kept.get(programmeId);
    if (kept?.version !== version) {
      const programme = deps.programmes.get(programmeId)!;
      const partnerships = new Map(deps.partnerships.listForProgramme(programmeId).map((p) => [p.id, p]));
      kept = { version, programme, partnerships, members: membersOf(deps.members, programmeId, () => [...partnerships.values()]) };
      // Bounded: a deployment with more programmes than this rereads the rest, as before.
      if (this.kept.size >= this.limit) this.kept.clear();
      this.kept.set(programmeId, kept);
    }
    return kept;
  }
}

/**
 * A programme's context for this tick, read once per programme (`cache` lives for one tick); its row,
 * groups and members come from `kept` when they have not changed since an earlier tick.
 */
export function programmeContext(deps: ContextDeps, programmeId: string, cache: Map<string, ProgrammeContext>, kept: ContextCache): ProgrammeContext {
  let ctx = cache.get(programmeId);
  if (!ctx) {
    const base = kept.current(deps, programmeId);
    // A due reminder's programme exists (deleting a programme deletes its reminders in the same
    // transaction); the `!` is the same as the plain read had.
    const { programme, partnerships, members } = base!;
    ctx = { programme, template: deps.templates.ofProgramme(programme), partnerships, members };
    cache.set(programmeId, ctx);
  }
  return ctx;
}

/** Members by role (in the programme, or in one group) and by organisation, each list read once while kept. */
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
