import type { Activity, Programme } from '../domain/entities.ts';
import type { Locale } from '../domain/text.ts';
import type { DeliveryTarget } from '../outbox/types.ts';
import type { MemberWithDm } from '../store/programmes.ts';

/** The members a reminder may go to directly; the scheduler reads only these, not whole member lists. */
export interface RecipientMembers {
  consultants(): MemberWithDm[];
  cultureStaff(partnershipId: string): MemberWithDm[];
}

/** RecipientMembers over a programme's member list that is already in memory. */
export function membersIn(members: MemberWithDm[]): RecipientMembers {
  return {
    consultants: () => members.filter((m) => m.role === 'consultant'),
    cultureStaff: (partnershipId) => members.filter((m) => m.role === 'culture_staff' && m.partnershipId === partnershipId),
  };
}

export interface Recipient {
  target: DeliveryTarget;
  /** Stable part of the idempotency key. */
  key: string;
  locale: Locale;
}

/**
 * Who hears about an activity: workshops in the shared channel, partnership activities in the
 * partnership's channel (and the paired partnership's, for trial 2 and its dialogue), the cultural
 * institution's own work to its staff directly, the consultant's tasks to the consultant directly.
 */
export function recipientsFor(activity: Activity, programme: Programme, members: RecipientMembers): Recipient[] {
  const direct = (m: MemberWithDm): Recipient => ({
    target: { type: 'member', id: m.id },
    key: `member:${m.id}`,
    locale: m.locale ?? programme.locale,
  });
  const channel = (type: 'programme' | 'partnership', id: string): Recipient => ({
    target: { type, id },
    key: `${type}:${id}`,
    locale: programme.locale,
  });
  // Addressed audiences (groups, networks, tracks): the recipients work of issue 13.
  if (typeof activity.audience !== 'string') return [];
  switch (activity.audience) {
    case 'all':
      return [channel('programme', programme.id)];
    case 'consultant':
      return members.consultants().map(direct);
    case 'cultural_institution':
      return activity.partnershipId ? members.cultureStaff(activity.partnershipId).map(direct) : [];
    case 'with_children':
    case 'without_children': {
      const ids = [activity.partnershipId, activity.pairedPartnershipId].filter((id): id is string => !!id);
      return ids.map((id) => channel('partnership', id));
    }
  }
}
