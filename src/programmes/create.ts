import { DateTime } from 'luxon';
import type { Programme, ProgrammeSettings } from '../domain/entities.ts';
import { programmeSettingsSchema } from '../domain/entities.ts';
import { UserError } from '../domain/errors.ts';
import { groupTypesOf } from '../domain/template.ts';
import { pick, type Locale } from '../domain/text.ts';
import { planProgramme, type ActivityOverride } from '../timeline/plan.ts';
import type { ActivityChange } from '../store/activities.ts';
import { checkStartDate, checkStartFitsTemplate } from './date-rules.ts';
import { newWarnings, refuse } from './move-check.ts';
import { checkLength, LABELS, TEXT_LIMITS } from '../commands/limits.ts';
import { enqueueGroupSetup, enqueueProgrammeSetup } from './setup.ts';
import { snapshotOf } from '../templates/snapshot.ts';
import { checkOverride } from './moves.ts';
import { planInput, replan, setupDeps, templateById, userFacing, type ServiceDeps } from './programme-plan.ts';

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

export function createProgramme(deps: ServiceDeps, input: CreateProgrammeInput): { programme: Programme; changes: ActivityChange[] } {
  const template = templateById(deps, input.templateId, input);
  checkLength(input.name, TEXT_LIMITS.programmeName, LABELS.programmeName);
  if (!DateTime.local().setZone(input.timezone).isValid) {
    throw new UserError('invalid_timezone', { da: `Ukendt tidszone «${input.timezone}».`, en: `Unknown time zone “${input.timezone}”.` });
  }
  const { repos, clock, transaction } = deps;
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
    checkOverride(deps, template, { startDate: input.startDate, timezone: input.timezone, settings }, anchor);
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
    const planned = planInput(deps, programme, template);
    const standIns = groupTypesOf(template)
      .filter((t) => !template.groups.some((g) => g.type === t.key))
      .map((t, i) => ({ id: `stand-in-${t.key}`, position: named.length + i, groupType: t.key, templateKey: null, organisations: [] }));
    const check = { ...planned, partnerships: [...planned.partnerships, ...standIns] };
    refuse(newWarnings(userFacing(() => planProgramme(check)).warnings, [], new Map()), {
      da: 'Workshopdatoerne kan planen ikke rumme, så forløbet er ikke oprettet:',
      en: 'The plan cannot take those workshop dates, so the programme was not created:',
    });
    const changes = replan(deps, programme, template);
    enqueueProgrammeSetup(setupDeps(deps), programme, template);
    for (const group of named) enqueueGroupSetup(setupDeps(deps), programme, template, group);
    return { programme, changes };
  });
}
