import type { Clock } from '../clock.ts';
import type { Member, Partnership, Programme } from '../domain/entities.ts';
import { groupTypesOf, type Template } from '../domain/template.ts';
import { pick } from '../domain/text.ts';
import { memberWelcome, partnershipWelcome, programmeWelcome } from '../messages/welcome.ts';
import { groupMemberWelcome, groupWelcome } from '../messages/group-welcome.ts';
import { channelCreationKey } from '../outbox/resolver.ts';
import type { NewDelivery } from '../outbox/types.ts';
import type { Repositories } from '../app.ts';
import type { StoredActivity } from '../store/activities.ts';
import { partnershipChannelName, partnershipPurpose, programmePurpose } from './channel-names.ts';

interface SetupDeps {
  repos: Repositories;
  clock: Clock;
}

/**
 * Channel creation, invitations and the welcome go through the outbox like every other platform call,
 * so setting up fifty partnerships under a platform's rate limit only takes longer. Invitations and
 * the welcome wait in the outbox until the channel exists.
 */
export function enqueueProgrammeSetup(deps: SetupDeps, programme: Programme, template: Template): void {
  const target = { type: 'programme' as const, id: programme.id };
  const enqueue = enqueuer(deps, programme);
  enqueue(channelCreationKey(target), target, {
    op: 'create_channel',
    name: programme.name,
    topic: pick(template.name, programme.locale),
    // The purpose names the programme: an adapter adopts a channel from a lost earlier attempt only by it.
    purpose: programmePurpose(programme, pick(template.description, programme.locale)),
  });
  const consultants = deps.repos.members.listForProgramme(programme.id).filter((m) => m.role === 'consultant' && m.userRef);
  enqueue(`invite:programme:${programme.id}:consultants`, target, { op: 'invite', userRefs: consultants.map((m) => m.userRef!) });
  const message = programmeWelcome({
    programme,
    template,
    partnerships: [],
    activities: deps.repos.activities.listForProgramme(programme.id).filter(isForTheSharedChannel),
    locale: programme.locale,
    now: deps.clock.now().toISOString(),
  });
  enqueue(`welcome:programme:${programme.id}`, target, { op: 'post', message });
}

/**
 * What the shared channel's welcome lists: Små Partnerskaber's workshops for all, and a shaped template's
 * steps for the whole programme (a seminar for all networks), not those told to people directly.
 */
function isForTheSharedChannel(a: StoredActivity): boolean {
  if (a.partnershipId !== null) return false;
  return typeof a.audience === 'string' ? a.audience === 'all' : a.audience.to === 'programme' && !a.audience.direct;
}

export function enqueuePartnershipSetup(deps: SetupDeps, programme: Programme, template: Template, partnership: Partnership): void {
  const { repos } = deps;
  const target = { type: 'partnership' as const, id: partnership.id };
  const enqueue = enqueuer(deps, programme);
  enqueue(channelCreationKey(target), target, {
    op: 'create_channel',
    // The partnership's name survives any shortening; the purpose names this partnership alone.
    name: partnershipChannelName(programme.name, partnership.name),
    topic: `${partnership.culturalInstitution} + ${partnership.daycare}`,
    purpose: partnershipPurpose(programme, partnership),
  });
  const members = repos.members.listForPartnership(partnership.id);
  const consultants = repos.members.listForProgramme(programme.id).filter((m) => m.role === 'consultant');
  const userRefs = [...members, ...consultants].map((m) => m.userRef).filter((u): u is string => !!u);
  enqueue(`invite:partnership:${partnership.id}`, target, { op: 'invite', userRefs: [...new Set(userRefs)] });
  // The shared channel is for all partnerships: bring the new members in there too.
  const newInShared = members.map((m) => m.userRef).filter((u): u is string => !!u);
  if (newInShared.length > 0) {
    enqueue(`invite:programme:${programme.id}:partnership:${partnership.id}`, { type: 'programme', id: programme.id }, { op: 'invite', userRefs: newInShared });
  }
  enqueue(partnershipWelcomeKey(partnership), target, { op: 'post', message: partnershipWelcomeMessage(deps, programme, template, partnership) });
  for (const member of members) enqueueMemberWelcome(deps, programme, template, partnership, member);
}

/** Whether the bot makes a channel for groups of this type (a template may keep a type in DMs only). */
export function hasChannel(template: Template, group: Partnership): boolean {
  return groupTypesOf(template).find((t) => t.key === group.groupType)?.channel ?? true;
}

/**
 * Any group: a partnership of Små Partnerskaber as before (channel, invitations, welcomes); a network,
 * track or steering group gets its channel (if its type has one) with its members and the consultants,
 * and its members are brought into the shared channel.
 */
