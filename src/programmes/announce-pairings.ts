import type { Repositories } from '../app.ts';
import type { Clock } from '../clock.ts';
import type { Partnership, Programme } from '../domain/entities.ts';
import type { Template } from '../domain/template.ts';
import { pairingAnnouncement } from '../messages/pairing-announcement.ts';
import { digest } from '../util/digest.ts';
import { groupsWithChannel } from './notify-moves.ts';

/**
 * How long the pairs must stay as they are before the group's channel hears them. A consultant adds a
 * network's municipalities one after the other, and every one changes the rotation: announcing each
 * time would post ten sets of pairs, nine of them wrong. Each addition pushes the announcement on.
 */
export const ANNOUNCE_AFTER_MS = 15 * 60_000;

/**
 * Announces in a group's channel who visits whom (or who sparrs with whom) in each round of the
 * template's pairings between organisations, once the pairs have settled (ANNOUNCE_AFTER_MS). An
 * announcement of earlier pairs still waiting is withdrawn, so only the last one goes out; one already
 * posted stays, and the new pairs follow it. Nothing for a group without a channel or pairings.
 * `onlyReplacing`: update a waiting announcement, but post none if none waits.
 */
export function enqueuePairingAnnouncement(
  deps: { repos: Repositories; clock: Clock },
  programme: Programme,
  template: Template,
  group: Partnership,
  opts: { onlyReplacing?: boolean } = {},
): void {
  const { repos } = deps;
  if (!groupsWithChannel(template, [group]).includes(group.id)) return;
  const rounds = new Set(template.steps.filter((s) => typeof s.pairing === 'object' && s.pairing.between === 'organisations').map((s) => s.key));
  const now = deps.clock.now();
  const activities = repos.activities
    .listForProgramme(programme.id)
    .filter((a) => a.partnershipId === group.id && rounds.has(a.stepKey) && a.pairedOrganisationIds.length > 0 && a.endsAt > now.toISOString());
  const prefix = `pairing-announcement:${group.id}:`;
  const key = `${prefix}${digest(activities.map((a) => `${a.id}=${a.pairedOrganisationIds.join('+')}`))}`;
  const withdrawn = repos.deliveries.withdrawPending(prefix, key);
  // After a swap the changed pairs are told on their own (notify-swaps): only an announcement still
  // waiting is brought up to date, not a second one posted.
  if (activities.length === 0 || (opts.onlyReplacing && withdrawn === 0)) return;
  const message = pairingAnnouncement({
    programme,
    template,
    group,
    organisations: repos.organisations.listForProgramme(programme.id),
    activities,
    locale: programme.locale,
  });
  // Same pairs as an announcement already posted or waiting: the key holds it to one.
  repos.deliveries.enqueue(
    {
      idempotencyKey: key,
      platform: programme.platform,
      workspaceId: programme.workspaceId,
      programmeId: programme.id,
      target: { type: 'partnership', id: group.id },
      payload: { op: 'post', message },
      notBefore: new Date(now.getTime() + ANNOUNCE_AFTER_MS),
    },
    now,
  );
}
