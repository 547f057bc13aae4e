/**
 * Messages for programme shapes beyond Små Partnerskaber (networks of municipalities, a steering
 * group): format, homework, visits between municipalities, date prompts, format changes, welcomes.
 */
import { describe, expect, it } from 'vitest';
import type { Activity } from '../../src/domain/entities.ts';
import { datePromptMessage } from '../../src/messages/date-prompt.ts';
import { formatChangeMessage } from '../../src/messages/format-change.ts';
import { groupWelcome } from '../../src/messages/group-welcome.ts';
import type { RichMessage } from '../../src/messages/model.ts';
import { pairingAnnouncement } from '../../src/messages/pairing-announcement.ts';
import { reminderMessage } from '../../src/messages/reminder.ts';
import { memberWelcome } from '../../src/messages/welcome.ts';
import { expectedHours } from '../../src/programmes/hours.ts';
import type { StoredActivity } from '../../src/store/activities.ts';
import { activity, groups, members, networkTemplate as template, nord, organisations, programme, styregruppe } from '../scheduler/network-fixture.ts';

const step = (key: string) => template.steps.find((s) => s.key === key)!;

/** Everything a message shows, as one text. */
function shown(message: RichMessage): string {
  return [message.text, ...message.blocks.map((b) => ('text' in b ? b.text : '') + ('fields' in b && b.fields ? b.fields.map((f) => ` ${f.label}: ${f.value}`).join('') : ''))].join('\n');
}

function reminder(a: Activity, locale: 'da' | 'en' = 'da', extra: Partial<Parameters<typeof reminderMessage>[0]> = {}): string {
  const group = a.partnershipId ? (groups.find((g) => g.id === a.partnershipId) ?? null) : null;
  return shown(reminderMessage({ programme, activity: a, step: step(a.stepKey), partnership: group, paired: null, viewpoint: group?.id ?? null, offsetDays: 5, locale, template, ...extra }));
}

const stored = (a: Activity): StoredActivity => ({ ...a, planKey: a.stepKey, localDate: a.startsAt.slice(0, 10), revision: 1 });

describe('reminders show how people meet', () => {
  it('in person, with the place', () => {
    expect(reminder(activity('seminar-1'))).toContain('Form: Fysisk · Multihuset, Aarhus');
    expect(reminder(activity('seminar-1'), 'en')).toContain('Format: In person · Multihuset, Aarhus');
  });

  it('online, with the link, for every group type it brings together', () => {
    const text = reminder(activity('faelles', { meetingLink: 'https://meet.example/abc' }));
    expect(text).toContain('Form: Virtuelt · https://meet.example/abc');
    expect(text).toContain('Hvem: Netværk + Styregruppe');
  });

  it('a deadline says the time of day it falls', () => {
    const deadline = { ...step('ledere'), kind: 'deadline' as const };
    const text = shown(reminderMessage({ programme, activity: activity('ledere', { kind: 'deadline' }), step: deadline, partnership: null, paired: null, viewpoint: null, offsetDays: 1, locale: 'da', template }));
    expect(text).toContain('Frist: Svar på spørgeskemaet næste arbejdsdag');
    expect(text).toContain('mandag den 10. maj 2027 kl. 09.00');
    expect(text).toContain('Hvem: Dagtilbudschef');
  });

  it('hybrid, with place and link, for the steering group’s conference', () => {
    const text = reminder(activity('konference', { partnershipId: 'styr', meetingLink: 'https://meet.example/k' }));
    expect(text).toContain('Form: Hybrid · Christiansborg + https://meet.example/k');
    expect(text).toContain('Styregruppen');
  });

  it('homework names the meeting it prepares and its date', () => {
    const text = reminder(activity('hjemmeopgave', { partnershipId: 'nord' }), 'da', { prepares: { title: step('temamoede-3').title, startsAt: '2027-03-12T08:00:00Z' } });
    expect(text).toContain('Hjemmeopgave: Læs rapporten om 5 arbejdsdage');
    expect(text).toContain('Inden: Temamøde 3, 12. marts');
  });

  it('a visit between municipalities says who visits whom', () => {
    const visit = activity('besoeg-1', { partnershipId: 'nord', pairedOrganisationIds: ['aarhus', 'randers'] });
    const organisation = (id: string) => organisations.find((o) => o.id === id);
    expect(reminder(visit, 'da', { organisation })).toContain('Aarhus Kommune besøger Randers Kommune');
    expect(reminder(visit, 'en', { organisation })).toContain('Aarhus Kommune visits Randers Kommune');
  });
});

