import type { Programme } from '../domain/entities.ts';
import { UserError } from '../domain/errors.ts';
import type { ActivityChange } from '../store/activities.ts';
import { enqueueSwapNotices, pairingsNow } from './notify-swaps.ts';
import { enqueuePairingAnnouncement } from './announce-pairings.ts';
import { replan, setupDeps, templateOf, type ServiceDeps } from './programme-plan.ts';

/** A swap of two organisations (or two groups: groupId null) in one pairing step. */
export interface PairingSwap {
  stepKey: string;
  groupId: string | null;
  a: string;
  b: string;
}

/**
 * Swaps two organisations (or, with groupId null, two groups) in a pairing step's rotation: they trade
 * places, so each takes the other's partners. Stored as the step's order, then re-planned; the pairs
 * that changed are announced.
 */
export function swapPairing(deps: ServiceDeps, programme: Programme, swap: PairingSwap): ActivityChange[] {
  const template = templateOf(deps, programme);
  const { repos, transaction } = deps;
  const step = template.steps.find((s) => s.key === swap.stepKey);
  if (!step?.pairing) {
    throw new UserError('not_a_pairing', {
      da: `«${swap.stepKey}» er ikke et trin med par.`,
      en: `“${swap.stepKey}” is not a step with pairs.`,
    });
  }
  const order = pairingOrder(deps, programme, swap);
  const [i, j] = [order.indexOf(swap.a), order.indexOf(swap.b)];
  if (i < 0 || j < 0 || i === j) {
    throw new UserError('not_in_pairing', {
      da: swap.groupId ? 'Begge skal være organisationer i gruppen, og to forskellige.' : 'Begge skal være grupper i forløbet, og to forskellige.',
      en: swap.groupId ? 'Both must be organisations of the group, and two different ones.' : 'Both must be groups of the programme, and two different ones.',
    });
  }
  [order[i], order[j]] = [order[j]!, order[i]!];
  return transaction(() => {
    const before = pairingsNow(repos, programme.id);
    repos.activities.savePairingOrder(programme.id, { stepKey: swap.stepKey, groupId: swap.groupId, order });
    const changes = replan(deps, programme, template);
    enqueueSwapNotices(setupDeps(deps), programme, template, before);
    const group = swap.groupId ? repos.partnerships.get(swap.groupId) : undefined;
    if (group) enqueuePairingAnnouncement(setupDeps(deps), programme, template, group, { onlyReplacing: true });
    return changes;
  });
}

/** The order a pairing step rotates by now: the consultant's (an earlier swap) or by position. */
function pairingOrder(deps: ServiceDeps, programme: Programme, swap: PairingSwap): string[] {
  const { repos } = deps;
  const stored = repos.activities.pairingOrders(programme.id).find((o) => o.stepKey === swap.stepKey && o.groupId === swap.groupId);
  if (swap.groupId) {
    const group = repos.partnerships.get(swap.groupId);
    const ids = group && group.programmeId === programme.id ? repos.organisations.listForGroup(group.id).map((o) => o.id) : [];
    // An organisation added since the swap joins at the end; one that is gone drops out.
    return stored ? [...stored.order.filter((id) => ids.includes(id)), ...ids.filter((id) => !stored.order.includes(id))] : ids;
  }
  const step = templateOf(deps, programme).steps.find((s) => s.key === swap.stepKey);
  const type = step && typeof step.audience !== 'string' ? step.audience.groupType : 'partnership';
  const ids = repos.partnerships.listForProgramme(programme.id).filter((p) => !type || p.groupType === type).map((p) => p.id);
  return stored ? [...stored.order.filter((id) => ids.includes(id)), ...ids.filter((id) => !stored.order.includes(id))] : ids;
}
