import { fillText, type Locale } from '../domain/text.ts';

/** What the watch on quiet groups says to the consultant, in Danish and English. */
const da = {
  quietHeader: 'Stille i {group}',
  quiet: 'Ingen har skrevet i kanalen for {group} ({programme}) i {days} arbejdsdage – sidst {since}.',
  quietNever: 'Ingen har skrevet i kanalen for {group} ({programme}) endnu, {days} arbejdsdage efter start.',
  energyHeader: 'Energien falder i {group}',
  energy: 'Energien i {group} ({programme}) er faldet to møder i træk: {trend}.',
  lastActivity: 'Seneste aktivitet: {title}, {when}.',
  noActivity: 'Gruppen har ikke haft nogen aktivitet endnu.',
  advice: 'Et lille tegn på træthed i netværket – måske en god anledning til at høre, hvordan det går. Du hører ikke om det igen, før noget ændrer sig.',
};
const en: typeof da = {
  quietHeader: 'Quiet in {group}',
  quiet: 'Nobody has written in the channel of {group} ({programme}) for {days} working days – last {since}.',
  quietNever: 'Nobody has written in the channel of {group} ({programme}) yet, {days} working days after the start.',
  energyHeader: 'Energy is falling in {group}',
  energy: 'The energy in {group} ({programme}) has fallen at two meetings in a row: {trend}.',
  lastActivity: 'Last activity: {title}, {when}.',
  noActivity: 'The group has had no activity yet.',
  advice: 'An early sign of fatigue in the network – perhaps a good moment to ask how it is going. You will not hear of it again until something changes.',
};

export type WatchTextKey = keyof typeof da;

export function wt(locale: Locale, key: WatchTextKey, values: Record<string, string | number> = {}): string {
  return fillText((locale === 'da' ? da : en)[key], values);
}
