import { textTable, type Locale } from '../domain/text.ts';

/** What meeting actions say, in Danish and English. Placeholders are {name}. */
const da = {
  doneButton: 'Færdig',
  header: 'Handling fra {meeting}',
  assigned: 'Du har fået en handling fra *{meeting}* ({meetingDate}):\n*{text}*\nFrist: {due}. Tryk *Færdig*, når den er klaret.',
  reminderBefore: 'Påmindelse: handlingen *{text}* fra {meeting} har frist {due} – om to arbejdsdage.',
  reminderToday: 'Påmindelse: handlingen *{text}* fra {meeting} har frist i dag, {due}.',
  closedNote: '✓ Færdig {date}: *{text}* ({meeting})',
  context: '{programme} · oprettet af {by}',
  recorded: 'Handlingen «{text}» er givet til {owner} med frist {due} (fra {meeting}). {owner} får den som direkte besked med en Færdig-knap.',
  doneThanks: 'Tak! «{text}» er markeret som færdig.',
  alreadyDone: '«{text}» blev allerede markeret som færdig {date}. Intet er ændret.',
  notYours: 'Handlingen «{text}» er {ownerOf} – kun {owner} kan markere den som færdig. Intet er ændret.',
  ownerless: 'Handlingen «{text}» har ingen ejer længere ({owner} er ikke med i forløbet). Intet er ændret.',
  unknownAction: 'Den handling kender jeg ikke (længere). Intet er ændret.',
  usage: 'Skriv fx: {command} handling @anna "Send udkast til skolerne" 2027-02-01 [møde]. Intet er gemt.',
  noText: 'Hvad er handlingen? Skriv den i anførselstegn, fx "Send udkast til skolerne". Intet er gemt.',
  noDate: 'Hvornår er fristen? Skriv en dato efter handlingen, fx 2027-02-01. Intet er gemt.',
  noOwner: 'Hvem skal gøre det? Skriv personen som @navn først, fx @anna. Intet er gemt.',
  notMember: '{who} er ikke med i {programme}. Tilføj personen først, eller vælg en anden. Intet er gemt.',
  notMeeting: '«{name}» er ikke et møde (kun møder, seminarer, workshops og konferencer har handlinger). Intet er gemt.',
  meetingNotHeld: '{meeting} er ikke holdt endnu ({date}). Handlinger kommer fra et møde, der er holdt. Intet er gemt.',
  meetingCancelled: '{meeting} ({date}) blev aflyst og har ingen handlinger. Intet er gemt.',
  meetingBeforeGroup: '{meeting} ({date}) var før gruppen kom med i forløbet og har ingen handlinger. Intet er gemt.',
  seriesNotHeld: '«{name}» er ikke holdt endnu. Handlinger kommer fra et møde, der er holdt. Intet er gemt.',
  noMeeting: 'Jeg kan ikke finde et holdt møde for {ownerOf} gruppe. Skriv mødet efter datoen, fx {command} handling @anna "…" 2027-02-01 kvartalsmoede. Intet er gemt.',
  notAllowed: 'Kun konsulenten og den, der blev spurgt om mødets handlinger, kan give handlinger. Intet er gemt.',
  ask: 'Mødet *{meeting}* ({date}) er holdt. Hvilke handlinger kom der ud af referatet?\nSkriv én pr. besked her, med ejer, handling og frist:\n`@anna "Send udkast til skolerne" 2027-02-01`\n(eller `{command} handling @anna "…" 2027-02-01 {key}` hvor som helst).',
  formButton: 'Giv en handling',
  formTitle: 'Giv en handling',
  formSubmit: 'Giv handling',
  formOwner: 'Hvem skal gøre det?',
  formText: 'Handling',
  formTextHint: 'Fx Send udkast til skolerne',
  formDue: 'Frist',
  formMeeting: 'Fra mødet',
  formNoMeeting: 'Der er ikke holdt et møde i {programme} endnu, som du kan give handlinger fra. Intet er gemt.',
  formNoProgramme: 'Det forløb findes ikke (længere). Intet er gemt.',
  formNotMember: 'Den valgte person er ikke længere med i {programme}. Vælg en anden. Intet er gemt.',
  formNoText: 'Skriv handlingen, fx Send udkast til skolerne. Intet er gemt.',
  formTooLong: 'Handlingen må højst være {max} tegn. Intet er gemt.',
  unknownMeeting: 'Det møde kender jeg ikke (længere). Intet er gemt.',
  askButtonHint: 'Eller tryk *Giv en handling* for en formular.',
  listHeader: 'Åbne handlinger i {programme}',
  listMine: 'Dine åbne handlinger',
  listEmpty: 'Ingen åbne handlinger.',
  overdue: 'overskredet',
  noOwnerLabel: 'uden ejer',
  wholeProgramme: 'Hele forløbet',
  listLine: '• {text} – {owner}, frist {due}{flags} ({meeting})',
};

type Texts = typeof da;

