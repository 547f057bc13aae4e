import { describe, expect, it, vi } from 'vitest';
import { handleCommand } from '../../src/commands/router.ts';
import { UserError } from '../../src/domain/errors.ts';
import { consultantCtx as ctx, replyText } from '../support/core.ts';
import { shapesWorld } from './shapes-fake.ts';

const en = { ...ctx, locale: 'en' as const };
const say = async (w: ReturnType<typeof shapesWorld>, text: string, as = ctx) => replyText(await handleCommand(w.core, text, as));

describe('gruppe / group', () => {
  it('adds a group of a type named by key, name or plural, in either language', async () => {
    const w = shapesWorld();
    expect(await say(w, 'gruppe netværk "Netværk Vest"')).toBe('Netværk *Netværk Vest* er tilføjet. Kanalen oprettes.');
    expect(await say(w, 'group Networks "Network East"', en)).toBe('Network *Network East* is added. Its channel is being created.');
    expect(await say(w, 'gruppe UDVIKLINGSGRUPPE "Udvikling"')).toContain('Udviklingsgruppe *Udvikling* er tilføjet');
    expect(w.fake.groups.slice(-3).map((g) => [g.name, g.groupType])).toEqual([
      ['Netværk Vest', 'network'],
      ['Network East', 'network'],
      ['Udvikling', 'udviklingsgruppe'],
    ]);
  });

  it('refuses an unknown type by listing the template’s group types, and adds nothing', async () => {
    const w = shapesWorld();
    const before = w.fake.groups.length;
    expect(await say(w, 'gruppe kagegruppe "X"')).toBe('Ukendt gruppetype «kagegruppe». Typer i Kvalitet i dagtilbud: netværk (network), styregruppe (styregruppe), udviklingsgruppe (udviklingsgruppe).');
    expect(await say(w, 'group cake "X"', en)).toBe('Unknown group type “cake”. Types in Quality in daycare: network (network), steering group (styregruppe), development group (udviklingsgruppe).');
    expect(w.fake.groups.length).toBe(before);
  });
});

describe('organisation and medlem with the template’s roles', () => {
  it('adds a municipality to a network with its people, roles by word, key or title', async () => {
    const w = shapesWorld();
    const reply = await say(w, 'organisation "Netværk Nord" "Jammerbugt Kommune" <@U5|anna>=chef <@U6|bo>=Politiker');
    expect(reply).toBe(
      ['Jammerbugt Kommune er tilføjet til Netværk Nord.', 'anna er tilføjet til Netværk Nord (Jammerbugt Kommune) som dagtilbudschef.', 'bo er tilføjet til Netværk Nord (Jammerbugt Kommune) som politiker.'].join('\n'),
    );
    const organisation = w.fake.organisations.find((o) => o.name === 'Jammerbugt Kommune')!;
    expect(w.fake.members.map((m) => [m.userRef, m.role, m.partnershipId, m.organisationId])).toEqual([
      ['U5', 'dagtilbudschef', w.nord.id, organisation.id],
      ['U6', 'politiker', w.nord.id, organisation.id],
    ]);
  });

  it('refuses a role this template does not have by listing its roles, before adding anything', async () => {
    const w = shapesWorld();
    const organisations = w.fake.organisations.length;
    const reply = await say(w, 'organisation "Netværk Nord" "Jammerbugt Kommune" <@U5|anna>=kultur');
    expect(reply).toBe('Ukendt rolle «kultur». Roller i Kvalitet i dagtilbud: consultant, chef, politiker, udvikler.');
    expect(await say(w, 'member "Netværk Nord" <@U5|anna>=cook', en)).toBe('Unknown role “cook”. Roles in Kvalitet i dagtilbud: consultant, chef, politiker, udvikler.');
    expect(w.fake.organisations.length).toBe(organisations);
    expect(w.fake.members).toEqual([]);
  });

  it('adds a member to a municipality of a network, or to the network itself', async () => {
    const w = shapesWorld();
    expect(await say(w, 'medlem "Netværk Nord" "Hjørring" <@U7|carl>=dagtilbudschef')).toBe('carl er tilføjet til Netværk Nord (Hjørring Kommune) som dagtilbudschef.');
    expect(await say(w, 'member "Netværk Syd" "<@U8|dina>=head of daycare"', en)).toBe('dina is added to Netværk Syd as head of daycare.');
    expect(w.fake.members.map((m) => m.organisationId)).toEqual([w.fake.organisations[0]!.id, null]);
  });

  it('refuses an unknown municipality by naming the network’s, and an organisation in a group that has none', async () => {
    const w = shapesWorld();
    expect(await say(w, 'medlem "Netværk Nord" "Skagen" <@U7|carl>=chef')).toBe(
      'Jeg kan ikke finde «Skagen» i Netværk Nord. Organisationer: Hjørring Kommune, Frederikshavn Kommune, Brønderslev Kommune.',
    );
    expect(await say(w, 'medlem "Netværk Øst" <@U7|carl>=chef')).toBe('Jeg kan ikke finde gruppen «Netværk Øst» i Kvalitet Nordjylland. Grupper: Styregruppe, Netværk Nord, Netværk Syd.');
    expect(await say(w, 'organisation "Styregruppe" "Hjørring Kommune" <@U7|carl>=politiker')).toContain('Styregruppe har ingen organisationer');
    expect(w.fake.members).toEqual([]);
  });
});

