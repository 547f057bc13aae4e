import { DateTime } from 'luxon';
import type { Clock } from '../clock.ts';
import type { Member, Organisation, Partnership, Programme, ProgrammeSettings } from '../domain/entities.ts';
import { programmeSettingsSchema } from '../domain/entities.ts';
import { UserError } from '../domain/errors.ts';
import { formatSchema, groupTypesOf, type Format, type Role, type Template } from '../domain/template.ts';
import { pick, type Locale } from '../domain/text.ts';
import type { Repositories } from '../app.ts';
import type { TemplateRegistry, TemplateScope } from '../templates/registry.ts';
import { activityKey, PlanError, planProgramme, previewMoves, withOverride, type ActivityOverride, type MovePreview, type PlanInput, type PlannedActivity } from '../timeline/plan.ts';
import type { ActivityChange, ActivityDetails, StoredActivity } from '../store/activities.ts';
import { checkActivityDate, checkStartDate, checkStartFitsTemplate } from './date-rules.ts';
import { newWarnings, refuse, refuseBrokenMove } from './move-check.ts';
import { checkLength, LABELS, TEXT_LIMITS } from '../commands/limits.ts';
import { onePerPerson, samePerson, type MemberOutcome } from './members.ts';
import { enqueueMoveNotices } from './notify-moves.ts';
import { enqueuePairingNotices, exchangePairs } from './notify-pairings.ts';
import { digest } from '../util/digest.ts';
import { cancellations, followingMoves, singleMove, type OccurrenceRef } from './series.ts';
import { createDanishCalendar } from '../timeline/calendar.ts';
import { enqueueGroupSetup, enqueueMemberInvites, enqueuePartnershipSetup, enqueueProgrammeSetup } from './setup.ts';
import { snapshotOf, templateFromSnapshot } from '../templates/snapshot.ts';
import { activityWindowLabel } from '../timeline/windows.ts';
import { checkInsideWindow, windowOf } from './window-check.ts';
import { enqueueFormatNotice, type Setting } from './notify-format.ts';
import { enqueueSwapNotices, pairingsNow } from './notify-swaps.ts';
import { enqueuePairingAnnouncement } from './announce-pairings.ts';

const GROUP_NAME = { da: 'Gruppens navn', en: "The group's name", neuter: true } as const;
const ORGANISATION_NAME = { da: 'Organisationens navn', en: "The organisation's name", neuter: true } as const;
const LINK_LIMIT = 500;

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
  /** For groups of organisations: the organisation (municipality) the person speaks for. */
  organisationId?: string | null;
}

/** What `setFormat` changes; undefined keeps the present value. */
export interface FormatChange {
  format?: Format;
  location?: string | null;
  meetingLink?: string | null;
}

/** What `setFormat` did: the activity as it is now, how it was held before, and whether that changed. */
export interface FormatOutcome {
  activity: StoredActivity;
  before: Setting;
  changed: boolean;
}

