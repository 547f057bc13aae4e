import { rolesOf, type Role, type Step, type Template } from '../domain/template.ts';

/**
 * Expected hours per role, derived from the template rather than written next to it: the scheduled
 * activities each role takes part in, plus the role's own work (e.g. writing the offer). Addressed
 * audiences count for the roles they name, or the roles of the group types they reach (rolesOf).
 */
export function expectedHours(template: Template, role: Role): number {
  const minutes = template.steps
    .filter((step) => step.durationMinutes && rolesOf(step.audience, template).includes(role))
    .reduce((sum, step) => sum + (step.durationMinutes ?? 0) * timesTakingPart(step), 0);
  const own = template.roles.find((r) => r.role === role)?.ownWorkHours ?? 0;
  return minutes / 60 + own;
}

/**
 * In a round of mutual visits between organisations each organisation visits one and hosts another,
 * so its people spend the step's time twice; every other step once.
 */
function timesTakingPart(step: Step): number {
  return typeof step.pairing === 'object' && step.pairing.between === 'organisations' && step.pairing.mode === 'visit' ? 2 : 1;
}