describe('partnerskab in a programme of networks', () => {
  it('points to gruppe instead of adding a partnership the template does not have', async () => {
    const w = shapesWorld();
    expect(await say(w, 'partnerskab "Havet" "A" "B"')).toBe('Kvalitet Nordjylland har ingen partnerskaber, men grupper. Tilføj en med «/tovholder gruppe network "Navn"».');
    expect(w.core.repos.partnerships.listForProgramme(w.programme.id)).toEqual([]);
  });
});

describe('format / sted', () => {
  it('sets a network’s meeting virtual with a link, physical with a place, hybrid with both', async () => {
    const w = shapesWorld();
    expect(await say(w, 'format temamoede-1 "Netværk Nord" virtuel https://meet.example/abc')).toBe(
      'Temamøde 1 (Netværk Nord): virtuel, https://meet.example/abc. Deltagerne får besked.',
    );
    expect(await say(w, 'format "Temamøde 1" Netværk Syd fysisk "Kulturhuset, sal 2"')).toBe('Temamøde 1 (Netværk Syd): fysisk, Kulturhuset, sal 2. Deltagerne får besked.');
    expect(await say(w, 'format afslutning hybrid "Christiansborg" https://meet.example/x', en)).toBe('Closing seminar: hybrid, Christiansborg, https://meet.example/x. The participants are told.');
    expect(w.fake.formats).toEqual([
      { key: `temamoede-1@${w.nord.id}`, change: { format: 'virtual', meetingLink: 'https://meet.example/abc', location: null } },
      { key: `temamoede-1@${w.syd.id}`, change: { format: 'physical', meetingLink: null, location: 'Kulturhuset, sal 2' } },
      { key: 'afslutning', change: { format: 'hybrid', meetingLink: 'https://meet.example/x', location: 'Christiansborg' } },
    ]);
  });

  it.each([
    ['a link that is not https', 'format temamoede-1 "Netværk Nord" virtuel http://meet.example/abc', '«http://meet.example/abc» er ikke et link til mødet. Skriv hele linket, så det begynder med https://.'],
    ['a virtual meeting without a link', 'format temamoede-1 "Netværk Nord" virtuel', 'Mødeformen «virtuel» kræver et link, der begynder med https://, fx «/tovholder format temamoede-1 "Netværk Nord" virtuel https://meet.example/abc».'],
    ['a hybrid meeting without a link', 'format temamoede-1 "Netværk Nord" hybrid "Kulturhuset"', 'Mødeformen «hybrid» kræver et link, der begynder med https://, fx «/tovholder format temamoede-1 "Netværk Nord" hybrid https://meet.example/abc».'],
    ['a physical meeting with a link', 'format temamoede-1 "Netværk Nord" fysisk https://meet.example/abc', 'Et fysisk møde har intet link.'],
    ['an unknown format', 'format temamoede-1 "Netværk Nord" telepati', 'Ukendt mødeform «telepati». Brug fysisk, virtuel eller hybrid'],
    ['a network meeting without the network', 'format temamoede-1 virtuel https://meet.example/abc', '«Temamøde 1» holdes i hver gruppe for sig. Skriv også hvilken, fx «/tovholder format temamoede-1 "Netværk Nord" virtuel https://meet.example/abc».'],
    ['an unknown activity', 'format kaffepause fysisk', 'Jeg kender ikke aktiviteten «kaffepause». Aktiviteter: opstart, temamoede-1, besoeg, konference, afslutning.'],
  ])('refuses %s in clear Danish and changes nothing', async (_what, text, expected) => {
    const w = shapesWorld();
    expect(await say(w, text)).toContain(expected);
    expect(w.fake.formats).toEqual([]);
  });

  it('answers a bad link in English too', async () => {
    const w = shapesWorld();
    expect(await say(w, 'format temamoede-1 "Netværk Nord" virtual', en)).toBe('A virtual meeting needs a link starting with https://, e.g. “/tovholder format temamoede-1 "Netværk Nord" virtual https://meet.example/abc”.');
    expect(await say(w, 'format temamoede-1 "Netværk Nord" virtual meet.example/abc', en)).toBe('“meet.example/abc” is not a link to the meeting. Write the whole link, starting with https://.');
  });

  it('sets a place; a step for the steering group needs no group, a plan key names group and organisation', async () => {
    const w = shapesWorld();
    expect(await say(w, 'sted konference "Christiansborg"')).toBe('Stedet for Styregruppekonference (Styregruppe) er nu Christiansborg. Deltagerne får besked.');
    expect(await say(w, `place besoeg@${w.nord.id}#Hjørring "Rådhuset"`, en)).toBe('The place of Municipality visit (Netværk Nord, Hjørring Kommune) is now Rådhuset. The participants are told.');
    expect(await say(w, 'sted temamoede-1 Netværk Nord "Kulturhuset"')).toContain('Temamøde 1 (Netværk Nord)');
    expect(w.fake.formats.map((f) => [f.key, f.change])).toEqual([
      [`konference@${w.styregruppe.id}`, { location: 'Christiansborg' }],
      [`besoeg@${w.nord.id}#${w.fake.organisations[0]!.id}`, { location: 'Rådhuset' }],
      [`temamoede-1@${w.nord.id}`, { location: 'Kulturhuset' }],
    ]);
  });
});

