import type { Clock } from '../clock.ts';
import type { Programme } from '../domain/entities.ts';
import { groupTypesOf, isProgrammeWide, type Template } from '../domain/template.ts';
import type { Partnership } from '../domain/entities.ts';
import type { MemberWithDm } from '../store/programmes.ts';
import type { Repositories } from '../app.ts';
import { movedMessage } from '../messages/moved.ts';
import { membersIn, recipientsFor, type Recipient, type RecipientMembers } from '../scheduler/recipients.ts';
import type { ActivityChange } from '../store/activities.ts';
import { digest } from '../util/digest.ts';

/**
 * After a move, everyone affected hears about it once: one message per channel or person listing all
 * their moved activities. A partnership's channel hears every date of the partnership that changed (the
 * workshops, its visits and dialogues, and the cultural institution's deadlines), not only what its
 * reminders go to. The consultant who moved them already saw the preview.
 */
export function enqueueMoveNotices(deps: { repos: Repositories; clock: Clock }, programme: Programme, template: Template, changes: ActivityChange[]): void {
  const now = deps.clock.now();
  // Still without a date (a step waiting for a window's date): its provisional date was never shown, so nothing to tell.
  const moved = changes.filter((c) => c.previousStartsAt !== null && !c.activity.undated && c.activity.startsAt > now.toISOString());
  if (moved.length === 0) return;
  const people = deps.repos.members.listForProgramme(programme.id);
  const members = membersIn(people);
  const partnerships = new Map(deps.repos.partnerships.listForProgramme(programme.id).map((p) => [p.id, p]));
  const withChannel = groupsWithChannel(template, [...partnerships.values()]);
  const byRecipient = new Map<string, { recipient: Recipient; changes: ActivityChange[] }>();
  for (const change of moved) {
    if (change.activity.audience === 'consultant') continue;
    for (const recipient of noticeRecipients(change, programme, members, withChannel, people)) {
      const entry = byRecipient.get(recipient.key) ?? { recipient, changes: [] };
      entry.changes.push(change);
      byRecipient.set(recipient.key, entry);
    }
  }
  for (const { recipient, changes: own } of byRecipient.values()) {
    deps.repos.deliveries.enqueue(
      {
        idempotencyKey: `moved:${recipient.key}:${digest(own.map((c) => `${c.activity.id}@${c.activity.revision}`))}`,
        platform: programme.platform,
        workspaceId: programme.workspaceId,
        programmeId: programme.id,
        target: recipient.target,
        payload: { op: 'post', message: movedMessage(programme, template, own, partnerships, recipient.locale, viewpointOf(recipient)) },
      },
      now,
    );
  }
}

/** The ids of the groups that have a channel (a type with `channel: false`, such as a steering group kept in DMs, has none). */
export function groupsWithChannel(template: Template, groups: Partnership[]): string[] {
  const without = new Set(groupTypesOf(template).filter((t) => !t.channel).map((t) => t.key));
  return groups.filter((g) => !without.has(g.groupType)).map((g) => g.id);
}

/**
 * Who a reminder goes to, every group channel the activity is a date of, and for a pairing between
 * organisations the people of both (all) sides directly.
 */
export function noticeRecipients(change: ActivityChange, programme: Programme, members: RecipientMembers, partnershipIds: string[], people: MemberWithDm[] = []): Recipient[] {
  const { activity } = change;
  const recipients = recipientsFor(activity, programme, members);
  const add = (recipient: Recipient) => {
    if (!recipients.some((r) => r.key === recipient.key)) recipients.push(recipient);
  };
  // An addressed audience for the whole programme is heard in the shared channel.
  if (typeof activity.audience !== 'string' && isProgrammeWide(activity.audience) && !activity.audience.direct) {
    add({ target: { type: 'programme', id: programme.id }, key: `programme:${programme.id}`, locale: programme.locale });
  }
  const concerned = activity.partnershipId === null ? partnershipIds : [activity.partnershipId, activity.pairedPartnershipId];
  for (const id of concerned) {
    if (!id || !partnershipIds.includes(id)) continue;
    add({ target: { type: 'partnership', id }, key: `partnership:${id}`, locale: programme.locale });
  }
  for (const member of people) {
    if (!member.organisationId || !activity.pairedOrganisationIds.includes(member.organisationId)) continue;
    add({ target: { type: 'member', id: member.id }, key: `member:${member.id}`, locale: member.locale ?? programme.locale });
  }
  return recipients;
}

/** A partnership's channel reads exchange days from its side; anyone else gets the partnership's name. */
function viewpointOf(recipient: Recipient): string | null {
  return recipient.target.type === 'partnership' ? recipient.target.id : null;
}
