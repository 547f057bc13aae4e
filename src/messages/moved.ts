import type { Partnership, Programme } from '../domain/entities.ts';
import type { Template } from '../domain/template.ts';
import { pick, type Locale } from '../domain/text.ts';
import type { ActivityChange } from '../store/activities.ts';
import { formatDate, formatDateTime } from './format.ts';
import { userTextsOf, withUserTexts, type RichMessage } from './model.ts';

/** Tells a channel or a person that activities they take part in have new dates. */
export function movedMessage(
  programme: Programme,
  template: Template,
  changes: ActivityChange[],
  partnerships: Map<string, Partnership>,
  locale: Locale,
): RichMessage {
  const header = locale === 'da' ? 'Nye datoer i planen' : 'New dates in the plan';
  const lines = changes.map(({ activity, previousStartsAt }) => {
    const step = template.steps.find((s) => s.key === activity.stepKey);
    const title = step ? pick(step.title, locale) : activity.stepKey;
    const partnership = activity.partnershipId ? partnerships.get(activity.partnershipId)?.name : null;
    const format = step?.durationMinutes ? formatDateTime : formatDate;
    const before = previousStartsAt ? `~${format(previousStartsAt, programme.timezone, locale)}~ → ` : '';
    return `• ${title}${partnership ? ` (${partnership})` : ''}: ${before}*${format(activity.startsAt, programme.timezone, locale)}*`;
  });
  const note = locale === 'da' ? 'Påmindelserne følger de nye datoer.' : 'Reminders follow the new dates.';
  const message: RichMessage = {
    text: `${header}: ${lines.length}`,
    blocks: [
      { type: 'header', text: header },
      { type: 'section', text: lines.join('\n') },
      { type: 'context', text: `${note} ${programme.name}` },
    ],
  };
  return withUserTexts(message, userTextsOf({ programme, partnerships }));
}
