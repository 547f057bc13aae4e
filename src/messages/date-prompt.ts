import { DateTime } from 'luxon';
import type { Activity, Partnership, Programme } from '../domain/entities.ts';
import type { Step } from '../domain/template.ts';
import { pick, type Locale } from '../domain/text.ts';
import { COMMAND } from '../commands/texts.ts';
import { withUserTexts, type RichMessage } from './model.ts';
import { activityWindowLabel, rangeLabel } from '../timeline/windows.ts';

/**
 * Asks whoever sets a window step's date (the consultant, a network's coordinator) to set it: "Temamøde
 * 2 i Netværk Nord skal ligge i 2. kvartal 2028 og har ingen dato endnu. Sæt den med `/tovholder flyt
 * temamoede-2@… 2028-05-10`". Sent before the window opens and again until the date is set.
 */
export function datePromptMessage(input: {
  programme: Programme;
  step: Step;
  activity: Activity;
  /** The activity's group, when it is one group's (a network's temamøde). */
  group: Partnership | null;
  locale: Locale;
}): RichMessage {
  const { programme, step, activity, group, locale } = input;
  const title = pick(step.title, locale);
  const whose = group ? (locale === 'da' ? ` i ${group.name}` : ` in ${group.name}`) : '';
  const range = activity.window ?? { from: localDate(activity, programme), to: localDate(activity, programme) };
  const label = activityWindowLabel(step.placement, range, locale);
  // The provisional date (the window's first working day) makes a command that works as written.
  // The step and the group's name, as `flyt` takes them (and as `plan` shows them).
  const command = `${COMMAND} flyt ${step.key}${group ? ` ${group.name}` : ''} ${localDate(activity, programme)}`;
  const text =
    locale === 'da'
      ? `*${title}*${whose} skal ligge i ${label} og har ingen dato endnu. Sæt den med \`${command}\``
      : `*${title}*${whose} must take place in ${label} and has no date yet. Set it with \`${command}\``;
  const note =
    locale === 'da'
      ? `Datoen skal ligge i perioden ${rangeLabel(range, locale)}. Jeg spørger igen, indtil den er sat. ${programme.name}`
      : `The date must lie within ${rangeLabel(range, locale)}. I will ask again until it is set. ${programme.name}`;
  const message: RichMessage = {
    text: locale === 'da' ? `${title}${whose} mangler en dato` : `${title}${whose} needs a date`,
    blocks: [
      { type: 'section', text },
      { type: 'context', text: note },
    ],
  };
  return withUserTexts(message, [programme.name, group?.name]);
}

function localDate(activity: Activity, programme: Programme): string {
  return DateTime.fromISO(activity.startsAt, { zone: programme.timezone }).toISODate()!;
}
