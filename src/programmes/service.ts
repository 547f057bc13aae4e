import type { Organisation, Partnership, Programme } from '../domain/entities.ts';
import type { Template } from '../domain/template.ts';
import type { TemplateScope } from '../templates/registry.ts';
import type { ActivityOverride, MovePreview, PlanInput } from '../timeline/plan.ts';
import type { ActivityChange } from '../store/activities.ts';
import type { MemberOutcome } from './members.ts';
import type { OccurrenceRef } from './series.ts';
import * as plan from './programme-plan.ts';
import { createProgramme, type CreateProgrammeInput } from './create.ts';
import * as groups from './groups.ts';
import { setFormat, type FormatChange, type FormatOutcome } from './set-format.ts';
import { swapPairing, type PairingSwap } from './swap-pairing.ts';
import * as moves from './moves.ts';

export type { ServiceDeps } from './programme-plan.ts';
export type { CreateProgrammeInput } from './create.ts';
export type { NewMember } from './groups.ts';
export type { FormatChange, FormatOutcome } from './set-format.ts';
export type { PairingSwap } from './swap-pairing.ts';
export { withDetails } from './programme-plan.ts';
export { checkDate } from './date-rules.ts';

/**
 * The consultant's actions on programmes. Each validates first and writes in one transaction, so a
 * refused action (a UserError) changes nothing; platform work is only enqueued, never done inline.
 * The actions live in modules by kind (create.ts, groups.ts, set-format.ts, swap-pairing.ts,
 * moves.ts), on what they share (programme-plan.ts: the programme's template and its plan).
 */
export class ProgrammeService {
  constructor(private readonly deps: plan.ServiceDeps) {}

  createProgramme(input: CreateProgrammeInput): { programme: Programme; changes: ActivityChange[] } {
    return createProgramme(this.deps, input);
  }

  addPartnership(
    programme: Programme,
    input: { name: string; culturalInstitution: string; daycare: string; members: groups.NewMember[] },
  ): Partnership {
    return groups.addPartnership(this.deps, programme, input);
  }

  addMemberToPartnership(programme: Programme, partnership: Partnership, member: groups.NewMember): MemberOutcome {
    return groups.addMemberToPartnership(this.deps, programme, partnership, member);
  }

  /** The programme's groups (partnerships, networks, tracks, named groups) in their order. */
  groupsOf(programme: Programme): Partnership[] {
    return this.deps.repos.partnerships.listForProgramme(programme.id);
  }

  /** The organisations (municipalities) of a group of organisations, in their order. */
  organisationsOf(_programme: Programme, group: Partnership): Organisation[] {
    return this.deps.repos.organisations.listForGroup(group.id);
  }

  addGroup(programme: Programme, input: { groupType: string; name: string }): Partnership {
    return groups.addGroup(this.deps, programme, input);
  }

  addOrganisation(programme: Programme, group: Partnership, name: string): Organisation {
    return groups.addOrganisation(this.deps, programme, group, name);
  }

  setFormat(programme: Programme, key: string | { stepKey: string; partnershipId: string | null }, change: FormatChange): FormatOutcome {
    return setFormat(this.deps, programme, key, change);
  }

  swapPairing(programme: Programme, swap: PairingSwap): ActivityChange[] {
    return swapPairing(this.deps, programme, swap);
  }

  previewMove(programme: Programme, move: ActivityOverride, following = false): MovePreview {
    return moves.previewMove(this.deps, programme, move, following);
  }

  applyMove(programme: Programme, move: ActivityOverride, following = false): ActivityChange[] {
    return moves.applyMove(this.deps, programme, move, following);
  }

  cancelOccurrence(programme: Programme, ref: OccurrenceRef, following = false): ActivityChange[] {
    return moves.cancelOccurrence(this.deps, programme, ref, following);
  }

  planVersion(programme: Programme): string {
    return plan.planVersion(this.deps, programme);
  }

  replan(programme: Programme, template: Template): ActivityChange[] {
    return plan.replan(this.deps, programme, template);
  }

  templateOf(programme: Programme): Template {
    return plan.templateOf(this.deps, programme);
  }

  template(id: string, scope?: TemplateScope): Template {
    return plan.templateById(this.deps, id, scope);
  }

  planInput(programme: Programme, template: Template, now?: Date): PlanInput {
    return plan.planInput(this.deps, programme, template, now);
  }
}
