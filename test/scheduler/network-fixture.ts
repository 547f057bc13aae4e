/**
 * A small network programme in memory (KL's shape, seed 003): networks of municipalities, a steering
 * group, window steps, homework, mutual visits. For unit tests of recipients and messages.
 */
import type { Activity, Organisation, Partnership, Programme } from '../../src/domain/entities.ts';
import { templateSchema, type Template, type TemplateInput } from '../../src/domain/template.ts';
import type { MemberWithDm } from '../../src/store/programmes.ts';

const da = (text: string) => ({ da: text, en: text });

export const networkTemplateInput: TemplateInput = {
  id: 'netvaerk-test',
  version: 1,
  name: da('Netværk'),
  description: da('Netværk af kommuner'),
  months: 18,
  defaults: { reminders: { seminar: [5], homework: [2], visit: [5] } },
  roles: [
    { role: 'consultant', title: { da: 'Konsulent', en: 'Consultant' }, contributes: [da('Leder forløbet')] },
    { role: 'chef', title: { da: 'Dagtilbudschef', en: 'Head of day care' }, groupType: 'netvaerk', words: ['chef'], contributes: [{ da: 'Deltager i temamøderne', en: 'Takes part in the meetings' }, { da: 'Tager hjem og sætter i gang', en: 'Starts work at home' }], ownWorkHours: 2 },
    { role: 'koordinator', title: { da: 'Koordinator', en: 'Coordinator' }, groupType: 'netvaerk', contributes: [da('Sætter datoer')] },
    { role: 'politiker', title: { da: 'Politiker', en: 'Politician' }, groupType: 'styregruppe', contributes: [da('Deltager i konferencen')] },
  ],
  groupTypes: [
    { key: 'netvaerk', name: { da: 'Netværk', en: 'Network' }, organisations: true },
    { key: 'styregruppe', name: { da: 'Styregruppe', en: 'Steering group' } },
  ],
  groups: [{ key: 'styregruppe', type: 'styregruppe', name: da('Styregruppen') }],
  steps: [
    { key: 'seminar-1', kind: 'seminar', audience: { to: 'programme' }, title: da('Kickoff-seminar'), durationMinutes: 360, placement: { from: 'start', weeks: 0 }, format: 'physical', place: 'Multihuset, Aarhus' },
    { key: 'temamoede-2', kind: 'seminar', audience: { to: 'each', groupType: 'netvaerk' }, title: da('Temamøde 2'), durationMinutes: 300, placement: { window: { quarter: 2 }, year: 1, setBy: 'koordinator' } },
    { key: 'temamoede-3', kind: 'seminar', audience: { to: 'each', groupType: 'netvaerk' }, title: da('Temamøde 3'), durationMinutes: 300, placement: { from: 'start', weeks: 20 } },
    { key: 'hjemmeopgave', kind: 'homework', audience: { to: 'each', groupType: 'netvaerk', roles: ['chef'], direct: true }, title: da('Læs rapporten'), placement: { from: 'temamoede-3', workingDays: -5 } },
    { key: 'besoeg-1', kind: 'visit', audience: { to: 'each', groupType: 'netvaerk' }, title: { da: 'Kommunebesøg 1', en: 'Municipality visit 1' }, durationMinutes: 180, placement: { from: 'start', weeks: 10 }, pairing: { between: 'organisations', size: 2, mode: 'visit' } },
    { key: 'konference', kind: 'conference', audience: { to: 'group', group: 'styregruppe' }, title: da('Styregruppekonference'), durationMinutes: 240, placement: { from: 'start', weeks: 30 }, format: 'hybrid', place: 'Christiansborg' },
    { key: 'faelles', kind: 'seminar', audience: { to: 'types', groupTypes: ['netvaerk', 'styregruppe'] }, title: da('Fælles seminar'), durationMinutes: 360, placement: { from: 'start', weeks: 40 }, format: 'virtual' },
    { key: 'ledere', kind: 'task', audience: { to: 'programme', roles: ['chef'], direct: true }, title: da('Svar på spørgeskemaet'), placement: { from: 'start', weeks: 2 } },
  ],
};

export const networkTemplate: Template = templateSchema.parse(networkTemplateInput);

export const programme: Programme = {
  id: 'prog',
  platform: 'slack',
  workspaceId: 'T1',
  name: 'Netværk 2027',
  templateId: 'netvaerk-test',
  startDate: '2027-01-04',
  timezone: 'Europe/Copenhagen',
  locale: 'da',
  settings: { blackouts: [], closedOnCustomaryDaysOff: true },
  channelRef: 'C0',
  createdBy: 'U0',
  createdAt: '2026-12-01T09:00:00Z',
};

function group(id: string, name: string, groupType: string, position: number, templateKey: string | null = null): Partnership {
  return { id, programmeId: 'prog', name, groupType, templateKey, culturalInstitution: null, daycare: null, position, keywords: [], channelRef: `C-${id}` };
}

export const nord = group('nord', 'Netværk Nord', 'netvaerk', 0);
export const syd = group('syd', 'Netværk Syd', 'netvaerk', 1);
export const styregruppe = group('styr', 'Styregruppen', 'styregruppe', 2, 'styregruppe');
export const groups = [nord, syd, styregruppe];

export const organisations: Organisation[] = [
  { id: 'aarhus', programmeId: 'prog', groupId: 'nord', name: 'Aarhus Kommune', position: 0 },
  { id: 'randers', programmeId: 'prog', groupId: 'nord', name: 'Randers Kommune', position: 1 },
  { id: 'viborg', programmeId: 'prog', groupId: 'nord', name: 'Viborg Kommune', position: 2 },
];

function member(id: string, role: string, partnershipId: string | null, organisationId: string | null = null, locale: 'da' | 'en' | null = null): MemberWithDm {
  return { id, programmeId: 'prog', partnershipId, organisationId, role, userRef: `U-${id}`, email: null, displayName: id, locale, dmRef: null };
}

export const members: MemberWithDm[] = [
  member('karin', 'consultant', null),
  member('anna', 'chef', 'nord', 'aarhus'),
  member('bo', 'chef', 'nord', 'randers', 'en'),
  member('cai', 'chef', 'nord', 'viborg'),
  member('dorte', 'koordinator', 'nord', 'aarhus'),
  member('erik', 'chef', 'syd'),
  member('frida', 'politiker', 'styr'),
];

/** An activity of a step, dated 2027-05-10 09:00 local, with any field overridden. */
export function activity(stepKey: string, fields: Partial<Activity> = {}): Activity {
  const step = networkTemplate.steps.find((s) => s.key === stepKey)!;
  return {
    id: `a-${stepKey}-${fields.partnershipId ?? 'all'}`,
    programmeId: 'prog',
    partnershipId: null,
    stepKey,
    kind: step.kind,
    audience: step.audience,
    pairedPartnershipId: null,
    pairedOrganisationIds: [],
    startsAt: '2027-05-10T07:00:00Z',
    endsAt: '2027-05-10T12:00:00Z',
    location: step.place ?? null,
    format: step.format ?? null,
    meetingLink: null,
    window: null,
    undated: false,
    pinned: false,
    ...fields,
  };
}
