import { DateTime } from 'luxon';
import type { Clock } from '../clock.ts';
import type { Member, Partnership, Programme, ProgrammeSettings } from '../domain/entities.ts';
import { programmeSettingsSchema } from '../domain/entities.ts';
import { UserError } from '../domain/errors.ts';
import type { Role, Template } from '../domain/template.ts';
import type { Locale } from '../domain/text.ts';
import type { Repositories } from '../app.ts';
import type { TemplateRegistry, TemplateScope } from '../templates/registry.ts';
import { PlanError, planProgramme, previewMove, type ActivityOverride, type MovePreview, type PlanInput } from '../timeline/plan.ts';
import type { ActivityChange } from '../store/activities.ts';
import { checkActivityDate, checkStartDate } from './date-rules.ts';
import { newWarnings, refuse, refuseBrokenMove } from './move-check.ts';
import { checkLength, LABELS, TEXT_LIMITS } from '../commands/limits.ts';
import { onePerPerson, samePerson, type MemberOutcome } from './members.ts';
import { enqueueMoveNotices } from './notify-moves.ts';
import { enqueuePairingNotices, exchangePairs } from './notify-pairings.ts';
import { digest } from '../util/digest.ts';
import { enqueueMemberInvites, enqueuePartnershipSetup, enqueueProgrammeSetup } from './setup.ts';

export interface ServiceDeps {
  repos: Repositories;
  templates: TemplateRegistry;
  clock: Clock;
  transaction: <T>(fn: () => T) => T;
}

export interface NewMember {
  role: Role;
  userRef: string | null;
  email: string | null;
  displayName: string;
  locale?: Locale | null;
}

export interface CreateProgrammeInput {
  platform: string;
  workspaceId: string;
  name: string;
  templateId: string;
  startDate: string;
  timezone: string;
  locale: Locale;
  consultant: { userRef: string; displayName: string; locale?: Locale | null };
  settings?: Partial<ProgrammeSettings>;
  /** Dates of the template's anchor steps (the workshops), if known already. */
  anchors?: ActivityOverride[];
}

/**
 * The consultant's actions on programmes. Each validates first and writes in one transaction, so a
 * refused action (a UserError) changes nothing; platform work is only enqueued, never done inline.
 */
export class ProgrammeService {
  constructor(private readonly deps: ServiceDeps) {}

  createProgramme(input: CreateProgrammeInput): { programme: Programme; changes: ActivityChange[] } {
    const template = this.template(input.templateId, input);
    checkLength(input.name, TEXT_LIMITS.programmeName, LABELS.programmeName);
    if (!DateTime.local().setZone(input.timezone).isValid) {
      throw new UserError('invalid_timezone', { da: `Ukendt tidszone «${input.timezone}».`, en: `Unknown time zone “${input.timezone}”.` });
    }
    const { repos, clock, transaction } = this.deps;
    checkStartDate(input.startDate, clock.now(), input.timezone);
    const settings = programmeSettingsSchema.parse(input.settings ?? {});
    if (repos.programmes.findByName(input.platform, input.workspaceId, input.name)) {
      throw new UserError('programme_exists', {
        da: `Der findes allerede et forløb med navnet «${input.name}».`,
        en: `A programme named “${input.name}” already exists.`,
      });
    }
    for (const anchor of input.anchors ?? []) {
      this.checkOverride(template, { startDate: input.startDate, timezone: input.timezone, settings }, anchor);
    }
    return transaction(() => {
      const programme = repos.programmes.insert({
        platform: input.platform,
        workspaceId: input.workspaceId,
        name: input.name,
        templateId: template.id,
        startDate: input.startDate,
        timezone: input.timezone,
        locale: input.locale,
        settings,
        createdBy: input.consultant.userRef,
        createdAt: clock.now().toISOString(),
      });
      repos.members.insert({
        programmeId: programme.id,
        partnershipId: null,
        organisationId: null,
        role: 'consultant',
        userRef: input.consultant.userRef,
        email: null,
        displayName: input.consultant.displayName,
        locale: input.consultant.locale ?? null,
      });
      for (const anchor of input.anchors ?? []) repos.activities.saveOverride(programme.id, anchor);
      // Workshop dates given at creation must leave the model's order possible for the partnerships to
      // come, as a move must: checked on a stand-in partnership.
      const check = { ...this.planInput(programme, template), partnerships: [{ id: 'stand-in', position: 0 }] };
      refuse(newWarnings(userFacing(() => planProgramme(check)).warnings, [], new Map()), {
        da: 'Workshopdatoerne kan planen ikke rumme, så forløbet er ikke oprettet:',
        en: 'The plan cannot take those workshop dates, so the programme was not created:',
      });
      const changes = this.replan(programme, template);
      enqueueProgrammeSetup(this.setupDeps(), programme, template);
      return { programme, changes };
    });
  }

