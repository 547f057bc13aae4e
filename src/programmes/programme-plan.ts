import type { Clock } from '../clock.ts';
import type { Programme } from '../domain/entities.ts';
import { UserError } from '../domain/errors.ts';
import type { Template } from '../domain/template.ts';
import type { Repositories } from '../app.ts';
import type { TemplateRegistry, TemplateScope } from '../templates/registry.ts';
import { activityKey, PlanError, planProgramme, type PlanInput, type PlannedActivity } from '../timeline/plan.ts';
import type { ActivityChange, ActivityDetails } from '../store/activities.ts';
import { digest } from '../util/digest.ts';
import { snapshotOf, templateFromSnapshot } from '../templates/snapshot.ts';

// What every action of the consultant's shares: the programme's own template, what the planner is
// given, and the plan recomputed and stored after a change.

export interface ServiceDeps {
  repos: Repositories;
  templates: TemplateRegistry;
  clock: Clock;
  transaction: <T>(fn: () => T) => T;
}

/**
 * A short fingerprint of the stored plan (every activity's revision and every hand-set date). A
 * preview carries it, so a confirm on a plan that has changed since can be told apart and refused.
 */
export function planVersion(deps: ServiceDeps, programme: Programme): string {
  const { activities } = deps.repos;
  const stored = activities.listForProgramme(programme.id).map((a) => `${a.planKey}@${a.revision}`);
  const overrides = activities.overrides(programme.id).map((o) => JSON.stringify([o.stepKey, o.partnershipId, o.occurrence ?? null, o.date, o.startTime ?? null, o.location ?? null, o.cancelled ?? false]));
  return digest([...stored, ...overrides]);
}

/**
 * Recomputes the plan from the template and the overrides and stores it. Call in a transaction. One
 * reading of the clock for both: a reminder caught up "now" by the planner must not count as past when
 * it is stored a moment later (on a running clock it was dropped, and the kick-off went unannounced).
 */
export function replan(deps: ServiceDeps, programme: Programme, template: Template): ActivityChange[] {
  const now = deps.clock.now();
  const { activities: planned } = userFacing(() => planProgramme(planInput(deps, programme, template, now)));
  const details = deps.repos.activities.details(programme.id);
  return deps.repos.activities.applyPlan(programme.id, withDetails(planned, details), now);
}

/**
 * The template the programme was created with (its snapshot). A programme older than the snapshot
 * gets the registry's template, which is then stored: from then on it keeps that version too.
 */
export function templateOf(deps: ServiceDeps, programme: Programme): Template {
  const json = deps.repos.programmes.templateJson(programme.id);
  if (json) return templateFromSnapshot(json);
  const template = templateById(deps, programme.templateId, programme);
  // Stored now: from here on the programme keeps this version too.
  deps.repos.programmes.setTemplateJson(programme.id, snapshotOf(template));
  return template;
}

/** A template by id; given a workspace (a programme, or the input creating one), its uploads too. */
export function templateById(deps: ServiceDeps, id: string, scope?: TemplateScope): Template {
  const template = deps.templates.get(id, scope);
  if (!template) {
    const known = deps.templates.list(scope).map((t) => t.id).join(', ');
    throw new UserError('unknown_template', {
      da: `Ukendt skabelon «${id}». Kendte skabeloner: ${known}.`,
      en: `Unknown template “${id}”. Known templates: ${known}.`,
    });
  }
  return template;
}

export function planInput(deps: ServiceDeps, programme: Programme, template: Template, now = deps.clock.now()): PlanInput {
  const { repos } = deps;
  return {
    template,
    startDate: programme.startDate,
    timezone: programme.timezone,
    partnerships: planGroups(deps, programme),
    overrides: repos.activities.overrides(programme.id),
    pairingOrders: repos.activities.pairingOrders(programme.id),
    settings: programme.settings,
    now: now.toISOString(),
  };
}

/** The groups as the planner sees them: type, the template's key, and organisations in order. */
function planGroups(deps: ServiceDeps, programme: Programme): PlanInput['partnerships'] {
  const { repos } = deps;
  const organisations = new Map<string, { id: string; position: number }[]>();
  for (const o of repos.organisations.listForProgramme(programme.id)) {
    organisations.set(o.groupId, [...(organisations.get(o.groupId) ?? []), { id: o.id, position: o.position }]);
  }
  return repos.partnerships.listForProgramme(programme.id).map((p) => ({
    id: p.id,
    position: p.position,
    groupType: p.groupType,
    templateKey: p.templateKey,
    organisations: organisations.get(p.id) ?? [],
  }));
}

export function setupDeps(deps: ServiceDeps) {
  return { repos: deps.repos, clock: deps.clock };
}

/**
 * The consultant's format, place and link laid over the plan. They never move anything, so they need
 * no date (and do not pin); a planner that knows the step's own format gives it where none is set.
 */
export function withDetails(planned: PlannedActivity[], details: ActivityDetails[]): PlannedActivity[] {
  if (details.length === 0) return planned;
  const byKey = new Map(details.map((d) => [activityKey(d.stepKey, d.partnershipId, undefined, d.occurrence), d]));
  return planned.map((p) => {
    const d = byKey.get(p.key);
    if (!d) return p;
    const format = d.format ?? p.format;
    // Online there is no place, in person no link, whatever the step's own say.
    const location = format === 'virtual' ? (d.location ?? null) : (d.location ?? p.location);
    const meetingLink = format === 'physical' ? (d.meetingLink ?? null) : (d.meetingLink ?? p.meetingLink);
    return { ...p, format, location, meetingLink };
  });
}

/** The planner's refusals (a time that is not a time, an activity that does not exist) in user words. */
export function userFacing<T>(plan: () => T): T {
  try {
    return plan();
  } catch (error) {
    if (!(error instanceof PlanError)) throw error;
    throw new UserError(error.code, {
      da: `Det kan planen ikke rumme: ${error.message}. Intet er ændret.`,
      en: `The plan cannot take that: ${error.message}. Nothing was changed.`,
    });
  }
}
