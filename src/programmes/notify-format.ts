import type { Repositories } from '../app.ts';
import type { Clock } from '../clock.ts';
import type { Programme } from '../domain/entities.ts';
import { pick, type Locale } from '../domain/text.ts';
import type { Format, Template } from '../domain/template.ts';
import { formatDate, formatDateTime } from '../messages/format.ts';
import { withUserTexts, type RichMessage } from '../messages/model.ts';
import { membersIn } from '../scheduler/recipients.ts';
import type { StoredActivity } from '../store/activities.ts';
import { digest } from '../util/digest.ts';
import { groupsWithChannel, noticeRecipients } from './notify-moves.ts';

/** How an activity is held: what a format change changes. */
export interface Setting {
  format: Format | null;
  location: string | null;
  meetingLink: string | null;
}

const WORDS: Record<Locale, { header: string; formats: Record<Format, string>; place: string; link: string; note: string }> = {
  da: {
    header: 'Ændret mødeform',
    formats: { physical: 'fysisk møde', virtual: 'virtuelt møde', hybrid: 'hybridmøde' },
    place: 'Sted',
    link: 'Link',
    note: 'Datoen er den samme.',
  },
  en: {
    header: 'Meeting format changed',
    formats: { physical: 'in person', virtual: 'online', hybrid: 'hybrid' },
    place: 'Place',
    link: 'Link',
    note: 'The date is unchanged.',
  },
};

/**
 * Everyone an activity concerns hears once that it is now held differently (online, elsewhere, with a
 * link), in the same places a move is announced. The key names the change (before → after), so a
 * retried command never announces twice, and changing back is a change of its own.
 */
export function enqueueFormatNotice(deps: { repos: Repositories; clock: Clock }, programme: Programme, template: Template, activity: StoredActivity, before: Setting): void {
  const now = deps.clock.now();
  if (activity.startsAt <= now.toISOString()) return;
  const people = deps.repos.members.listForProgramme(programme.id);
  const withChannel = groupsWithChannel(template, deps.repos.partnerships.listForProgramme(programme.id));
  const after: Setting = { format: activity.format, location: activity.location, meetingLink: activity.meetingLink };
  const change = digest([JSON.stringify(before), JSON.stringify(after)]);
  for (const recipient of noticeRecipients({ activity, previousStartsAt: null }, programme, membersIn(people), withChannel, people)) {
    deps.repos.deliveries.enqueue(
      {
        idempotencyKey: `format:${recipient.key}:${activity.id}:${change}`,
        platform: programme.platform,
        workspaceId: programme.workspaceId,
        programmeId: programme.id,
        target: recipient.target,
        payload: { op: 'post', message: formatMessage(programme, template, activity, recipient.locale) },
      },
      now,
    );
  }
}

export function formatMessage(programme: Programme, template: Template, activity: StoredActivity, locale: Locale): RichMessage {
  const w = WORDS[locale];
  const step = template.steps.find((s) => s.key === activity.stepKey);
  const title = step ? pick(step.title, locale) : activity.stepKey;
  const when = (step?.durationMinutes ? formatDateTime : formatDate)(activity.startsAt, programme.timezone, locale);
  const lines = [`*${title}*, ${when}: ${activity.format ? w.formats[activity.format] : w.formats.physical}`];
  if (activity.location) lines.push(`${w.place}: ${activity.location}`);
  if (activity.meetingLink) lines.push(`${w.link}: ${activity.meetingLink}`);
  const message: RichMessage = {
    text: `${w.header}: ${title}`,
    blocks: [
      { type: 'header', text: w.header },
      { type: 'section', text: lines.join('\n') },
      { type: 'context', text: `${w.note} ${programme.name}` },
    ],
  };
  // The place and the link are the consultant's words: marked, so no platform reads them as markup.
  return withUserTexts(message, [activity.location, activity.meetingLink, programme.name]);
}