  addPartnership(
    programme: Programme,
    input: { name: string; culturalInstitution: string; daycare: string; members: NewMember[] },
  ): Partnership {
    const template = this.template(programme.templateId, programme);
    const { repos, transaction } = this.deps;
    checkLength(input.name, TEXT_LIMITS.name, LABELS.partnershipName);
    checkLength(input.culturalInstitution, TEXT_LIMITS.name, LABELS.culturalInstitution);
    checkLength(input.daycare, TEXT_LIMITS.name, LABELS.daycare);
    if (repos.partnerships.findByName(programme.id, input.name)) {
      throw new UserError('partnership_exists', {
        da: `Partnerskabet «${input.name}» findes allerede i ${programme.name}.`,
        en: `The partnership “${input.name}” already exists in ${programme.name}.`,
      });
    }
    return transaction(() => {
      const partnership = repos.partnerships.insert({
        programmeId: programme.id,
        name: input.name,
        culturalInstitution: input.culturalInstitution,
        daycare: input.daycare,
        keywords: [],
      });
      for (const m of onePerPerson(input.members)) this.insertMember(programme, partnership.id, m);
      const pairsBefore = exchangePairs(repos, programme.id);
      this.replan(programme, template);
      enqueuePartnershipSetup(this.setupDeps(), programme, template, partnership);
      enqueuePairingNotices(this.setupDeps(), programme, template, pairsBefore, partnership);
      return partnership;
    });
  }

  /**
   * Adds someone to an existing partnership and invites them to its channel and the shared one. Someone
   * already there is not added again (no second row, invitation or welcome); asked with another role,
   * their role changes.
   */
  addMemberToPartnership(programme: Programme, partnership: Partnership, member: NewMember): MemberOutcome {
    const { repos, transaction } = this.deps;
    return transaction(() => {
      const existing = repos.members.listForPartnership(partnership.id).find((m) => samePerson(m, member));
      if (existing && existing.role === member.role) return { kind: 'unchanged', member: existing };
      if (existing) {
        repos.members.setRole(existing.id, member.role);
        return { kind: 'role_changed', member: { ...existing, role: member.role }, previousRole: existing.role };
      }
      const added = this.insertMember(programme, partnership.id, member);
      enqueueMemberInvites(this.setupDeps(), programme, partnership, added, this.deps.templates.get(programme.templateId, programme));
      return { kind: 'added', member: added };
    });
  }

  /**
   * What moving one activity would do, without doing it. Refuses (UserError) a date that is not one, out
   * of range, in the past or on a day off, and a move that leaves the plan broken.
   */
  previewMove(programme: Programme, move: ActivityOverride): MovePreview {
    const template = this.template(programme.templateId, programme);
    this.checkOverride(template, programme, move);
    const input = this.planInput(programme, template);
    const before = userFacing(() => planProgramme(input));
    const preview = userFacing(() => previewMove(input, move));
    const partnershipNames = new Map(this.deps.repos.partnerships.listForProgramme(programme.id).map((p) => [p.id, p.name]));
    refuseBrokenMove({ programme, template, move, preview, warningsBefore: before.warnings, partnershipNames, now: this.deps.clock.now() });
    return preview;
  }

