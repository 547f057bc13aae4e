import type { Programme } from '../domain/entities.ts';
import { UserError } from '../domain/errors.ts';
import { formatSchema, type Format } from '../domain/template.ts';
import { activityKey } from '../timeline/plan.ts';
import type { ActivityDetails, StoredActivity } from '../store/activities.ts';
import { checkLength, LABELS, TEXT_LIMITS } from '../commands/limits.ts';
import { enqueueFormatNotice, type Setting } from './notify-format.ts';
import { replan, setupDeps, templateOf, type ServiceDeps } from './programme-plan.ts';

const LINK_LIMIT = 500;

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

/**
 * Sets how an activity is held (physical, virtual, hybrid), where, and its meeting link, without
 * pinning its date. `key` is the activity's plan key (`step` or `step@group`) or its step and group.
 * The people concerned hear it as they hear a move; a change that changes nothing announces nothing.
 */
export function setFormat(deps: ServiceDeps, programme: Programme, key: string | { stepKey: string; partnershipId: string | null }, change: FormatChange): FormatOutcome {
  const template = templateOf(deps, programme);
  const { repos, transaction } = deps;
  const planKey = typeof key === 'string' ? key : activityKey(key.stepKey, key.partnershipId);
  const current = repos.activities.listForProgramme(programme.id).find((a) => a.planKey === planKey);
  if (!current) {
    throw new UserError('unknown_activity', { da: `Ukendt aktivitet «${planKey}».`, en: `Unknown activity “${planKey}”.` });
  }
  const details = checkFormatChange(current, change);
  const before: Setting = { format: current.format, location: current.location, meetingLink: current.meetingLink };
  return transaction(() => {
    repos.activities.saveDetails(programme.id, details);
    replan(deps, programme, template);
    const activity = repos.activities.get(current.id)!;
    const changed = activity.format !== before.format || activity.location !== before.location || activity.meetingLink !== before.meetingLink;
    if (changed) enqueueFormatNotice(setupDeps(deps), programme, template, activity, before);
    return { activity, before, changed };
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