describe('byt / swap', () => {
  it('swaps two municipalities of a network in a step’s pairs', async () => {
    const w = shapesWorld();
    expect(await say(w, 'byt besoeg "Hjørring" "Brønderslev"')).toBe('Hjørring Kommune og Brønderslev Kommune har byttet plads i Kommunebesøg. De berørte får besked om deres nye par.');
    expect(await say(w, 'swap "Municipality visit" Aalborg Thisted', en)).toContain('Aalborg Kommune and Thisted Kommune have swapped places in Municipality visit.');
    const [hj, , br, aal, th] = w.fake.organisations;
    expect(w.fake.swaps).toEqual([
      { stepKey: 'besoeg', groupId: w.nord.id, a: hj!.id, b: br!.id },
      { stepKey: 'besoeg', groupId: w.syd.id, a: aal!.id, b: th!.id },
    ]);
  });

  it.each([
    ['municipalities of two networks', 'byt besoeg "Hjørring" "Aalborg"', 'Hjørring Kommune og Aalborg Kommune er ikke i samme gruppe, så de kan ikke byttes.'],
    ['an unknown municipality', 'byt besoeg "Hjørring" "Skagen"', 'Jeg kan ikke finde «Skagen» i Netværk Nord, Netværk Syd. Organisationer: Hjørring Kommune, Frederikshavn Kommune, Brønderslev Kommune, Aalborg Kommune, Thisted Kommune.'],
    ['a step without pairs', 'byt opstart "Hjørring" "Brønderslev"', '«opstart» parrer ingen. Trin med par: besoeg.'],
    ['the same one twice', 'byt besoeg "Hjørring" "hjørring"', '«Hjørring» kan ikke byttes med sig selv.'],
  ])('refuses %s and swaps nothing', async (_what, text, expected) => {
    const w = shapesWorld();
    expect(await say(w, text)).toBe(expected);
    expect(w.fake.swaps).toEqual([]);
  });
});

describe('flyt for a window step', () => {
  it('passes the date to the service with the group, and shows its refusal of a date outside the window', async () => {
    const w = shapesWorld();
    const outside = { da: 'Temamøde 1 skal ligge i 4. kvartal 2027 (1. oktober - 31. december 2027). Intet er ændret.', en: 'Theme meeting 1 must lie in Q4 2027 (1 October - 31 December 2027). Nothing was changed.' };
    const preview = vi.spyOn(w.core.programmes, 'previewMove').mockImplementation(() => {
      throw new UserError('outside_window', outside);
    });
    expect(await say(w, 'flyt temamoede-1 "Netværk Nord" 2027-06-01')).toBe(outside.da);
    expect(await say(w, `move temamoede-1@${w.syd.id} 2027-06-01 10:00`, en)).toBe(outside.en);
    expect(preview.mock.calls.map(([, move]) => move)).toEqual([
      { stepKey: 'temamoede-1', partnershipId: w.nord.id, date: '2027-06-01' },
      { stepKey: 'temamoede-1', partnershipId: w.syd.id, date: '2027-06-01', startTime: '10:00' },
    ]);
  });

  it('asks which network when none is given', async () => {
    const w = shapesWorld();
    expect(await say(w, 'flyt temamoede-1 2027-11-01')).toBe('«Temamøde 1» holdes i hver gruppe for sig. Skriv også hvilken, fx «/tovholder flyt temamoede-1 "Netværk Nord" 2027-11-01».');
  });
});

describe('help', () => {
  it('names the new commands in Danish and English', async () => {
    const w = shapesWorld();
    const da = await say(w, 'hjælp');
    for (const word of ['gruppe netværk', 'organisation "Netværk Nord"', 'format temamoede-2 virtuel', 'sted temamoede-2', 'byt besoeg-1']) expect(da).toContain(`/tovholder ${word}`);
    const english = await say(w, 'help', en);
    for (const word of ['group network', 'organisation "Network North"', 'format temamoede-2 virtual', 'place temamoede-2', 'swap besoeg-1']) expect(english).toContain(`/tovholder ${word}`);
  });
});
