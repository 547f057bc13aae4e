import type { Activity, Programme } from '../domain/entities.ts';
import type { Template } from '../domain/template.ts';
import { pick, type Locale } from '../domain/text.ts';
import { COMMAND } from '../commands/texts.ts';
import { workshopWord } from '../commands/workshops.ts';
import { formatCommandDateTime, formatDateTime } from './format.ts';
import { withUserTexts, type RichMessage } from './model.ts';

/** Activities for everyone (the workshops) that nobody has given a place yet. */
export function placeMissing(activity: Activity): boolean {
  return activity.audience === 'all' && !activity.location;
}

/** The command that sets a workshop's place and keeps its date and time: `workshop opstart 2027-01-04 09:00 Sted`. */
export function setPlaceCommand(programme: Programme, activity: Activity, locale: Locale): string {
  const when = formatCommandDateTime(activity.startsAt, programme.timezone);
  return `${COMMAND} workshop ${workshopWord(activity.stepKey)} ${when} ${locale === 'da' ? 'Sted' : 'Place'}`;
}

/**
 * Asks the consultant for a workshop's place when its reminders start going out without one, as a
 * form asks for a missing date: the participants would otherwise only read "the place follows".
 */
export function placePromptMessage(programme: Programme, template: Template | undefined, activity: Activity, locale: Locale): RichMessage {
  const step = template?.steps.find((s) => s.key === activity.stepKey);
  const title = step ? pick(step.title, locale) : activity.stepKey;
  const when = formatDateTime(activity.startsAt, programme.timezone, locale);
  const command = setPlaceCommand(programme, activity, locale);
  const text =
    locale === 'da'
      ? `*${title}* (${when}) i ${programme.name} har intet sted endnu, og deltagerne får nu påmindelser om den. Skriv stedet: «${command}».`
      : `*${title}* (${when}) in ${programme.name} has no place yet, and the participants are now being reminded of it. Set the place: “${command}”.`;
  const message: RichMessage = { text: locale === 'da' ? `${title} mangler et sted` : `${title} needs a place`, blocks: [{ type: 'section', text }] };
  return withUserTexts(message, [programme.name]);
}
