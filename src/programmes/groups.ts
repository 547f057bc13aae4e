import type { Member, Organisation, Partnership, Programme } from '../domain/entities.ts';
import { UserError } from '../domain/errors.ts';
import { groupTypesOf, type Role } from '../domain/template.ts';
import { pick, type Locale } from '../domain/text.ts';
import { checkLength, LABELS, TEXT_LIMITS } from '../commands/limits.ts';
import { onePerPerson, samePerson, type MemberOutcome } from './members.ts';
import { enqueuePairingNotices, exchangePairs } from './notify-pairings.ts';
import { enqueueGroupSetup, enqueueMemberInvites, enqueuePartnershipSetup } from './setup.ts';
import { enqueuePairingAnnouncement } from './announce-pairings.ts';
import { replan, setupDeps, templateOf, type ServiceDeps } from './programme-plan.ts';

// The consultant's additions to a programme: partnerships, groups of the template's types,
// organisations (municipalities) in them, and the people of each.

const GROUP_NAME = { da: 'Gruppens navn', en: "The group's name", neuter: true } as const;
const ORGANISATION_NAME = { da: 'Organisationens navn', en: "The organisation's name", neuter: true } as const;

export interface NewMember {
  role: Role;
  userRef: string | null;
  email: string | null;
  displayName: string;
  locale?: Locale | null;
  /** For groups of organisations: the organisation (municipality) the person speaks for. */
  organisationId?: string | null;
}

export function addPartnership(
  deps: ServiceDeps,
  programme: Programme,
  input: { name: string; culturalInstitution: string; daycare: string; members: NewMember[] },
): Partnership {
  const template = templateOf(deps, programme);
  const { repos, transaction } = deps;
  checkLength(input.name, TEXT_LIMITS.name, LABELS.partnershipName);
  checkLength(input.culturalInstitution, TEXT_LIMITS.name, LABELS.culturalInstitution);
  checkLength(input.daycare, TEXT_LIMITS.name, LABELS.daycare);
  if (repos.partnerships.findByName(programme.id, input.name)) {
    throw new UserError('partnership_exists', {
      da: `Partnerskabet «${input.name}» findes allerede i ${programme.name}.`,
      en: `The partnership “${input.name}” already exists in ${programme.name}.`,
    });
  }
  return transaction(() => {
    const partnership = repos.partnerships.insert({
      programmeId: programme.id,
      name: input.name,
      culturalInstitution: input.culturalInstitution,
      daycare: input.daycare,
      keywords: [],
    });
    for (const m of onePerPerson(input.members)) insertMember(deps, programme, partnership.id, m);
    const pairsBefore = exchangePairs(repos, programme.id);
    replan(deps, programme, template);
    enqueuePartnershipSetup(setupDeps(deps), programme, template, partnership);
    enqueuePairingNotices(setupDeps(deps), programme, template, pairsBefore, partnership);
    return partnership;
  });
}

/**
 * Adds someone to an existing partnership and invites them to its channel and the shared one. Someone
 * already there is not added again (no second row, invitation or welcome); asked with another role,
 * their role changes.
 */
export function addMemberToPartnership(deps: ServiceDeps, programme: Programme, partnership: Partnership, member: NewMember): MemberOutcome {
  const { repos, transaction } = deps;
  checkOrganisation(deps, partnership, member.organisationId);
  return transaction(() => {
    const existing = repos.members.listForPartnership(partnership.id).find((m) => samePerson(m, member));
    // Named again with an organisation: they now speak for it (a role change is reported; this is not news).
    if (existing && member.organisationId !== undefined && member.organisationId !== existing.organisationId) {
      repos.members.setOrganisation(existing.id, member.organisationId);
    }
    if (existing && existing.role === member.role) return { kind: 'unchanged', member: existing };
    if (existing) {
      repos.members.setRole(existing.id, member.role);
      return { kind: 'role_changed', member: { ...existing, role: member.role }, previousRole: existing.role };
    }
    const added = insertMember(deps, programme, partnership.id, member);
    enqueueMemberInvites(setupDeps(deps), programme, partnership, added, templateOf(deps, programme));
    return { kind: 'added', member: added };
  });
}

