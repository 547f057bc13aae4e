import type { Pairing, Step, Template } from '../domain/template.ts';
import { pick } from '../domain/text.ts';
import type { PairingOrder, PlanGroup, PlanWarning } from './types.ts';

/** Who meets whom in every paired step of a programme. */
export interface Pairings {
  /** Per step paired between groups: each group's partner group. */
  groups: Map<string, Map<string, string | null>>;
  /** Per step@group paired between organisations: the pairs or trios, in the order the rotation gives. */
  units: Map<string, Unit[]>;
  /** The keys of those activities (`step@group#organisation`), for checking overrides. */
  unitKeys: Set<string>;
  /**
   * The order each pairing was made from (`step` between groups, `step@group` between organisations):
   * swapping two ids in it and storing it as a PairingOrder gives the consultant's swap.
   */
  orders: Map<string, string[]>;
  warnings: PlanWarning[];
}

/**
 * Pairs every paired step, in template order so each round knows who already met: between groups, the
 * round robin; between organisations, visits or pairs/trios inside each group that avoid the pairs of
 * earlier rounds of the same mode.
 * A consultant's PairingOrder (a swap) replaces the position order for that step.
 */
export function pairUnits(
  template: Template,
  groups: readonly PlanGroup[],
  orders: readonly PairingOrder[],
  groupsOf: (step: Step) => (string | null)[],
): Pairings {
  const result: Pairings = { groups: new Map(), units: new Map(), unitKeys: new Set(), orders: new Map(), warnings: [] };
  const histories = new Map<string, PairHistory>();
  const orderFor = (stepKey: string, groupId: string | null, standard: string[]) => {
    const own = orders.find((o) => o.stepKey === stepKey && o.groupId === groupId)?.order;
    // A swap names the same members in another order; members added since keep their place at the end.
    return own ? [...own.filter((id) => standard.includes(id)), ...standard.filter((id) => !own.includes(id))] : standard;
  };
  for (const step of template.steps) {
    if (!step.pairing) continue;
    const rule = pairingRule(step.pairing);
    const ids = groupsOf(step).filter((id): id is string => id !== null);
    if (rule.between === 'groups') {
      const order = orderFor(step.key, null, ids);
      result.groups.set(step.key, pairGroups(order));
      result.orders.set(step.key, order);
      continue;
    }
    for (const groupId of ids) {
      const group = groups.find((g) => g.id === groupId);
      const standard = [...(group?.organisations ?? [])].sort((a, b) => a.position - b.position || (a.id < b.id ? -1 : 1)).map((o) => o.id);
      const own = orders.some((o) => o.stepKey === step.key && o.groupId === groupId);
      const order = orderFor(step.key, groupId, standard);
      // Visits and sparring groups are different meetings: each avoids its own repeats.
      const historyKey = `${groupId}/${rule.mode}`;
      const history = histories.get(historyKey) ?? new PairHistory();
      histories.set(historyKey, history);
      const round =
        rule.mode === 'visit'
          ? visitRound(order, history)
          : own
            ? { units: groupsInOrder(order, rule.size), repeats: false }
            : groupRound(order, rule.size, history);
      const repeats = round.repeats || (own && round.units.some((u) => history.repeatsIn(u) > 0));
      round.units.forEach((unit) => history.add(unit));
      const key = `${step.key}@${groupId}`;
      result.units.set(key, round.units);
      // Groups of organisations are cut from the order as given, so the units themselves are the order.
      result.orders.set(key, rule.mode === 'visit' ? order : round.units.flat());
      for (const unit of round.units) result.unitKeys.add(`${key}#${unit[0]}`);
      if (repeats && round.units[0]) result.warnings.push(repeatsWarning(step, `${key}#${round.units[0][0]}`));
    }
  }
  return result;
}

function repeatsWarning(step: Step, key: string): PlanWarning {
  return {
    key,
    code: 'pairing_repeats',
    message: {
      da: `${pick(step.title, 'da')}: nogle organisationer mødes igen, fordi gruppen ikke har flere nye par at danne.`,
      en: `${pick(step.title, 'en')}: some organisations meet again, because the group has no new pairs left to form.`,
    },
  };
}

/** A pairing in the general form; Små Partnerskaber's 'other_partnership' is a visit between groups. */
export interface PairingRule {
  between: 'groups' | 'organisations';
  size: 2 | 3;
  mode: 'visit' | 'group';
}

