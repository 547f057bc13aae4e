import type { Repositories } from '../app.ts';
import type { Clock } from '../clock.ts';
import type { Partnership, Programme } from '../domain/entities.ts';
import type { Template } from '../domain/template.ts';
import { pairingsMessage, partnershipLookup } from '../messages/exchange.ts';
import type { StoredActivity } from '../store/activities.ts';
import { digest } from '../util/digest.ts';
import { memberWelcomeKey, memberWelcomeMessage, partnershipWelcomeKey, partnershipWelcomeMessage } from './setup.ts';

interface Deps {
  repos: Repositories;
  clock: Clock;
}

/**
 * Whom each activity pairs with, by activity id: taken before a partnership is added. A lone
 * partnership's exchange days pair with nobody (null) until a second one comes.
 */
export function exchangePairs(repos: Repositories, programmeId: string): Map<string, string | null> {
  return new Map(repos.activities.listForProgramme(programmeId).map((a) => [a.id, a.pairedPartnershipId]));
}

/**
 * Exchange days pair each partnership with the next one, so adding a partnership changes whom the
 * others host and visit. A welcome still waiting in the outbox is rewritten with the new pairs (the demo
 * adds four partnerships at once); a channel already welcomed is told its exchange days still to come
 * anew. Without this the early welcomes named partners that were no longer theirs.
 */
export function enqueuePairingNotices(deps: Deps, programme: Programme, template: Template, before: Map<string, string | null>, added: Partnership): void {
  const activities = deps.repos.activities.listForProgramme(programme.id);
  const concerned = new Set<string>();
  for (const a of activities) {
    if (!before.has(a.id) || before.get(a.id) === a.pairedPartnershipId) continue;
    for (const id of [a.partnershipId, a.pairedPartnershipId, before.get(a.id)]) if (id && id !== added.id) concerned.add(id);
  }
  for (const partnership of deps.repos.partnerships.listForProgramme(programme.id)) {
    if (!concerned.has(partnership.id) || rewriteWelcomes(deps, programme, template, partnership)) continue;
    const now = deps.clock.now().toISOString();
    const own = activities.filter((a) => a.pairedPartnershipId !== null && a.startsAt > now && (a.partnershipId === partnership.id || a.pairedPartnershipId === partnership.id));
    if (own.length > 0) enqueueNotice(deps, programme, template, partnership, own);
  }
}

/** True if the partnership's channel welcome had not gone out yet and now names the new pairs. */
function rewriteWelcomes(deps: Deps, programme: Programme, template: Template, partnership: Partnership): boolean {
  const { deliveries, members } = deps.repos;
  const rewritten = deliveries.replacePendingPayload(partnershipWelcomeKey(partnership), {
    op: 'post',
    message: partnershipWelcomeMessage(deps, programme, template, partnership),
  });
  if (!rewritten) return false;
  for (const member of members.listForPartnership(partnership.id)) {
    deliveries.replacePendingPayload(memberWelcomeKey(member), { op: 'post', message: memberWelcomeMessage(deps, programme, template, partnership, member) });
  }
  return true;
}

function enqueueNotice(deps: Deps, programme: Programme, template: Template, partnership: Partnership, own: StoredActivity[]): void {
  const lookup = partnershipLookup(deps.repos.partnerships.listForProgramme(programme.id));
  const pairs = own.map((a) => `${a.id}>${a.pairedPartnershipId}`);
  deps.repos.deliveries.enqueue(
    {
      idempotencyKey: `pairings:partnership:${partnership.id}:${digest(pairs)}`,
      platform: programme.platform,
      workspaceId: programme.workspaceId,
      programmeId: programme.id,
      target: { type: 'partnership', id: partnership.id },
      payload: { op: 'post', message: pairingsMessage(programme, template, own, partnership.id, lookup, programme.locale) },
    },
    deps.clock.now(),
  );
}