/**
 * Adds a group of one of the template's types (a network, a track, another partnership). Refuses a
 * type the template does not have, naming those it has, and a name the programme already uses.
 */
export function addGroup(deps: ServiceDeps, programme: Programme, input: { groupType: string; name: string }): Partnership {
  const template = templateOf(deps, programme);
  const { repos, transaction } = deps;
  const types = groupTypesOf(template);
  if (!types.some((t) => t.key === input.groupType)) {
    const known = types.map((t) => `${t.key} (${pick(t.name, 'da')})`).join(', ');
    const knownEn = types.map((t) => `${t.key} (${pick(t.name, 'en')})`).join(', ');
    throw new UserError('unknown_group_type', {
      da: `Skabelonen har ingen gruppetype «${input.groupType}». Gruppetyper: ${known}.`,
      en: `The template has no group type “${input.groupType}”. Group types: ${knownEn}.`,
    });
  }
  checkLength(input.name, TEXT_LIMITS.name, GROUP_NAME);
  if (repos.partnerships.findByName(programme.id, input.name)) {
    throw new UserError('group_exists', {
      da: `Gruppen «${input.name}» findes allerede i ${programme.name}.`,
      en: `The group “${input.name}” already exists in ${programme.name}.`,
    });
  }
  return transaction(() => {
    const group = repos.partnerships.insert({
      programmeId: programme.id,
      name: input.name,
      groupType: input.groupType,
      templateKey: null,
      culturalInstitution: null,
      daycare: null,
      keywords: [],
    });
    const pairsBefore = exchangePairs(repos, programme.id);
    replan(deps, programme, template);
    enqueueGroupSetup(setupDeps(deps), programme, template, group);
    enqueuePairingNotices(setupDeps(deps), programme, template, pairsBefore, group);
    return group;
  });
}

/** Adds an organisation (a municipality) to a group whose type holds organisations. */
export function addOrganisation(deps: ServiceDeps, programme: Programme, group: Partnership, name: string): Organisation {
  const template = templateOf(deps, programme);
  const { repos, transaction } = deps;
  const type = groupTypesOf(template).find((t) => t.key === group.groupType);
  if (!type?.organisations) {
    throw new UserError('no_organisations', {
      da: `${group.name} er ${type ? `en gruppe af typen «${pick(type.name, 'da')}», som` : 'en gruppe, der'} ikke har organisationer.`,
      en: `${group.name} is ${type ? `a group of type “${pick(type.name, 'en')}”, which has` : 'a group with'} no organisations.`,
    });
  }
  checkLength(name, TEXT_LIMITS.name, ORGANISATION_NAME);
  if (repos.organisations.findByName(group.id, name)) {
    throw new UserError('organisation_exists', {
      da: `${name} er allerede med i ${group.name}.`,
      en: `${name} is already part of ${group.name}.`,
    });
  }
  return transaction(() => {
    const organisation = repos.organisations.insert({ programmeId: programme.id, groupId: group.id, name });
    // The rotation of visits and sparring groups counts the organisations, so the pairs change.
    replan(deps, programme, template);
    enqueuePairingAnnouncement(setupDeps(deps), programme, template, group);
    return organisation;
  });
}

/** An organisation given for a member must be one of the group's. */
function checkOrganisation(deps: ServiceDeps, group: Partnership, organisationId: string | null | undefined): void {
  if (!organisationId) return;
  const organisation = deps.repos.organisations.get(organisationId);
  if (organisation?.groupId === group.id) return;
  throw new UserError('unknown_organisation', {
    da: `Organisationen hører ikke til ${group.name}.`,
    en: `The organisation is not part of ${group.name}.`,
  });
}

function insertMember(deps: ServiceDeps, programme: Programme, partnershipId: string | null, m: NewMember): Member {
  return deps.repos.members.insert({
    programmeId: programme.id,
    partnershipId,
    organisationId: m.organisationId ?? null,
    role: m.role,
    userRef: m.userRef,
    email: m.email,
    displayName: m.displayName,
    locale: m.locale ?? null,
  });
}