describe('date prompt', () => {
  const undated = activity('temamoede-2', { partnershipId: 'nord', undated: true, startsAt: '2028-04-03T07:00:00Z', window: { from: '2028-04-01', to: '2028-06-30' } });

  it('names the step, the group and the window, and gives the command to set the date', () => {
    const text = shown(datePromptMessage({ programme, step: step('temamoede-2'), activity: undated, group: nord, locale: 'da' }));
    expect(text).toContain('*Temamøde 2* i Netværk Nord skal ligge i 2. kvartal 2028 og har ingen dato endnu. Sæt den med `/tovholder flyt temamoede-2 Netværk Nord 2028-04-03`');
    expect(text).toContain('Datoen skal ligge i perioden 1. april - 30. juni 2028.');
    expect(text).not.toContain('mellem');
  });

  it('in English', () => {
    const text = shown(datePromptMessage({ programme, step: step('temamoede-2'), activity: undated, group: nord, locale: 'en' }));
    expect(text).toContain('must take place in Q2 2028 and has no date yet');
  });
});

describe('format change notice', () => {
  it('shows the old and the new way of meeting', () => {
    const now = activity('temamoede-3', { partnershipId: 'nord', format: 'virtual', location: null, meetingLink: 'https://meet.example/t3' });
    const before = { format: 'physical' as const, location: 'Multihuset', meetingLink: null };
    const text = shown(formatChangeMessage(programme, template, [{ activity: now, before }], new Map(groups.map((g) => [g.id, g])), 'da'));
    expect(text).toContain('Temamøde 3 (Netværk Nord)');
    expect(text).toContain('~Fysisk · Multihuset~ → *Virtuelt · https://meet.example/t3*');
  });
});

describe('welcomes for a network', () => {
  const activities = [
    stored(activity('seminar-1', { startsAt: '2027-01-04T08:00:00Z' })),
    stored(activity('temamoede-2', { partnershipId: 'nord', undated: true, startsAt: '2028-04-03T07:00:00Z', window: { from: '2028-04-01', to: '2028-06-30' } })),
    stored(activity('konference', { partnershipId: 'styr', startsAt: '2027-08-02T07:00:00Z' })),
  ];

  it('a head of day care reads their role, municipality, hours, contributions and the format of what comes next', () => {
    const anna = members.find((m) => m.id === 'anna')!;
    const text = shown(memberWelcome({ programme, template, partnership: nord, member: anna, activities, partnerships: groups, organisations, locale: 'da', now: '2026-12-01T09:00:00Z' }));
    expect(text).toContain('Du er med i *Netværk Nord* (netværk) som *dagtilbudschef* for Aarhus Kommune. Forventet tid: ca. 30 timer i alt.');
    expect(text).toContain('Tager hjem og sætter i gang');
    expect(text).toContain('Kickoff-seminar · Fysisk · Multihuset, Aarhus');
    expect(text).toContain('2. kvartal 2028 — dato mangler: Temamøde 2');
    // The steering group's conference is not hers.
    expect(text).not.toContain('Styregruppekonference');
  });

  it("the network's channel lists its people with their municipality and every role with title and hours", () => {
    const own = members.filter((m) => m.partnershipId === 'nord');
    const text = shown(groupWelcome({ programme, template, group: nord, members: own, activities, organisations, locale: 'da' }));
    expect(text).toContain('*Netværk Nord* er netværk i Netværk 2027');
    expect(text).toContain(': Dagtilbudschef (Randers Kommune)');
    expect(text).toContain('*Dagtilbudschef* (ca. 30 timer)');
    expect(text).toContain('*Koordinator*');
  });

  it('hours count both sides of mutual visits and the role’s own work', () => {
    // Seminar 6 h + two temamøder 10 h + visits 2 × 3 h + joint seminar 6 h + own work 2 h.
    expect(expectedHours(template, 'chef')).toBe(30);
    expect(expectedHours(template, 'politiker')).toBe(4 + 6 + 6);
  });

  it('the steering group welcome names its type', () => {
    const text = shown(groupWelcome({ programme, template, group: styregruppe, members: [], activities, locale: 'en' }));
    expect(text).toContain('*Styregruppen* is a steering group in Netværk 2027');
  });
});

describe('pairing announcement', () => {
  it('lists who visits whom in each round', () => {
    const visits = [
      activity('besoeg-1', { id: 'v1', partnershipId: 'nord', pairedOrganisationIds: ['aarhus', 'randers'] }),
      activity('besoeg-1', { id: 'v2', partnershipId: 'nord', pairedOrganisationIds: ['randers', 'viborg'] }),
      activity('besoeg-1', { id: 'v3', partnershipId: 'nord', pairedOrganisationIds: ['viborg', 'aarhus'] }),
    ];
    const text = shown(pairingAnnouncement({ programme, template, group: nord, organisations, activities: visits, locale: 'da' }));
    expect(text).toContain('Makkerpar i Netværk Nord');
    expect(text).toContain('*Kommunebesøg 1*\n• Aarhus Kommune besøger Randers Kommune (mandag den 10. maj 2027)\n• Randers Kommune besøger Viborg Kommune');
  });
});
