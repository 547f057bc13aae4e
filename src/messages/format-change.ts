import type { Activity, Partnership, Programme } from '../domain/entities.ts';
import type { Template } from '../domain/template.ts';
import { pick, type Locale } from '../domain/text.ts';
import { formatDate, formatDateTime } from './format.ts';
import { formatLine } from './meeting-format.ts';
import { userTextsOf, withUserTexts, type RichMessage } from './model.ts';

/** How an activity was held before a change of format, place or link. */
export type MeetingBefore = Pick<Activity, 'format' | 'location' | 'meetingLink'>;

export interface FormatChange {
  activity: Activity;
  before: MeetingBefore;
}

/**
 * Tells the people of an activity that it is held differently now, as movedMessage tells them of a
 * new date: "Temamøde 2 (torsdag den 11. maj 2028 kl. 09.00): ~Fysisk · Multihuset~ → *Virtuelt ·
 * https://…*". A group's own channel (`viewpoint`) does not read its own name.
 */
export function formatChangeMessage(
  programme: Programme,
  template: Template,
  changes: FormatChange[],
  groups: Map<string, Partnership>,
  locale: Locale,
  viewpoint: string | null = null,
): RichMessage {
  const header = locale === 'da' ? 'Ændret mødeform eller sted' : 'Changed format or place';
  const lines = changes.map(({ activity, before }) => {
    const step = template.steps.find((s) => s.key === activity.stepKey);
    const title = step ? pick(step.title, locale) : activity.stepKey;
    const group = activity.partnershipId && activity.partnershipId !== viewpoint ? groups.get(activity.partnershipId)?.name : null;
    const when = (step?.durationMinutes ? formatDateTime : formatDate)(activity.startsAt, programme.timezone, locale);
    const old = describe(before, locale);
    return `• ${title}${group ? ` (${group})` : ''}, ${when}: ${old ? `~${old}~ → ` : ''}*${describe(activity, locale)}*`;
  });
  const note = locale === 'da' ? 'Datoen er den samme.' : 'The date is unchanged.';
  const message: RichMessage = {
    text: `${header}: ${lines.length}`,
    blocks: [
      { type: 'header', text: header },
      { type: 'section', text: lines.join('\n') },
      { type: 'context', text: `${note} ${programme.name}` },
    ],
  };
  const places = changes.flatMap((c) => [c.before.location, c.activity.location, c.before.meetingLink, c.activity.meetingLink]);
  return withUserTexts(message, [...userTextsOf({ programme, groups }), ...places]);
}

/** The format line, or the bare place for an activity without a format. */
function describe(meeting: MeetingBefore, locale: Locale): string {
  return formatLine(meeting, locale) ?? meeting.location ?? (locale === 'da' ? 'intet sted' : 'no place');
}
