/**
 * "Inviting" on Teams: a standard channel is open to everyone in its team, so there is nobody to add.
 * What matters is who is NOT in the team: they cannot see the channel. The roster is read (paged),
 * those missing are recorded per team, and the consultant is told once about each person.
 */
import type { InviteRequest } from '../../src/platform/port.ts';
import { findByChannel } from '../../src/store/programmes.ts';
import { digest } from '../../src/util/digest.ts';
import { notifyConsultants } from './notices.ts';
import { baseConversationId, parseChannelRef } from './refs.ts';
import type { Bound } from './runtime.ts';
import { tt } from './texts.ts';

export async function checkRoster(bound: Bound, request: InviteRequest, nameOf: (userRef: string) => string): Promise<void> {
  const { store, rosters, core } = bound;
  const teamId = teamOfChannel(bound, request.channelRef);
  if (!teamId) return;
  const tenantId = request.workspaceId;
  const roster = await rosters.members(tenantId, teamId);
  for (const m of roster) store.upsertUser(tenantId, { id: m.id, name: m.name, aadObjectId: m.aadObjectId, email: m.email ?? m.userPrincipalName });
  const inTeam = new Set(roster.flatMap((m) => [m.id, m.aadObjectId ?? '']));
  store.clearMissing(teamId, request.userRefs.filter((u) => inTeam.has(u)));
  const fresh = store.recordMissing(teamId, request.userRefs.filter((u) => !inTeam.has(u)));
  const owner = findByChannel(core.db, 'teams', tenantId, request.channelRef);
  if (!owner) return;
  const where = owner.partnershipId ? (core.repos.partnerships.get(owner.partnershipId)?.name ?? '') : (core.repos.programmes.get(owner.programmeId)?.name ?? '');
  const team = store.team(teamId)?.name ?? teamId;
  if (fresh.length > 0) {
    const names = fresh.map(nameOf).join(', ');
    notifyConsultants(core, { programmeId: owner.programmeId, key: `missing:${teamId}:${digest(fresh)}`, text: (locale) => tt(locale, 'missing', { where, team, names }) });
  }
  // People named by an e-mail address Teams did not know: nobody can be checked or mentioned.
  const unknown = owner.partnershipId ? core.repos.members.listForPartnership(owner.partnershipId).filter((m) => !m.userRef) : [];
  if (unknown.length > 0) {
    const names = unknown.map((m) => m.email ?? m.displayName).join(', ');
    notifyConsultants(core, { programmeId: owner.programmeId, key: `notfound:${request.channelRef}:${digest(unknown.map((m) => m.id))}`, text: (locale) => tt(locale, 'notFound', { where, names }) });
  }
}

/** The team of a channel or of a fallback thread's channel; none for a personal chat. */
export function teamOfChannel(bound: Bound, channelRef: string): string | null {
  const target = parseChannelRef(channelRef);
  const conversationId = target.kind === 'thread' ? target.channelId : baseConversationId(target.conversationId);
  return bound.store.conversation(conversationId)?.teamId ?? null;
}
