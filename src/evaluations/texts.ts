import { textTable, type Locale } from '../domain/text.ts';

/** What evaluations say, in Danish and English. Placeholders are {name}. */
const da = {
  header: 'Evaluering: {title}',
  reportHeader: 'Statusrapport: {title}',
  reportNudge: 'Påmindelse: Fristen for din statusrapport *{title}* er i dag. Den tager kun et par minutter.',
  introOne: 'Hvordan gik det? Ét kort spørgsmål – det tager et minut.',
  introMany: 'Hvordan gik det? {count} korte spørgsmål, ét ad gangen – det tager et par minutter.',
  questionOf: 'Spørgsmål {n} af {total}',
  hintScale: 'Tryk på et tal fra {min} til {max} – eller skriv det, gerne med en kommentar, fx «{example}».',
  hintScaleLabels: '{min} = {low}, {max} = {high}.',
  hintChoice: 'Tryk på et svar – eller skriv det.',
  hintText: 'Svar ved at skrive en besked her.',
  deadline: 'Du kan svare og ændre dine svar til og med {date}.',
  nudge: 'Påmindelse: Jeg mangler stadig dit svar på evalueringen af *{title}*. Det tager kun et minut.',
  closedNote: 'Evalueringen er lukket.',
  closedYourAnswer: 'Dit svar: {value}',
  saved: 'Tak! Dit svar «{value}» er gemt.',
  changed: 'Dit svar er ændret til «{value}».',
  next: 'Næste spørgsmål kommer her.',
  done: 'Du har svaret på alle spørgsmål – tak for din tid! Du kan ændre dine svar til og med {date}.',
  closed: 'Evalueringen af {title} er lukket (sidste dag for svar var {date}), så dit svar er ikke gemt. Tak, fordi du ville svare!',
  notYours: 'Det spørgsmål var stillet til en anden, så jeg har ikke gemt noget.',
  unknownPrompt: 'Den evaluering kender jeg ikke (længere).',
  notUnderstood: 'Om «{question}»: {hint}',
  allAnswered:
    'Du har allerede svaret på alle spørgsmål om {title}. Vil du ændre et svar, så tryk på en anden knap eller svar i tråden under spørgsmålet.',
  resultsTitle: 'Evaluering – {name}',
  rate: '{answered} af {asked} har svaret ({percent})',
  openUntil: 'åben til og med {date}',
  closedOn: 'lukket',
  mean: 'gennemsnit {mean}',
  energyTrend: 'Energi: {trend}',
  comments: 'Kommentarer',
  anonymous: 'anonym',
  dontKnow: 'ved ikke',
  noPartnership: 'Konsulent',
  hidden: 'Skjult: anonym evaluering med færre end 3 svar.',
  hiddenPart: 'Anonym evaluering: vises kun samlet for alle, der blev spurgt.',
  missing: 'Mangler svar: {names}',
  noResults: 'Der er ingen evalueringer endnu – de sendes ud, når aktiviteterne er afholdt.',
  aggregateOnly: 'I den fælles kanal viser jeg kun tal. Skriv til mig direkte for at se svarene i tekst.',
  otherPartnership: 'I et partnerskabs kanal viser jeg kun dette partnerskabs svar. Skriv til mig direkte for at se «{name}».',
  overviewHint: 'Svarene i tekst: «{command} resultater <partnerskab>» eller «{command} resultater <aktivitet>».',
  unknownFilter: 'Jeg kender hverken et partnerskab eller en evalueret aktivitet ved navn «{name}». Aktiviteter: {known}. Partnerskaber: {partnerships}.',
  exportQueued: 'Eksporten med {count} svar er på vej som fil i vores direkte samtale ({filename}).',
  exportUnsupported: 'Her kan jeg ikke dele filer, så jeg kan ikke sende eksporten. Brug «{command} resultater» i stedet.',
  exportComment: 'Evalueringssvar fra {name}: én række pr. svar, semikolon-separeret, så filen åbner direkte i dansk Excel.',
  exportEmpty: 'Der er ingen svar at eksportere endnu.',
};

type Texts = typeof da;

const en: Texts = {
  header: 'Evaluation: {title}',
  reportHeader: 'Status report: {title}',
  reportNudge: 'Reminder: your status report *{title}* is due today. It only takes a few minutes.',
  introOne: 'How did it go? One short question – it takes a minute.',
  introMany: 'How did it go? {count} short questions, one at a time – it takes a couple of minutes.',
  questionOf: 'Question {n} of {total}',
  hintScale: 'Press a number from {min} to {max} – or type it, with a comment if you like, e.g. “{example}”.',
  hintScaleLabels: '{min} = {low}, {max} = {high}.',
  hintChoice: 'Press an answer – or type it.',
  hintText: 'Answer by writing a message here.',
  deadline: 'You can answer and change your answers until {date} (inclusive).',
  nudge: 'Reminder: I am still missing your answer to the evaluation of *{title}*. It only takes a minute.',
  closedNote: 'This evaluation is closed.',
  closedYourAnswer: 'Your answer: {value}',
  saved: 'Thanks! Your answer “{value}” is saved.',
  changed: 'Your answer is changed to “{value}”.',
  next: 'The next question follows.',
  done: 'You have answered every question – thank you for your time! You can change your answers until {date}.',
  closed: 'The evaluation of {title} is closed (the last day to answer was {date}), so your answer was not saved. Thank you for wanting to answer!',
  notYours: 'That question was asked of someone else, so nothing was saved.',
  unknownPrompt: 'I do not know that evaluation (any more).',
  notUnderstood: 'About “{question}”: {hint}',
  allAnswered:
    'You have already answered every question about {title}. To change an answer, press another button or reply in the thread under the question.',
  resultsTitle: 'Evaluation – {name}',
  rate: '{answered} of {asked} answered ({percent})',
  openUntil: 'open until {date}',
  closedOn: 'closed',
  mean: 'mean {mean}',
  energyTrend: 'Energy: {trend}',
  comments: 'Comments',
  anonymous: 'anonymous',
  dontKnow: 'don’t know',
  noPartnership: 'Consultant',
  hidden: 'Hidden: anonymous evaluation with fewer than 3 answers.',
  hiddenPart: 'Anonymous evaluation: shown only for everyone asked together.',
  missing: 'Not answered: {names}',
  noResults: 'There are no evaluations yet – they go out once the activities have taken place.',
  aggregateOnly: 'In the shared channel I only show numbers. Write to me directly to see the written answers.',
  otherPartnership: 'In a partnership’s channel I only show that partnership’s answers. Write to me directly to see “{name}”.',
  overviewHint: 'Written answers: “{command} results <partnership>” or “{command} results <activity>”.',
  unknownFilter: 'I know neither a partnership nor an evaluated activity called “{name}”. Activities: {known}. Partnerships: {partnerships}.',
  exportQueued: 'The export with {count} answers is on its way as a file in our direct conversation ({filename}).',
  exportUnsupported: 'I cannot share files here, so I cannot send the export. Use “{command} results” instead.',
  exportComment: 'Evaluation answers from {name}: one row per answer, semicolon-separated so the file opens directly in Danish Excel.',
  exportEmpty: 'There are no answers to export yet.',
};

const texts: Record<Locale, Texts> = { da, en };

export type EvalTextKey = keyof Texts;

const table = textTable(texts);
/** An evaluation text with {placeholders} filled in. */
export const et = table.text;
/** Both languages, for a UserError. */
export const etBoth = table.both;

/** Long answers are cut in acknowledgements and button-less updates; the stored answer is whole. */
export function shorten(text: string, max = 80): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}