const en: Texts = {
  doneButton: 'Done',
  header: 'Action from {meeting}',
  assigned: 'You have an action from *{meeting}* ({meetingDate}):\n*{text}*\nDue: {due}. Press *Done* when it is done.',
  reminderBefore: 'Reminder: the action *{text}* from {meeting} is due {due} – in two working days.',
  reminderToday: 'Reminder: the action *{text}* from {meeting} is due today, {due}.',
  closedNote: '✓ Done {date}: *{text}* ({meeting})',
  context: '{programme} · created by {by}',
  recorded: 'The action “{text}” is given to {owner}, due {due} (from {meeting}). {owner} gets it as a direct message with a Done button.',
  doneThanks: 'Thank you! “{text}” is marked as done.',
  alreadyDone: '“{text}” was already marked as done on {date}. Nothing was changed.',
  notYours: 'The action “{text}” is {owner}’s – only {owner} can mark it as done. Nothing was changed.',
  ownerless: 'The action “{text}” has no owner any more ({owner} has left the programme). Nothing was changed.',
  unknownAction: 'I do not know that action (any more). Nothing was changed.',
  usage: 'Write e.g.: {command} action @anna "Send the draft to the schools" 2027-02-01 [meeting]. Nothing was saved.',
  noText: 'What is the action? Write it in quotes, e.g. "Send the draft to the schools". Nothing was saved.',
  noDate: 'When is it due? Write a date after the action, e.g. 2027-02-01. Nothing was saved.',
  noOwner: 'Who is to do it? Write the person as @name first, e.g. @anna. Nothing was saved.',
  notMember: '{who} is not in {programme}. Add them first, or choose someone else. Nothing was saved.',
  notMeeting: '“{name}” is not a meeting (only meetings, seminars, workshops and conferences have actions). Nothing was saved.',
  meetingNotHeld: '{meeting} has not been held yet ({date}). Actions come from a meeting that was held. Nothing was saved.',
  meetingCancelled: '{meeting} ({date}) was cancelled and has no actions. Nothing was saved.',
  meetingBeforeGroup: '{meeting} ({date}) was before the group joined the programme and has no actions. Nothing was saved.',
  seriesNotHeld: '“{name}” has not been held yet. Actions come from a meeting that was held. Nothing was saved.',
  noMeeting: 'I cannot find a meeting held by {owner}’s group. Name the meeting after the date, e.g. {command} action @anna "…" 2027-02-01 kvartalsmoede. Nothing was saved.',
  notAllowed: 'Only the consultant and the person asked for the meeting’s actions can give actions. Nothing was saved.',
  ask: 'The meeting *{meeting}* ({date}) was held. Which actions came out of the minutes?\nWrite one per message here, with owner, action and due date:\n`@anna "Send the draft to the schools" 2027-02-01`\n(or `{command} action @anna "…" 2027-02-01 {key}` anywhere).',
  formButton: 'Give an action',
  formTitle: 'Give an action',
  formSubmit: 'Give action',
  formOwner: 'Who is to do it?',
  formText: 'Action',
  formTextHint: 'E.g. Send the draft to the schools',
  formDue: 'Due',
  formMeeting: 'From the meeting',
  formNoMeeting: 'No meeting has been held in {programme} yet to give actions from. Nothing was saved.',
  formNoProgramme: 'That programme does not exist (any more). Nothing was saved.',
  formNotMember: 'The person chosen is no longer in {programme}. Choose someone else. Nothing was saved.',
  formNoText: 'Write the action, e.g. Send the draft to the schools. Nothing was saved.',
  formTooLong: 'The action can be at most {max} characters. Nothing was saved.',
  unknownMeeting: 'I do not know that meeting (any more). Nothing was saved.',
  askButtonHint: 'Or press *Give an action* for a form.',
  listHeader: 'Open actions in {programme}',
  listMine: 'Your open actions',
  listEmpty: 'No open actions.',
  overdue: 'overdue',
  noOwnerLabel: 'no owner',
  wholeProgramme: 'Whole programme',
  listLine: '• {text} – {owner}, due {due}{flags} ({meeting})',
};

const texts: Record<Locale, Texts> = { da, en };

export type ActionTextKey = keyof Texts;

const table = textTable(texts);

/** A meeting-action text with {placeholders} filled in; {ownerOf} is {owner} in the Danish genitive. */
export function at(locale: Locale, key: ActionTextKey, params: Record<string, string | number> = {}): string {
  const owner = params.owner === undefined ? undefined : String(params.owner);
  return table.text(locale, key, owner === undefined ? params : { ...params, ownerOf: danishGenitive(owner) });
}

/** "Annas", but "Lars'" and "Max'": a name ending in s, x or z takes an apostrophe. */
export function danishGenitive(name: string): string {
  return /[sxz]$/i.test(name) ? `${name}'` : `${name}s`;
}

/** Both languages, for a UserError. */
export function atBoth(key: ActionTextKey, params: Record<string, string | number> = {}): { da: string; en: string } {
  return { da: at('da', key, params), en: at('en', key, params) };
}
