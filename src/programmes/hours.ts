import { rolesOf, type Role, type Template } from '../domain/template.ts';

/**
 * Expected hours per role, derived from the template rather than written next to it: the scheduled
 * activities each role takes part in, plus the role's own work (e.g. writing the offer).
 */
export function expectedHours(template: Template, role: Role): number {
  const minutes = template.steps
    .filter((step) => step.durationMinutes && rolesOf(step.audience, template).includes(role))
    .reduce((sum, step) => sum + (step.durationMinutes ?? 0), 0);
  const own = template.roles.find((r) => r.role === role)?.ownWorkHours ?? 0;
  return minutes / 60 + own;
}
