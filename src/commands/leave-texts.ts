import { textTable, type Locale } from '../domain/text.ts';

/** What `fjern` (a person leaves the programme or a group) says, in Danish and English. */
const da = {
  usage: 'Skriv hvem der skal fjernes, og evt. fra hvilken gruppe: `{command} fjern @anna` eller `{command} fjern @anna "Havet"`.',
  unknownPerson: '{who} er ikke med i forløbet «{programme}». Intet er ændret.',
  ambiguous: 'Flere personer i «{programme}» hedder {who}. Skriv @navn som omtale eller e-mailadressen. Intet er ændret.',
  notInGroup: '{who} er ikke med i gruppen «{group}» (men i {groups}). Intet er ændret.',
  notYourself: 'Du kan ikke fjerne dig selv fra forløbet. Bed en anden konsulent om det. Intet er ændret.',
  previewTitle: 'Fjern {who} fra {programme}?',
  previewMemberships: '*Medlemskaber, der ophører:*\n{list}',
  programmeItself: 'forløbet (som {role})',
  previewOwnerless: '*Åbne handlinger, der bliver uden ejer ({count}):*\n{list}',
  actionLine: '• {text} (frist {due})',
  previewPrompts: '*Ubesvarede evalueringsspørgsmål, der trækkes tilbage:* {count}',
  previewKept: 'Svar, {who} allerede har givet, bliver i resultaterne uden navn. Gruppens kanal får ingen besked.',
  confirm: 'Fjern',
  cancel: 'Annuller',
  cancelled: 'Intet er ændret.',
  alreadyGone: '{who} er allerede fjernet. Intet er ændret.',
  removed: '{who} er fjernet fra {groups}.',
  removedOwnerless: '{count} {count|åben handling er|åbne handlinger er} nu uden ejer – se `{command} handlinger`.',
  removedPrompts: '{count} {count|ubesvaret evalueringsspørgsmål er|ubesvarede evalueringsspørgsmål er} trukket tilbage; givne svar bliver uden navn.',
  removedMessages: '{count} {count|besked|beskeder} til {who}, der ikke var sendt endnu, er trukket tilbage.',
  channelsKicked: '{who} tages ud af gruppens kanal.',
  channelsYours: 'Kanalmedlemskabet i {platform} ændrer du selv.',
  and: 'og',
};
const en: typeof da = {
  usage: 'Say who is to be removed, and from which group if not all: `{command} remove @anna` or `{command} remove @anna "Havet"`.',
  unknownPerson: '{who} is not in the programme “{programme}”. Nothing was changed.',
  ambiguous: 'Several people in “{programme}” are called {who}. Mention them as @name or give the e-mail address. Nothing was changed.',
  notInGroup: '{who} is not in the group “{group}” (but in {groups}). Nothing was changed.',
  notYourself: 'You cannot remove yourself from the programme. Ask another consultant. Nothing was changed.',
  previewTitle: 'Remove {who} from {programme}?',
  previewMemberships: '*Memberships that end:*\n{list}',
  programmeItself: 'the programme (as {role})',
  previewOwnerless: '*Open actions that will have no owner ({count}):*\n{list}',
  actionLine: '• {text} (due {due})',
  previewPrompts: '*Unanswered evaluation questions withdrawn:* {count}',
  previewKept: 'Answers {who} already gave stay in the results without a name. The group’s channel is not told.',
  confirm: 'Remove',
  cancel: 'Cancel',
  cancelled: 'Nothing was changed.',
  alreadyGone: '{who} has already been removed. Nothing was changed.',
  removed: '{who} has been removed from {groups}.',
  removedOwnerless: '{count} {count|open action has|open actions have} no owner now – see `{command} actions`.',
  removedPrompts: '{count} {count|unanswered evaluation question was|unanswered evaluation questions were} withdrawn; answers given stay without a name.',
  removedMessages: '{count} {count|message|messages} to {who} not yet sent {count|was|were} withdrawn.',
  channelsKicked: '{who} is being taken out of the group’s channel.',
  channelsYours: 'Channel membership in {platform} is yours to change.',
  and: 'and',
};

export type LeaveTextKey = keyof typeof da;

const table = textTable({ da, en });
export const lt = table.text;
export const ltBoth = table.both;

/** "Havet", "Havet og Herregården", "Havet, Nord og Syd". */
export function listWords(words: string[], locale: Locale): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} ${lt(locale, 'and')} ${words.at(-1)}`;
}
