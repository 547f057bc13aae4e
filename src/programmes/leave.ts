import type { Programme } from '../domain/entities.ts';
import { ActionRepository, type MeetingAction } from '../actions/repository.ts';
import { EvaluationRepository } from '../evaluations/repository.ts';
import type { DeliveryRepository } from '../outbox/repository.ts';
import { channelCreationKey } from '../outbox/resolver.ts';
import type { ChatPlatform } from '../platform/port.ts';
import type { Db } from '../store/db.ts';
import type { MemberRepository, MemberWithDm, PartnershipRepository, ProgrammeRepository } from '../store/programmes.ts';

/** What leaving needs of the core (a subset of Core, so this file does not import the composition root). */
export interface LeaveDeps {
  db: Db;
  repos: { programmes: ProgrammeRepository; members: MemberRepository; partnerships: PartnershipRepository; deliveries: DeliveryRepository };
  clock: { now(): Date };
  transaction: <T>(fn: () => T) => T;
  platforms: ReadonlyMap<string, ChatPlatform>;
}

/** What a person's leaving takes away, for the consultant's preview and answer. */
export interface LeaveSummary {
  /** The memberships that end: the group's name (null: the programme itself, e.g. a consultant row). */
  memberships: { memberId: string; group: string | null }[];
  /** Open actions they own, which become "uden ejer". */
  ownerless: MeetingAction[];
  /** Questions on evaluation forms still open that they had not answered, which are withdrawn. */
  withdrawnPrompts: number;
}

export interface LeaveOutcome extends LeaveSummary {
  /** Direct messages to them that had not gone out yet and now will not. */
  withdrawnMessages: number;
  /**
   * The channels they leave: `removed` when the platform can take them out (queued in the outbox),
   * `yours` when it cannot (the consultant changes that), `none` when they were in no channel of ours.
   */
  channels: 'removed' | 'yours' | 'none';
}

/** What leaving these memberships would do, changing nothing. */
export function previewLeave(deps: LeaveDeps, programme: Programme, members: MemberWithDm[]): LeaveSummary {
  const now = deps.clock.now();
  const evaluations = new EvaluationRepository(deps.db);
  const ids = new Set(members.map((m) => m.id));
  return {
    memberships: members.map((m) => ({ memberId: m.id, group: m.partnershipId ? (deps.repos.partnerships.get(m.partnershipId)?.name ?? null) : null })),
    ownerless: new ActionRepository(deps.db).openForProgramme(programme.id).filter((a) => a.ownerMemberId && ids.has(a.ownerMemberId)),
    withdrawnPrompts: members.reduce((n, m) => n + evaluations.openUnanswered(m.id, now), 0),
  };
}

/**
 * A person leaves some or all of their groups, in one transaction: their pending direct messages are
 * withdrawn, unanswered questions withdrawn (answers given stay, without a name), the member rows go,
 * and the foreign keys leave their open actions without an owner. The group's channel is not told:
 * people leave quietly. Memberships already gone (a second click) are left out.
 */
export function leave(deps: LeaveDeps, programme: Programme, memberIds: string[]): LeaveOutcome {
  return deps.transaction(() => {
    const members = memberIds.map((id) => deps.repos.members.get(id)).filter((m): m is MemberWithDm => !!m && m.programmeId === programme.id);
    const summary = previewLeave(deps, programme, members);
    const now = deps.clock.now();
    const evaluations = new EvaluationRepository(deps.db);
    const channels = removeFromChannels(deps, programme, members, now);
    let withdrawnMessages = 0;
    for (const m of members) {
      withdrawnMessages += deps.repos.deliveries.withdrawPendingToMember(programme.id, m.id);
      evaluations.withdrawForLeaving(m.id, now);
      deps.repos.members.remove(m.id);
    }
    return { ...summary, withdrawnMessages, channels };
  });
}

/**
 * Takes the person out of the channels of the groups they leave, and of the programme's channel when
 * they leave it altogether (`medlem` invited them to both), through the outbox like every platform call.
 */
function removeFromChannels(deps: LeaveDeps, programme: Programme, members: MemberWithDm[], now: Date): LeaveOutcome['channels'] {
  const userRef = members.find((m) => m.userRef)?.userRef;
  if (!userRef) return 'none';
  const leaving = new Set(members.map((m) => m.id));
  const staying = deps.repos.members.listForProgramme(programme.id).some((m) => m.userRef === userRef && !leaving.has(m.id));
  // Invitations not sent yet are withdrawn: a person added and removed at once is never invited.
  for (const m of members) {
    deps.repos.deliveries.withdrawPending(`invite:member:${m.id}:partnership`, '');
    if (!staying) deps.repos.deliveries.withdrawPending(`invite:member:${m.id}:programme`, '');
  }
  const groups = new Set(members.flatMap((m) => (m.partnershipId ? [m.partnershipId] : [])));
  const targets: { type: 'programme' | 'partnership'; id: string }[] = [...groups].map((id) => ({ type: 'partnership', id }));
  if (!staying) targets.push({ type: 'programme', id: programme.id });
  // Only channels that exist or are being made: a group type without a channel has nothing to leave.
  const withChannel = targets.filter((t) => hasChannel(deps, t));
  if (withChannel.length === 0) return 'none';
  if (!deps.platforms.get(programme.platform)?.removeMembers) return 'yours';
  for (const target of withChannel) {
    deps.repos.deliveries.enqueue(
      {
        // The time makes a second leaving (after joining again) a new delivery.
        idempotencyKey: `remove:${target.type}:${target.id}:${userRef}:${now.toISOString()}`,
        platform: programme.platform,
        workspaceId: programme.workspaceId,
        programmeId: programme.id,
        target,
        payload: { op: 'remove', userRefs: [userRef] },
      },
      now,
    );
  }
  return 'removed';
}

function hasChannel(deps: LeaveDeps, target: { type: 'programme' | 'partnership'; id: string }): boolean {
  const entity = target.type === 'programme' ? deps.repos.programmes.get(target.id) : deps.repos.partnerships.get(target.id);
  if (entity?.channelRef) return true;
  const creation = deps.repos.deliveries.byKey(channelCreationKey(target));
  return !!creation && creation.status !== 'failed';
}