  /** Moves an activity (and what depends on it) and reschedules the affected reminders. */
  applyMove(programme: Programme, move: ActivityOverride): ActivityChange[] {
    const template = this.template(programme.templateId, programme);
    this.previewMove(programme, move); // the same checks as the preview the consultant confirmed
    return this.deps.transaction(() => {
      this.deps.repos.activities.saveOverride(programme.id, move);
      const changes = this.replan(programme, template);
      enqueueMoveNotices(this.setupDeps(), programme, template, changes);
      return changes;
    });
  }

  /**
   * A short fingerprint of the stored plan (every activity's revision and every hand-set date). A
   * preview carries it, so a confirm on a plan that has changed since can be told apart and refused.
   */
  planVersion(programme: Programme): string {
    const { activities } = this.deps.repos;
    const stored = activities.listForProgramme(programme.id).map((a) => `${a.planKey}@${a.revision}`);
    const overrides = activities.overrides(programme.id).map((o) => JSON.stringify([o.stepKey, o.partnershipId, o.date, o.startTime ?? null, o.location ?? null]));
    return digest([...stored, ...overrides]);
  }

  /**
   * Recomputes the plan from the template and the overrides and stores it. Call in a transaction. One
   * reading of the clock for both: a reminder caught up "now" by the planner must not count as past when
   * it is stored a moment later (on a running clock it was dropped, and the kick-off went unannounced).
   */
  replan(programme: Programme, template: Template): ActivityChange[] {
    const now = this.deps.clock.now();
    const { activities: planned } = userFacing(() => planProgramme(this.planInput(programme, template, now)));
    return this.deps.repos.activities.applyPlan(programme.id, planned, now);
  }

  /** A template by id; given a workspace (a programme, or the input creating one), its uploads too. */
  template(id: string, scope?: TemplateScope): Template {
    const template = this.deps.templates.get(id, scope);
    if (!template) {
      const known = this.deps.templates.list(scope).map((t) => t.id).join(', ');
      throw new UserError('unknown_template', {
        da: `Ukendt skabelon «${id}». Kendte skabeloner: ${known}.`,
        en: `Unknown template “${id}”. Known templates: ${known}.`,
      });
    }
    return template;
  }

  planInput(programme: Programme, template: Template, now = this.deps.clock.now()): PlanInput {
    const { repos } = this.deps;
    return {
      template,
      startDate: programme.startDate,
      timezone: programme.timezone,
      partnerships: repos.partnerships.listForProgramme(programme.id).map((p) => ({ id: p.id, position: p.position })),
      overrides: repos.activities.overrides(programme.id),
      settings: programme.settings,
      now: now.toISOString(),
    };
  }

  private insertMember(programme: Programme, partnershipId: string | null, m: NewMember): Member {
    return this.deps.repos.members.insert({
      programmeId: programme.id,
      partnershipId,
      role: m.role,
      userRef: m.userRef,
      email: m.email,
      displayName: m.displayName,
      locale: m.locale ?? null,
    });
  }

  private checkOverride(template: Template, programme: Pick<Programme, 'startDate' | 'timezone' | 'settings'>, override: ActivityOverride): void {
    checkActivityDate(programme, override.date, this.deps.clock.now());
    if (override.location) checkLength(override.location, TEXT_LIMITS.place, LABELS.place);
    const step = template.steps.find((s) => s.key === override.stepKey);
    if (!step) {
      throw new UserError('unknown_step', {
        da: `Ukendt aktivitet «${override.stepKey}».`,
        en: `Unknown activity “${override.stepKey}”.`,
      });
    }
  }

  private setupDeps() {
    return { repos: this.deps.repos, clock: this.deps.clock };
  }
}

export { checkDate } from './date-rules.ts';

/** The planner's refusals (a time that is not a time, an activity that does not exist) in user words. */
function userFacing<T>(plan: () => T): T {
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
