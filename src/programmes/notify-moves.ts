import type { Clock } from '../clock.ts';
import type { Programme } from '../domain/entities.ts';
import type { Template } from '../domain/template.ts';
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
  const moved = changes.filter((c) => c.previousStartsAt !== null && c.activity.startsAt > now.toISOString());
  if (moved.length === 0) return;
  const members = membersIn(deps.repos.members.listForProgramme(programme.id));
  const partnerships = new Map(deps.repos.partnerships.listForProgramme(programme.id).map((p) => [p.id, p]));
  const byRecipient = new Map<string, { recipient: Recipient; changes: ActivityChange[] }>();
  for (const change of moved) {
    if (change.activity.audience === 'consultant') continue;
    for (const recipient of noticeRecipients(change, programme, members, [...partnerships.keys()])) {
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

/** Who a reminder goes to, and every partnership channel the activity is a date of. */
function noticeRecipients(change: ActivityChange, programme: Programme, members: RecipientMembers, partnershipIds: string[]): Recipient[] {
  const { activity } = change;
  const recipients = recipientsFor(activity, programme, members);
  const concerned = activity.partnershipId === null ? partnershipIds : [activity.partnershipId, activity.pairedPartnershipId];
  for (const id of concerned) {
    if (!id || recipients.some((r) => r.key === `partnership:${id}`)) continue;
    recipients.push({ target: { type: 'partnership', id }, key: `partnership:${id}`, locale: programme.locale });
  }
  return recipients;
}

/** A partnership's channel reads exchange days from its side; anyone else gets the partnership's name. */
function viewpointOf(recipient: Recipient): string | null {
  return recipient.target.type === 'partnership' ? recipient.target.id : null;
}
