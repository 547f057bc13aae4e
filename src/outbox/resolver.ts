import type { ChatPlatform } from '../platform/port.ts';
import type { MemberRepository, PartnershipRepository, ProgrammeRepository } from '../store/programmes.ts';
import type { Resolved, TargetResolver } from './dispatcher.ts';
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
    const target = delivery.target;
    switch (target.type) {
      case 'channel':
        return { channelRef: target.channelRef };
      case 'member':
        return this.directChannel(delivery.workspaceId, target.id, platform);
      case 'programme':
      case 'partnership':
        // Creating the channel needs no channel; everything else waits for it.
        if (delivery.payload.op === 'create_channel') return { channelRef: '' };
        return this.sharedChannel(target);
    }
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
