import type { Partnership, Programme } from '../domain/entities.ts';
import type { Template } from '../domain/template.ts';
import type { Locale } from '../domain/text.ts';
import type { ActivityChange } from '../store/activities.ts';
import { activityTitle, exchangeSide } from './exchange.ts';
import { formatDate, formatDateTime } from './format.ts';
import { userTextsOf, withUserTexts, type RichMessage } from './model.ts';

/**
 * Tells a channel or a person that activities they take part in have new dates. A partnership's channel
 * (`viewpoint`) reads an exchange day from its own side, as in its plan: "Afprøvning 2 – vi besøger
 * Teatret", not "Afprøvning 2 (Teatret)"; and "Første udkast", not "Første udkast (Havet)".
 */
export function movedMessage(
  programme: Programme,
  template: Template,
  changes: ActivityChange[],
  partnerships: Map<string, Partnership>,
  locale: Locale,
  viewpoint: string | null = null,
): RichMessage {
  // A cancelled occurrence of a series is told like a move: the date struck through, "aflyst".
  const allCancelled = changes.every((c) => c.activity.cancelled);
  const header = allCancelled ? (locale === 'da' ? 'Aflyst' : 'Cancelled') : locale === 'da' ? 'Nye datoer i planen' : 'New dates in the plan';
  const lines = changes.map(({ activity, previousStartsAt, previouslyUndated }) => {
    const step = template.steps.find((s) => s.key === activity.stepKey);
    const title = step ? activityTitle(step.title, activity, viewpoint, (id) => partnerships.get(id), locale) : activity.stepKey;
    // In a partnership's own channel its name says nothing; elsewhere it says whose date it is.
    const theirs = activity.partnershipId === viewpoint || exchangeSide(activity, viewpoint) !== null;
    const partnership = activity.partnershipId && !theirs ? partnerships.get(activity.partnershipId)?.name : null;
    const format = step?.durationMinutes ? formatDateTime : formatDate;
    // A date set for a window step: people saw "dato mangler", never the provisional date.
    const before = previousStartsAt && !previouslyUndated ? `~${format(previousStartsAt, programme.timezone, locale)}~ → ` : '';
    const where = `• ${title}${partnership ? ` (${partnership})` : ''}`;
    if (activity.cancelled) return `${where}: ~${format(activity.startsAt, programme.timezone, locale)}~ *${locale === 'da' ? 'aflyst' : 'cancelled'}*`;
    return `${where}: ${before}*${format(activity.startsAt, programme.timezone, locale)}*`;
  });
  const note = allCancelled
    ? locale === 'da' ? 'Der kommer ingen påmindelser om det.' : 'No reminders will be sent for it.'
    : locale === 'da' ? 'Påmindelserne følger de nye datoer.' : 'Reminders follow the new dates.';
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