/** A swap of two organisations (or two groups: groupId null) in one pairing step. */
export interface PairingSwap {
  stepKey: string;
  groupId: string | null;
  a: string;
  b: string;
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
    checkStartFitsTemplate(template, input.startDate);
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
      // The template as it is today is the programme's for good: a later edit never changes it.
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
      }, snapshotOf(template));
      // The groups the template names (the steering group, the tracks) exist from the start.
      const named = template.groups.map((g) =>
        repos.partnerships.insert({
          programmeId: programme.id,
          name: pick(g.name, input.locale),
          groupType: g.type,
          templateKey: g.key,
          culturalInstitution: null,
          daycare: null,
          keywords: [],
        }),
      );
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
      // Workshop dates given at creation must leave the model's order possible for the groups to come, as
      // a move must: checked with a stand-in group of each type the template does not name.
      const planned = this.planInput(programme, template);
      const standIns = groupTypesOf(template)
        .filter((t) => !template.groups.some((g) => g.type === t.key))
        .map((t, i) => ({ id: `stand-in-${t.key}`, position: named.length + i, groupType: t.key, templateKey: null, organisations: [] }));
      const check = { ...planned, partnerships: [...planned.partnerships, ...standIns] };
      refuse(newWarnings(userFacing(() => planProgramme(check)).warnings, [], new Map()), {
        da: 'Workshopdatoerne kan planen ikke rumme, så forløbet er ikke oprettet:',
        en: 'The plan cannot take those workshop dates, so the programme was not created:',
      });
      const changes = this.replan(programme, template);
      enqueueProgrammeSetup(this.setupDeps(), programme, template);
      for (const group of named) enqueueGroupSetup(this.setupDeps(), programme, template, group);
      return { programme, changes };
    });
  }

  addPartnership(
    programme: Programme,
    input: { name: string; culturalInstitution: string; daycare: string; members: NewMember[] },
  ): Partnership {
    const template = this.templateOf(programme);
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
    this.checkOrganisation(partnership, member.organisationId);
    return transaction(() => {
      const existing = repos.members.listForPartnership(partnership.id).find((m) => samePerson(m, member));
      // Named again with an organisation: they now speak for it (a role change is reported; this is not news).
      if (existing && member.organisationId !== undefined && member.organisationId !== existing.organisationId) {
        repos.members.setOrganisation(existing.id, member.organisationId);
      }
      if (existing && existing.role === member.role) return { kind: 'unchanged', member: existing };
      if (existing) {
        repos.members.setRole(existing.id, member.role);
        return { kind: 'role_changed', member: { ...existing, role: member.role }, previousRole: existing.role };
      }
      const added = this.insertMember(programme, partnership.id, member);
      enqueueMemberInvites(this.setupDeps(), programme, partnership, added, this.templateOf(programme));
      return { kind: 'added', member: added };
    });
  }

  /**
   * Adds a group of one of the template's types (a network, a track, another partnership). Refuses a
   * type the template does not have, naming those it has, and a name the programme already uses.
   */
  /** The programme's groups (partnerships, networks, tracks, named groups) in their order. */
  groupsOf(programme: Programme): Partnership[] {
    return this.deps.repos.partnerships.listForProgramme(programme.id);
  }

  /** The organisations (municipalities) of a group of organisations, in their order. */
  organisationsOf(_programme: Programme, group: Partnership): Organisation[] {
    return this.deps.repos.organisations.listForGroup(group.id);
  }

  addGroup(programme: Programme, input: { groupType: string; name: string }): Partnership {
    const template = this.templateOf(programme);
    const { repos, transaction } = this.deps;
    const types = groupTypesOf(template);
    if (!types.some((t) => t.key === input.groupType)) {
      const known = types.map((t) => `${t.key} (${pick(t.name, 'da')})`).join(', ');
      const knownEn = types.map((t) => `${t.key} (${pick(t.name, 'en')})`).join(', ');
      throw new UserError('unknown_group_type', {
        da: `Skabelonen har ingen gruppetype «${input.groupType}». Gruppetyper: ${known}.`,
        en: `The template has no group type “${input.groupType}”. Group types: ${knownEn}.`,
      });
    }
    checkLength(input.name, TEXT_LIMITS.name, GROUP_NAME);
    if (repos.partnerships.findByName(programme.id, input.name)) {
      throw new UserError('group_exists', {
        da: `Gruppen «${input.name}» findes allerede i ${programme.name}.`,
        en: `The group “${input.name}” already exists in ${programme.name}.`,
      });
    }
    return transaction(() => {
      const group = repos.partnerships.insert({
        programmeId: programme.id,
        name: input.name,
        groupType: input.groupType,
        templateKey: null,
        culturalInstitution: null,
        daycare: null,
        keywords: [],
      });
      const pairsBefore = exchangePairs(repos, programme.id);
      this.replan(programme, template);
      enqueueGroupSetup(this.setupDeps(), programme, template, group);
      enqueuePairingNotices(this.setupDeps(), programme, template, pairsBefore, group);
      return group;
    });
  }

  /** Adds an organisation (a municipality) to a group whose type holds organisations. */
  addOrganisation(programme: Programme, group: Partnership, name: string): Organisation {
    const template = this.templateOf(programme);
    const { repos, transaction } = this.deps;
    const type = groupTypesOf(template).find((t) => t.key === group.groupType);
    if (!type?.organisations) {
      throw new UserError('no_organisations', {
        da: `${group.name} er ${type ? `en gruppe af typen «${pick(type.name, 'da')}», som` : 'en gruppe, der'} ikke har organisationer.`,
        en: `${group.name} is ${type ? `a group of type “${pick(type.name, 'en')}”, which has` : 'a group with'} no organisations.`,
      });
    }
    checkLength(name, TEXT_LIMITS.name, ORGANISATION_NAME);
    if (repos.organisations.findByName(group.id, name)) {
      throw new UserError('organisation_exists', {
        da: `${name} er allerede med i ${group.name}.`,
        en: `${name} is already part of ${group.name}.`,
      });
    }
    return transaction(() => {
      const organisation = repos.organisations.insert({ programmeId: programme.id, groupId: group.id, name });
      // The rotation of visits and sparring groups counts the organisations, so the pairs change.
      this.replan(programme, template);
      enqueuePairingAnnouncement(this.setupDeps(), programme, template, group);
      return organisation;
    });
  }

  /**
   * Sets how an activity is held (physical, virtual, hybrid), where, and its meeting link, without
   * pinning its date. `key` is the activity's plan key (`step` or `step@group`) or its step and group.
   * The people concerned hear it as they hear a move; a change that changes nothing announces nothing.
   */
  setFormat(programme: Programme, key: string | { stepKey: string; partnershipId: string | null }, change: FormatChange): FormatOutcome {
    const template = this.templateOf(programme);
    const { repos, transaction } = this.deps;
    const planKey = typeof key === 'string' ? key : activityKey(key.stepKey, key.partnershipId);
    const current = repos.activities.listForProgramme(programme.id).find((a) => a.planKey === planKey);
    if (!current) {
      throw new UserError('unknown_activity', { da: `Ukendt aktivitet «${planKey}».`, en: `Unknown activity “${planKey}”.` });
    }
    const details = checkFormatChange(current, change);
    const before: Setting = { format: current.format, location: current.location, meetingLink: current.meetingLink };
    return transaction(() => {
      repos.activities.saveDetails(programme.id, details);
      this.replan(programme, template);
      const activity = repos.activities.get(current.id)!;
      const changed = activity.format !== before.format || activity.location !== before.location || activity.meetingLink !== before.meetingLink;
      if (changed) enqueueFormatNotice(this.setupDeps(), programme, template, activity, before);
      return { activity, before, changed };
    });
  }

  /**
   * Swaps two organisations (or, with groupId null, two groups) in a pairing step's rotation: they trade
   * places, so each takes the other's partners. Stored as the step's order, then re-planned; the pairs
   * that changed are announced.
   */
  swapPairing(programme: Programme, swap: PairingSwap): ActivityChange[] {
    const template = this.templateOf(programme);
    const { repos, transaction } = this.deps;
    const step = template.steps.find((s) => s.key === swap.stepKey);
    if (!step?.pairing) {
      throw new UserError('not_a_pairing', {
        da: `«${swap.stepKey}» er ikke et trin med par.`,
        en: `“${swap.stepKey}” is not a step with pairs.`,
      });
    }
    const order = this.pairingOrder(programme, swap);
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
      const changes = this.replan(programme, template);
      enqueueSwapNotices(this.setupDeps(), programme, template, before);
      const group = swap.groupId ? repos.partnerships.get(swap.groupId) : undefined;
      if (group) enqueuePairingAnnouncement(this.setupDeps(), programme, template, group, { onlyReplacing: true });
      return changes;
    });
  }

  /**
   * What moving one activity would do, without doing it. Refuses (UserError) a date that is not one, out
   * of range, in the past or on a day off, and a move that leaves the plan broken.
   */
  previewMove(programme: Programme, move: ActivityOverride, following = false): MovePreview {
    const template = this.templateOf(programme);
    this.checkOverride(template, programme, move);
    refuseWholeSeries(template, move, following);
    // A window step's date (and a move of it) must stay in its window: 4. kvartal means 4. kvartal.
    // A round of visits is stored per pair (`step@group#org`); any of them carries the round's window.
    const stored = this.deps.repos.activities
      .listForProgramme(programme.id)
      .filter((a) => a.stepKey === move.stepKey && a.partnershipId === move.partnershipId)
      .find((a) => move.unit === undefined || a.planKey === activityKey(move.stepKey, move.partnershipId, move.unit));
    const window = windowOf(stored);
    const placement = template.steps.find((s) => s.key === move.stepKey)?.placement;
    const label = window ? { da: activityWindowLabel(placement, window, 'da'), en: activityWindowLabel(placement, window, 'en') } : undefined;
    checkInsideWindow(window, move.date, label);
    const input = this.planInput(programme, template);
    const before = userFacing(() => planProgramme(input));
    const preview = userFacing(() => previewMoves(input, this.movesOf(programme, before.activities, move, following)));
    const partnershipNames = new Map(this.deps.repos.partnerships.listForProgramme(programme.id).map((p) => [p.id, p.name]));
    refuseBrokenMove({ programme, template, move, preview, warningsBefore: before.warnings, partnershipNames, now: this.deps.clock.now() });
    return preview;
  }

  /** Moves an activity (and what depends on it) and reschedules the affected reminders. */
  applyMove(programme: Programme, move: ActivityOverride, following = false): ActivityChange[] {
    const template = this.templateOf(programme);
    this.previewMove(programme, move, following); // the same checks as the preview the consultant confirmed
    return this.deps.transaction(() => {
      const { activities } = userFacing(() => planProgramme(this.planInput(programme, template)));
      const existing = this.deps.repos.activities.overrides(programme.id);
      // Each later occurrence keeps the time and place set for it before (withOverride merges them).
      for (const each of this.movesOf(programme, activities, move, following)) {
        this.deps.repos.activities.saveOverride(programme.id, withOverride(existing, each).at(-1)!);
      }
      const changes = this.replan(programme, template);
      enqueueMoveNotices(this.setupDeps(), programme, template, changes);
      return changes;
    });
  }

  /**
   * Cancels one occurrence of a repeating step (`aflys`), or it and every later one: they stay in the
   * plan as "aflyst", their reminders are withdrawn, and the people concerned are told as of a move.
   */
  cancelOccurrence(programme: Programme, ref: OccurrenceRef, following = false): ActivityChange[] {
    const template = this.templateOf(programme);
    return this.deps.transaction(() => {
      const { activities } = userFacing(() => planProgramme(this.planInput(programme, template)));
      const existing = this.deps.repos.activities.overrides(programme.id);
      for (const cancel of cancellations(activities, existing, ref, following, this.deps.clock.now())) {
        this.deps.repos.activities.saveOverride(programme.id, cancel);
      }
      const changes = this.replan(programme, template).filter((c) => c.activity.cancelled);
      enqueueMoveNotices(this.setupDeps(), programme, template, changes);
      return changes;
    });
  }

  /** One move, or for "og følgende" the move and the same shift of every later occurrence. */
  private movesOf(programme: Programme, activities: PlannedActivity[], move: ActivityOverride, following: boolean): ActivityOverride[] {
    const now = this.deps.clock.now();
    return following ? followingMoves(activities, move, createDanishCalendar(programme.settings), now) : singleMove(activities, move, now);
  }

  /**
   * A short fingerprint of the stored plan (every activity's revision and every hand-set date). A
   * preview carries it, so a confirm on a plan that has changed since can be told apart and refused.
   */
  planVersion(programme: Programme): string {
    const { activities } = this.deps.repos;
    const stored = activities.listForProgramme(programme.id).map((a) => `${a.planKey}@${a.revision}`);
    const overrides = activities.overrides(programme.id).map((o) => JSON.stringify([o.stepKey, o.partnershipId, o.occurrence ?? null, o.date, o.startTime ?? null, o.location ?? null, o.cancelled ?? false]));
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
    const details = this.deps.repos.activities.details(programme.id);
    return this.deps.repos.activities.applyPlan(programme.id, withDetails(planned, details), now);
  }

  /**
   * The template the programme was created with (its snapshot). A programme older than the snapshot
   * gets the registry's template, which is then stored: from then on it keeps that version too.
   */
  templateOf(programme: Programme): Template {
    const json = this.deps.repos.programmes.templateJson(programme.id);
    if (json) return templateFromSnapshot(json);
    const template = this.template(programme.templateId, programme);
    // Stored now: from here on the programme keeps this version too.
    this.deps.repos.programmes.setTemplateJson(programme.id, snapshotOf(template));
    return template;
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
      partnerships: this.planGroups(programme),
      overrides: repos.activities.overrides(programme.id),
      pairingOrders: repos.activities.pairingOrders(programme.id),
      settings: programme.settings,
      now: now.toISOString(),
    };
  }

  /** The groups as the planner sees them: type, the template's key, and organisations in order. */
  private planGroups(programme: Programme): PlanInput['partnerships'] {
    const { repos } = this.deps;
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

  /** The order a pairing step rotates by now: the consultant's (an earlier swap) or by position. */
  private pairingOrder(programme: Programme, swap: PairingSwap): string[] {
    const { repos } = this.deps;
    const stored = repos.activities.pairingOrders(programme.id).find((o) => o.stepKey === swap.stepKey && o.groupId === swap.groupId);
    if (swap.groupId) {
      const group = repos.partnerships.get(swap.groupId);
      const ids = group && group.programmeId === programme.id ? repos.organisations.listForGroup(group.id).map((o) => o.id) : [];
      // An organisation added since the swap joins at the end; one that is gone drops out.
      return stored ? [...stored.order.filter((id) => ids.includes(id)), ...ids.filter((id) => !stored.order.includes(id))] : ids;
    }
    const step = this.templateOf(programme).steps.find((s) => s.key === swap.stepKey);
    const type = step && typeof step.audience !== 'string' ? step.audience.groupType : 'partnership';
    const ids = repos.partnerships.listForProgramme(programme.id).filter((p) => !type || p.groupType === type).map((p) => p.id);
    return stored ? [...stored.order.filter((id) => ids.includes(id)), ...ids.filter((id) => !stored.order.includes(id))] : ids;
  }

  /** An organisation given for a member must be one of the group's. */
  private checkOrganisation(group: Partnership, organisationId: string | null | undefined): void {
    if (!organisationId) return;
    const organisation = this.deps.repos.organisations.get(organisationId);
    if (organisation?.groupId === group.id) return;
    throw new UserError('unknown_organisation', {
      da: `Organisationen hører ikke til ${group.name}.`,
      en: `The organisation is not part of ${group.name}.`,
    });
  }

  private insertMember(programme: Programme, partnershipId: string | null, m: NewMember): Member {
    return this.deps.repos.members.insert({
      programmeId: programme.id,
      partnershipId,
      organisationId: m.organisationId ?? null,
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

/** A series' step is moved one occurrence at a time (`~n`); "og følgende" needs an occurrence too. */
function refuseWholeSeries(template: Template, move: ActivityOverride, following: boolean): void {
  const repeats = template.steps.find((s) => s.key === move.stepKey)?.repeat !== undefined;
  if (repeats && move.occurrence === undefined) {
    throw new UserError('needs_occurrence', {
      da: 'Aktiviteten gentages: sig hvilken gang, med dens dato (`flyt kvartalsmøde 2027-04-06 2027-04-13`) eller nummer (`kvartalsmoede~2`).',
      en: 'The activity repeats: say which occurrence, by its date (`flyt kvartalsmøde 2027-04-06 2027-04-13`) or number (`kvartalsmoede~2`).',
    });
  }
  if (following && !repeats) {
    throw new UserError('not_a_series', { da: '«og følgende» gælder kun en aktivitet, der gentages.', en: '“and following” applies only to an activity that repeats.' });
  }
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

/**
 * Validates a format change and completes it: virtual drops the place, physical drops the link (unless
 * given), and a link must be a web address.
 */
function checkFormatChange(activity: StoredActivity, change: FormatChange): ActivityDetails {
  if (change.format !== undefined && !formatSchema.safeParse(change.format).success) {
    throw new UserError('invalid_format', {
      da: `Ukendt mødeform «${String(change.format)}». Brug fysisk, virtuel eller hybrid.`,
      en: `Unknown format “${String(change.format)}”. Use physical, virtual or hybrid.`,
    });
  }
  if (change.location) checkLength(change.location, TEXT_LIMITS.place, LABELS.place);
  if (change.meetingLink && (!/^https?:\/\/\S+$/i.test(change.meetingLink) || change.meetingLink.length > LINK_LIMIT)) {
    throw new UserError('invalid_link', {
      da: `«${change.meetingLink}» er ikke et link. Skriv hele adressen, fx https://meet.example.com/abc.`,
      en: `“${change.meetingLink}” is not a link. Write the whole address, e.g. https://meet.example.com/abc.`,
    });
  }
  const details: ActivityDetails = { stepKey: activity.stepKey, partnershipId: activity.partnershipId };
  if (change.format !== undefined) details.format = change.format;
  if (change.location !== undefined) details.location = change.location;
  else if (change.format === 'virtual') details.location = null;
  if (change.meetingLink !== undefined) details.meetingLink = change.meetingLink;
  else if (change.format === 'physical') details.meetingLink = null;
  return details;
}

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
