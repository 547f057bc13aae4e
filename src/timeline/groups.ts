import { isProgrammeWide, type Audience, type Step } from '../domain/template.ts';
import type { PlanGroup } from './types.ts';

/** Whether a step has one activity: for the whole programme, or for the one group the template names. */
export function happensOnce(audience: Audience): boolean {
  return isProgrammeWide(audience) || (typeof audience !== 'string' && audience.to === 'group');
}

/**
 * The groups a step happens in: none (null) for the whole programme or several types at once, every
 * group of the type for `each` (legacy audiences: the partnerships), the named group for `group`.
 */
export function groupsFor(step: Step, groups: readonly PlanGroup[]): (string | null)[] {
  const audience = step.audience;
  if (isProgrammeWide(audience)) return [null];
  const typeOf = (g: PlanGroup) => g.groupType ?? 'partnership';
  if (typeof audience === 'string') return groups.filter((g) => typeOf(g) === 'partnership').map((g) => g.id);
  if (audience.to === 'group') return groups.filter((g) => g.templateKey === audience.group).map((g) => g.id);
  const type = audience.groupType ?? 'partnership';
  return groups.filter((g) => typeOf(g) === type).map((g) => g.id);
}