export function enqueueGroupSetup(deps: SetupDeps, programme: Programme, template: Template, group: Partnership): void {
  if (group.groupType === 'partnership' && group.culturalInstitution && group.daycare) {
    enqueuePartnershipSetup(deps, programme, template, group);
    return;
  }
  const { repos } = deps;
  const enqueue = enqueuer(deps, programme);
  const members = repos.members.listForPartnership(group.id);
  const type = groupTypesOf(template).find((t) => t.key === group.groupType);
  if (hasChannel(template, group)) {
    const target = { type: 'partnership' as const, id: group.id };
    enqueue(channelCreationKey(target), target, {
      op: 'create_channel',
      name: partnershipChannelName(programme.name, group.name),
      topic: type ? pick(type.name, programme.locale) : group.name,
      purpose: partnershipPurpose(programme, group),
    });
    const consultants = repos.members.listForProgramme(programme.id).filter((m) => m.role === 'consultant');
    const userRefs = [...members, ...consultants].map((m) => m.userRef).filter((u): u is string => !!u);
    enqueue(`invite:partnership:${group.id}`, target, { op: 'invite', userRefs: [...new Set(userRefs)] });
    // The channel's first message: what the group is, its roles with their hours, and what comes next.
    enqueue(partnershipWelcomeKey(group), target, { op: 'post', message: groupWelcome({ ...groupWelcomeInput(deps, programme, template, group), members }) });
  }
  const inShared = members.map((m) => m.userRef).filter((u): u is string => !!u);
  if (inShared.length > 0) {
    enqueue(`invite:programme:${programme.id}:partnership:${group.id}`, { type: 'programme', id: programme.id }, { op: 'invite', userRefs: inShared });
  }
}

export const partnershipWelcomeKey = (partnership: Partnership): string => `welcome:partnership:${partnership.id}`;
export const memberWelcomeKey = (member: Member): string => `welcome:member:${member.id}`;

/** The activities a partnership takes part in: its own, the exchange days it visits, the workshops. */
function partnershipActivities(deps: SetupDeps, programme: Programme, partnership: Partnership) {
  return deps.repos.activities
    .listForProgramme(programme.id)
    .filter((a) => a.partnershipId === partnership.id || a.pairedPartnershipId === partnership.id || a.audience === 'all');
}

export function partnershipWelcomeMessage(deps: SetupDeps, programme: Programme, template: Template, partnership: Partnership) {
  return partnershipWelcome({
    programme,
    template,
    partnership,
    members: deps.repos.members.listForPartnership(partnership.id),
    activities: partnershipActivities(deps, programme, partnership),
    partnerships: deps.repos.partnerships.listForProgramme(programme.id),
    locale: programme.locale,
    now: deps.clock.now().toISOString(),
  });
}

export function memberWelcomeMessage(deps: SetupDeps, programme: Programme, template: Template, partnership: Partnership, member: Member) {
  return memberWelcome({
    programme,
    template,
    partnership,
    member: { ...member, dmRef: null },
    activities: partnershipActivities(deps, programme, partnership),
    partnerships: deps.repos.partnerships.listForProgramme(programme.id),
    locale: member.locale ?? programme.locale,
    now: deps.clock.now().toISOString(),
  });
}

/**
 * Each member also hears privately what their role and expected hours are: the channel welcome is for
 * the partnership, this one is theirs (and reaches them even before they open the channel).
 */
function enqueueMemberWelcome(deps: SetupDeps, programme: Programme, template: Template, partnership: Partnership, member: Member): void {
  if (!member.userRef) return;
  const message = memberWelcomeMessage(deps, programme, template, partnership, member);
  enqueuer(deps, programme)(memberWelcomeKey(member), { type: 'member', id: member.id }, { op: 'post', message });
}

/** A member added later: invited to the partnership's channel and the shared one, and welcomed. */
export function enqueueMemberInvites(deps: SetupDeps, programme: Programme, partnership: Partnership, member: Member, template?: Template): void {
  if (!member.userRef) return;
  const enqueue = enqueuer(deps, programme);
  // A group whose type has no channel has nothing to invite to; the shared channel is everyone's.
  if (!template || hasChannel(template, partnership)) {
    enqueue(`invite:member:${member.id}:partnership`, { type: 'partnership', id: partnership.id }, { op: 'invite', userRefs: [member.userRef] });
  }
  enqueue(`invite:member:${member.id}:programme`, { type: 'programme', id: programme.id }, { op: 'invite', userRefs: [member.userRef] });
  if (!template) return;
  if (partnership.culturalInstitution && partnership.daycare) {
    enqueueMemberWelcome(deps, programme, template, partnership, member);
    return;
  }
  // A network, a track, the steering group: the person's role, organisation, hours and activities.
  const message = groupMemberWelcome({ ...groupWelcomeInput(deps, programme, template, partnership), member: { ...member, dmRef: null }, locale: member.locale ?? programme.locale });
  enqueue(memberWelcomeKey(member), { type: 'member', id: member.id }, { op: 'post', message });
}

function groupWelcomeInput(deps: SetupDeps, programme: Programme, template: Template, group: Partnership) {
  return {
    programme,
    template,
    group,
    activities: deps.repos.activities.listForProgramme(programme.id),
    organisations: deps.repos.organisations.listForGroup(group.id),
    locale: programme.locale,
    now: deps.clock.now().toISOString(),
  };
}

function enqueuer(deps: SetupDeps, programme: Programme) {
  return (key: string, target: NewDelivery['target'], payload: NewDelivery['payload']): void => {
    deps.repos.deliveries.enqueue(
      { idempotencyKey: key, platform: programme.platform, workspaceId: programme.workspaceId, programmeId: programme.id, target, payload },
      deps.clock.now(),
    );
  };
}
