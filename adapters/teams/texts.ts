import type { Locale } from '../../src/domain/text.ts';

type Params = Record<string, string>;

/** What the Teams adapter itself tells people, in Danish and English. */
const TEXTS = {
  da: {
    goneTeam: 'Tovholder er ikke længere med i teamet *{team}* (appen er fjernet). Påmindelser til teamets kanaler i *{programme}* er stoppet. Installér Tovholder i teamet igen, så kan de sendes på ny.',
    goneChannel: 'Tovholder kan ikke længere skrive i *{where}* i *{programme}* (Teams afviste: {reason}). Påmindelser dertil er stoppet.',
    goneDirect: 'Tovholder kan ikke skrive privat til *{name}* i *{programme}* (Teams afviste: {reason}). Personen skal installere Tovholder eller være med i et team, hvor Tovholder er.',
    modeChannels: 'Kanalerne til *{programme}* oprettes som standardkanaler i teamet *{team}*. Alle i teamet kan se dem.',
    modeThreads:
      'Tovholder må ikke oprette kanaler i teamet *{team}* (tilladelsen Channel.Create.Group mangler). *{programme}* og hvert partnerskab får i stedet sin egen tråd i kanalen Generelt. Giv appen tilladelsen, så bruger nye forløb kanaler.',
    missing: 'Disse deltagere i *{where}* er ikke medlemmer af teamet *{team}* endnu og kan derfor ikke se kanalen: {names}. Tilføj dem til teamet.',
    notFound: 'Disse deltagere i *{where}* fandt jeg ikke i Teams: {names}. Tilføj dem med @omtale, når de er med i teamet.',
    noTeam: 'Jeg ved ikke, i hvilket team kanalerne skal oprettes. Tilføj Tovholder til teamet og skriv `@Tovholder hjælp` dér, så bruger jeg det team.',
    noTeamError: 'no Teams team is known for this programme: add Tovholder to a team and write to it there',
    fileDeclined: 'Filen *{file}* blev ikke gemt. Skriv `eksport` igen, hvis du vil have den.',
    fileGone: 'Den fil findes ikke længere. Skriv `eksport` for at få en ny.',
    fileFailed: 'Filen *{file}* kunne ikke gemmes i din OneDrive lige nu. Prøv at trykke *Tillad* igen om lidt.',
  },
  en: {
    goneTeam: 'Tovholder is no longer in the team *{team}* (the app was removed). Reminders to the team\'s channels in *{programme}* have stopped. Install Tovholder in the team again to resume them.',
    goneChannel: 'Tovholder can no longer write in *{where}* in *{programme}* (Teams refused: {reason}). Reminders there have stopped.',
    goneDirect: 'Tovholder cannot write privately to *{name}* in *{programme}* (Teams refused: {reason}). They need to install Tovholder or be in a team where Tovholder is.',
    modeChannels: 'The channels for *{programme}* are created as standard channels in the team *{team}*. Everyone in the team can see them.',
    modeThreads:
      'Tovholder may not create channels in the team *{team}* (the Channel.Create.Group permission is missing). *{programme}* and each partnership get their own thread in the General channel instead. Grant the permission and new programmes will use channels.',
    missing: 'These people in *{where}* are not members of the team *{team}* yet, so they cannot see the channel: {names}. Add them to the team.',
    notFound: 'I could not find these people in *{where}* in Teams: {names}. Add them with an @mention once they are in the team.',
    noTeam: 'I do not know which team to create the channels in. Add Tovholder to the team and write `@Tovholder help` there, and I will use that team.',
    noTeamError: 'no Teams team is known for this programme: add Tovholder to a team and write to it there',
    fileDeclined: 'The file *{file}* was not saved. Type `export` again if you want it.',
    fileGone: 'That file is no longer available. Type `export` for a new one.',
    fileFailed: 'The file *{file}* could not be saved to your OneDrive just now. Try pressing *Allow* again in a moment.',
  },
} as const;

export type TeamsTextKey = keyof (typeof TEXTS)['da'];

export function tt(locale: Locale, key: TeamsTextKey, params: Params = {}): string {
  return TEXTS[locale][key].replace(/\{(\w+)\}/g, (_all, name: string) => params[name] ?? `{${name}}`);
}
