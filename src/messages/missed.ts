import type { Partnership, Programme } from '../domain/entities.ts';
import type { Template } from '../domain/template.ts';
import { fillText, pick, type Locale } from '../domain/text.ts';
import type { DueReminder } from '../store/reminders.ts';
import { formatDateTime } from './format.ts';
import { userTextsOf, withUserTexts, type RichMessage } from './model.ts';

/** Tells the consultant which reminders could not go out in time (the bot was down). */
export function missedRemindersMessage(
  programme: Programme,
  template: Template | undefined,
  missed: DueReminder[],
  partnerships: Map<string, Partnership>,
  locale: Locale,
): RichMessage {
  const header =
    locale === 'da'
      ? fillText('{n} {n|påmindelse|påmindelser} i «{name}» blev ikke sendt i tide', { n: missed.length, name: programme.name })
      : fillText('{n} {n|reminder|reminders} in “{name}” {n|was|were} not sent in time', { n: missed.length, name: programme.name });
  const explanation =
    locale === 'da'
      ? 'Tovholder var ikke i gang, da de skulle sendes, og aktiviteterne er allerede begyndt. Tjek evt. med deltagerne.'
      : 'Tovholder was not running when they were due, and the activities have already begun. You may want to check with the participants.';
  const lines = missed.map((r) => {
    const step = template?.steps.find((s) => s.key === r.activity.stepKey);
    const title = step ? pick(step.title, locale) : r.activity.stepKey;
    const partnership = r.activity.partnershipId ? partnerships.get(r.activity.partnershipId)?.name : null;
    const when = formatDateTime(r.activity.startsAt, programme.timezone, locale);
    return `• ${title}${partnership ? ` (${partnership})` : ''}: ${when}`;
  });
  const message: RichMessage = {
    text: header,
    blocks: [
      { type: 'header', text: header },
      { type: 'section', text: explanation },
      { type: 'section', text: lines.join('\n') },
    ],
  };
  return withUserTexts(message, userTextsOf({ programme, partnerships }));
}
