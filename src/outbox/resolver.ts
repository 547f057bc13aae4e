import type { ChatPlatform } from '../platform/port.ts';
import type { MemberRepository, PartnershipRepository, ProgrammeRepository } from '../store/programmes.ts';
import type { BatchResolver, Resolved, TargetResolver } from './dispatcher.ts';
import type { DeliveryRepository } from './repository.ts';
import type { Delivery, DeliveryTarget } from './types.ts';

/** The idempotency key of the delivery that creates a programme's or partnership's channel. */
export function channelCreationKey(target: { type: 'programme' | 'partnership'; id: string }): string {
  return `channel:${target.type}:${target.id}`;
}

/** Resolves symbolic targets to platform channels through the store. */
export class StoreTargetResolver implements TargetResolver {
  constructor(
    private readonly repos: {
      programmes: ProgrammeRepository;
      partnerships: PartnershipRepository;
      members: MemberRepository;
      deliveries: DeliveryRepository;
    },
  ) {}

  async resolve(delivery: Delivery, platform: ChatPlatform): Promise<Resolved> {
    return this.resolveWith(delivery, platform, NOTHING_KNOWN);
  }

  /**
   * Reads the channels a claimed batch goes to: one statement per kind of target. Outside a
   * transaction every SELECT is a read transaction of its own on the WAL (8-17 µs each); one look-up
   * per delivery was about a third of dispatching 900 posts (profiled, issue #16).
   *
   * Only channels that exist are kept. A programme's or partnership's channel and a member's direct
   * conversation are recorded once, by their creation, and never change, so one read at the claim is
   * the answer a read at the send would give; anything else (no channel or conversation yet, a target
   * gone) is looked up again when its delivery's turn comes, so a channel created earlier in the same
   * batch is still found. As before, a target deleted after its look-up is not noticed by that send.
   */
  forBatch(batch: readonly Delivery[]): BatchResolver {
    const ids = { member: new Set<string>(), programme: new Set<string>(), partnership: new Set<string>() };
    for (const { target, payload } of batch) {
      if (target.type !== 'channel' && payload.op !== 'create_channel') ids[target.type].add(target.id);
    }
    const known = {
      member: this.repos.members.dmRefs([...ids.member]),
      programme: this.repos.programmes.channelRefs([...ids.programme]),
      partnership: this.repos.partnerships.channelRefs([...ids.partnership]),
    };
    return { resolve: (delivery, platform) => this.resolveWith(delivery, platform, known) };
  }

  private async resolveWith(delivery: Delivery, platform: ChatPlatform, known: KnownChannels): Promise<Resolved> {
    const target = delivery.target;
    if (target.type === 'channel') return { channelRef: target.channelRef };
    // Creating the channel needs no channel; everything else waits for it.
    if (delivery.payload.op === 'create_channel' && target.type !== 'member') return { channelRef: '' };
    const channelRef = known[target.type].get(target.id);
    if (channelRef) return { channelRef };
    if (target.type === 'member') return this.directChannel(delivery.workspaceId, target.id, platform);
    return this.sharedChannel(target);
  }

  channelCreated(target: DeliveryTarget, channelRef: string): void {
    if (target.type === 'programme') this.repos.programmes.setChannelRef(target.id, channelRef);
    if (target.type === 'partnership') this.repos.partnerships.setChannelRef(target.id, channelRef);
  }

  private sharedChannel(target: { type: 'programme' | 'partnership'; id: string }): Resolved {
    const entity = target.type === 'programme' ? this.repos.programmes.get(target.id) : this.repos.partnerships.get(target.id);
    if (!entity) return { fail: `${target.type} ${target.id} no longer exists` };
    if (entity.channelRef) return { channelRef: entity.channelRef };
    const creation = this.repos.deliveries.byKey(channelCreationKey(target));
    if (!creation) return { fail: `no channel is planned for ${target.type} "${entity.name}"` };
    if (creation.status === 'failed') return { fail: `the channel for "${entity.name}" could not be created: ${creation.lastError}` };
    // A creation that waits for its pace slot says when to look again; until then nothing can go.
    const notBefore = creation.status === 'pending' ? creation.nextAttemptAt : undefined;
    return { wait: `waiting for the channel of "${entity.name}"`, notBefore };
  }

  private async directChannel(workspaceId: string, memberId: string, platform: ChatPlatform): Promise<{ channelRef: string } | { fail: string }> {
    const member = this.repos.members.get(memberId);
    if (!member) return { fail: `member ${memberId} no longer exists` };
    if (member.dmRef) return { channelRef: member.dmRef };
    if (!member.userRef) return { fail: `${member.displayName} has no user on the platform yet` };
    const { channelRef } = await platform.openDirect({ workspaceId, userRef: member.userRef });
    this.repos.members.setDmRef(member.id, channelRef);
    return { channelRef };
  }
}

/** Channels read ahead for a batch, by target kind and id. */
type KnownChannels = Record<'member' | 'programme' | 'partnership', ReadonlyMap<string, string>>;

const NOTHING_KNOWN: KnownChannels = { member: new Map(), programme: new Map(), partnership: new Map() };