export function pairingRule(pairing: Pairing): PairingRule {
  return pairing === 'other_partnership' ? { between: 'groups', size: 2, mode: 'visit' } : pairing;
}

/**
 * Round robin by position between groups: each group's offer is tried by the next one's children.
 * The same for every paired step, as Små Partnerskaber's trial 2 and its dialogue need.
 */
export function pairGroups(ids: readonly string[]): Map<string, string | null> {
  return new Map(ids.map((id, i) => [id, ids.length > 1 ? (ids[(i + 1) % ids.length] ?? null) : null]));
}

/** The organisations that meet in one activity: for visits the visitor first, then the host. */
export type Unit = string[];

export interface RoundResult {
  units: Unit[];
  /** True when this round could not avoid pairing organisations that already met. */
  repeats: boolean;
}

/** Organisations that already met in earlier rounds of the same group, as unordered pairs. */
export class PairHistory {
  private readonly met = new Set<string>();

  static pairKey(a: string, b: string): string {
    return a < b ? `${a}|${b}` : `${b}|${a}`;
  }

  has(a: string, b: string): boolean {
    return this.met.has(PairHistory.pairKey(a, b));
  }

  add(unit: Unit): void {
    for (const [a, b] of pairsIn(unit)) this.met.add(PairHistory.pairKey(a, b));
  }

  /** How many of the unit's pairs already met. */
  repeatsIn(unit: Unit): number {
    return pairsIn(unit).filter(([a, b]) => this.has(a, b)).length;
  }
}

function pairsIn(unit: Unit): [string, string][] {
  const pairs: [string, string][] = [];
  for (let i = 0; i < unit.length; i++) for (let j = i + 1; j < unit.length; j++) pairs.push([unit[i]!, unit[j]!]);
  return pairs;
}

/**
 * One round of visits: organisation i visits organisation i+r (in `order`), so each visits once and
 * hosts once. The shift r is the smallest that meets no pair from earlier rounds; when every shift
 * repeats (more rounds than a group of this size allows), the one repeating least, and `repeats`.
 */
export function visitRound(order: readonly string[], history: PairHistory): RoundResult {
  const n = order.length;
  if (n < 2) return { units: [], repeats: false };
  let best: { units: Unit[]; repeated: number } | undefined;
  for (let r = 1; r < n; r++) {
    const units = order.map((id, i) => [id, order[(i + r) % n]!]);
    const repeated = units.filter((u) => history.repeatsIn(u) > 0).length;
    if (!best || repeated < best.repeated) best = { units, repeated };
    if (repeated === 0) break;
  }
  return { units: best!.units, repeats: best!.repeated > 0 };
}

/**
 * One round of pairs or trios, greedily: each unit starts with the first organisation left (in
 * `order`) and takes the next ones it has met least. A remainder joins the last unit (five in pairs:
 * a pair and a trio), except that two left over from trios make a pair of their own.
 */
export function groupRound(order: readonly string[], size: 2 | 3, history: PairHistory): RoundResult {
  const sizes = unitSizes(order.length, size);
  const left = [...order];
  const units: Unit[] = [];
  for (const unitSize of sizes) {
    const unit = [left.shift()!];
    while (unit.length < unitSize) {
      const scored = left.map((id, index) => ({ id, index, met: unit.filter((m) => history.has(m, id)).length }));
      const pick = scored.reduce((a, b) => (b.met < a.met ? b : a));
      unit.push(pick.id);
      left.splice(pick.index, 1);
    }
    units.push(unit);
  }
  return { units, repeats: units.some((u) => history.repeatsIn(u) > 0) };
}

/** The consultant's own groups: `order` cut into units as the rotation would, without reshuffling. */
export function groupsInOrder(order: readonly string[], size: 2 | 3): Unit[] {
  const units: Unit[] = [];
  let at = 0;
  for (const unitSize of unitSizes(order.length, size)) {
    units.push(order.slice(at, at + unitSize));
    at += unitSize;
  }
  return units;
}

function unitSizes(n: number, size: 2 | 3): number[] {
  if (n < 2) return [];
  const count = Math.max(1, Math.floor(n / size));
  const sizes = Array.from({ length: count }, () => size as number);
  const remainder = n - count * size;
  if (remainder >= 2) sizes.push(remainder);
  else if (remainder === 1) sizes[sizes.length - 1]! += 1;
  else if (remainder < 0) sizes[0] = n; // fewer organisations than one unit: they all meet together
  return sizes;
}
