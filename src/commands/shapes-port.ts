import type { Core } from '../app.ts';
import type { Organisation, Partnership, Programme } from '../domain/entities.ts';
import type { Format, Template } from '../domain/template.ts';
import type { MemberOutcome } from '../programmes/members.ts';
import type { NewMember } from '../programmes/service.ts';

/** A new member of a group of organisations names the organisation (the municipality) too. */
export type NewGroupMember = NewMember & { organisationId?: string | null };

/** What `format` and `sted` change; absent fields stay as they are, null clears. */
export interface FormatChange {
  format?: Format | null;
  location?: string | null;
  meetingLink?: string | null;
}

/** A swap of two organisations (or two groups) in one step's pairing. */
export interface PairingSwap {
  stepKey: string;
  /** The group whose organisations are paired; null for pairings between groups. */
  groupId: string | null;
  a: string;
  b: string;
}

/**
 * The part of the programme service the programme-shape commands call (issue #13's contract). The
 * commands depend on this interface, not on ProgrammeService, so they could be written while the
 * service was: ProgrammeService implements it. Every method refuses bad input with a UserError and
 * changes nothing then.
 */
export interface ShapesService {
  /** The template the programme was created with (its stored snapshot). */
  templateOf(programme: Programme): Template;
  /** The programme's groups (partnerships, networks, tracks, named groups), by position. */
  groupsOf(programme: Programme): Partnership[];
  /** The organisations of one group, by position. */
  organisationsOf(programme: Programme, group: Partnership): Organisation[];
  /** Refuses a type the template does not have, listing the template's group types. */
  addGroup(programme: Programme, input: { groupType: string; name: string }): Partnership;
  /** Refuses a group whose type holds no organisations. */
  addOrganisation(programme: Programme, group: Partnership, name: string): Organisation;
  addMemberToPartnership(programme: Programme, group: Partnership, member: NewGroupMember): MemberOutcome;
  /** Sets format, place and link of one activity (by its plan key) and tells the people concerned. */
  setFormat(programme: Programme, activityKey: string, change: FormatChange): unknown;
  /** Swaps two organisations or groups in a step's pairing, re-plans and announces the new pairs. */
  swapPairing(programme: Programme, swap: PairingSwap): unknown;
}

/**
 * The service behind the shape commands. A test may hang its own on `core.shapes`; otherwise the
 * programme service, with what it does not have yet read from the store as before #13 (one template
 * per id, partnerships as the only groups, no organisations).
 * TODO(merger): once ProgrammeService implements ShapesService, return `core.programmes` and drop the fallbacks.
 */
/** The programme service, which implements the port; a test may put its own on `core.shapes`. */
export function shapesService(core: Core): ShapesService {
  return (core as Core & { shapes?: ShapesService }).shapes ?? core.programmes;
}
