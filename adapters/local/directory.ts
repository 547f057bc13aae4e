/**
 * The people of the local workspace and the demo programme's partnerships. Seed 000 names the four
 * offers (Nordsøen Oceanarium, Herregården Odden, Kornets Hus, Vendsyssel Teater in Hjørring Kommune)
 * and one daycare (Børnehaven Bjørnen); the other daycares and all people are invented.
 */

/** A person (or the bot) in the local workspace. */
export interface LocalPerson {
  ref: string;
  handle: string;
  name: string;
  email: string | null;
  title: string;
  isBot: boolean;
}

export const WORKSPACE_ID = 'local';
export const WORKSPACE_NAME = 'Hjørring Kommune';
export const BOT_REF = 'B-tovholder';
export const CONSULTANT_REF = 'U-mette';
/** The channel every person is in from the start, like Slack's #general. */
export const GENERAL_CHANNEL = 'C-generelt';

const person = (handle: string, name: string, title: string): LocalPerson => ({
  ref: `U-${handle}`,
  handle,
  name,
  email: `${handle}@hjoerring.example`,
  title,
  isBot: false,
});

export const BOT: LocalPerson = { ref: BOT_REF, handle: 'tovholder', name: 'Tovholder', email: null, title: 'Bot', isBot: true };

export const PEOPLE: LocalPerson[] = [
  person('mette', 'Mette Kjær Andersen', 'Kulturkonsulent, Hjørring Kommune'),
  person('anders', 'Anders Holm', 'Formidler, Nordsøen Oceanarium'),
  person('sofie', 'Sofie Nørgaard', 'Pædagog, Børnehaven Bjørnen'),
  person('jens', 'Jens Bach Larsen', 'Formidler, Herregården Odden'),
  person('line', 'Line Vestergaard', 'Pædagog, Børnehuset Mariehønen'),
  person('maja', 'Maja Thomsen', 'Formidler, Kornets Hus'),
  person('rasmus', 'Rasmus Kristensen', 'Pædagog, Naturbørnehaven Troldeskoven'),
  person('camilla', 'Camilla Dahl', 'Formidler, Vendsyssel Teater'),
  person('peter', 'Peter Jakobsen', 'Pædagog, Børnehuset Solstrålen'),
];

/** The four partnerships of the demo, each with its two staff members (by handle). */
export const DEMO_PARTNERSHIPS = [
  { name: 'Havet', culture: 'Nordsøen Oceanarium', daycare: 'Børnehaven Bjørnen', cultureStaff: 'anders', daycareStaff: 'sofie' },
  { name: 'Herregården', culture: 'Herregården Odden', daycare: 'Børnehuset Mariehønen', cultureStaff: 'jens', daycareStaff: 'line' },
  { name: 'Kornet', culture: 'Kornets Hus', daycare: 'Naturbørnehaven Troldeskoven', cultureStaff: 'maja', daycareStaff: 'rasmus' },
  { name: 'Teatret', culture: 'Vendsyssel Teater', daycare: 'Børnehuset Solstrålen', cultureStaff: 'camilla', daycareStaff: 'peter' },
] as const;

export function personByHandle(handle: string): LocalPerson | undefined {
  return PEOPLE.find((p) => p.handle === handle);
}
