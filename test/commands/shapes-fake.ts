import { randomUUID } from 'node:crypto';
import { createCore, type Core } from '../../src/app.ts';
import { ManualClock } from '../../src/clock.ts';
import type { ShapesService, FormatChange, PairingSwap, NewGroupMember } from '../../src/commands/shapes-port.ts';
import type { Member, Organisation, Partnership, Programme } from '../../src/domain/entities.ts';
import { templateSchema, type Template, type TemplateInput } from '../../src/domain/template.ts';
import { silentLogger } from '../../src/logger.ts';
import { consultantCtx } from '../support/core.ts';

const text = (da: string, en: string) => ({ da, en });

/** A KL network programme in small (seed 004's shape): networks of municipalities, a steering group, windows and fixed dates. */
export const NETWORK_INPUT: TemplateInput = {
  id: 'kvalitet-demo',
  version: 1,
  name: text('Kvalitet i dagtilbud', 'Quality in daycare'),
  description: text('Netværk af kommuner over to år.', 'Networks of municipalities over two years.'),
  months: 24,
  defaults: { reminders: { seminar: [5], conference: [10] } },
  roles: [
    { role: 'consultant', title: text('Konsulent', 'Consultant'), contributes: [text('Leder forløbet', 'Runs it')] },
    { role: 'dagtilbudschef', title: text('Dagtilbudschef', 'Head of daycare'), groupType: 'network', words: ['chef'], contributes: [text('Deltager', 'Takes part')] },
    { role: 'politiker', title: text('Politiker', 'Politician'), contributes: [text('Deltager', 'Takes part')] },
    { role: 'udvikler', title: text('Udviklingskonsulent', 'Development consultant'), groupType: 'udviklingsgruppe', contributes: [text('Deltager', 'Takes part')] },
  ],
  groupTypes: [
    { key: 'network', name: text('Netværk', 'Network'), plural: text('Netværk', 'Networks'), organisations: true },
    { key: 'styregruppe', name: text('Styregruppe', 'Steering group') },
    { key: 'udviklingsgruppe', name: text('Udviklingsgruppe', 'Development group') },
  ],
  groups: [{ key: 'styregruppe', type: 'styregruppe', name: text('Styregruppe', 'Steering group') }],
  steps: [
    { key: 'opstart', kind: 'conference', audience: { to: 'programme' }, title: text('Fælles opstartsseminar', 'Joint kick-off seminar'), placement: { on: '09-14' }, format: 'physical', place: 'Odense Congress Center', durationMinutes: 360 },
    { key: 'temamoede-1', kind: 'seminar', audience: { to: 'each', groupType: 'network' }, title: text('Temamøde 1', 'Theme meeting 1'), placement: { window: { quarter: 4 } }, format: 'virtual', durationMinutes: 360 },
    { key: 'besoeg', kind: 'visit', audience: { to: 'each', groupType: 'network' }, title: text('Kommunebesøg', 'Municipality visit'), placement: { from: 'temamoede-1', workingDays: 20 }, pairing: { between: 'organisations', size: 2, mode: 'visit' } },
    { key: 'konference', kind: 'conference', audience: { to: 'group', group: 'styregruppe' }, title: text('Styregruppekonference', 'Steering conference'), placement: { window: { part: 'ultimo' }, year: 1 } },
    { key: 'afslutning', kind: 'conference', audience: { to: 'types', groupTypes: ['styregruppe', 'udviklingsgruppe'] }, title: text('Afslutningsseminar', 'Closing seminar'), placement: { on: '03-15', year: 2 }, format: 'hybrid' },
  ],
};
export const NETWORK: Template = templateSchema.parse(NETWORK_INPUT);

/** Records what the commands asked of the service; keeps groups, organisations and members in memory. */
export class FakeShapes implements ShapesService {
  groups: Partnership[] = [];
  organisations: Organisation[] = [];
  members: Member[] = [];
  formats: { key: string; change: FormatChange }[] = [];
  swaps: PairingSwap[] = [];

  constructor(private readonly template: Template) {}

  templateOf(): Template {
    return this.template;
  }
  groupsOf(programme: Programme): Partnership[] {
    return this.groups.filter((g) => g.programmeId === programme.id);
  }
  organisationsOf(_programme: Programme, group: Partnership): Organisation[] {
    return this.organisations.filter((o) => o.groupId === group.id);
  }
  addGroup(programme: Programme, input: { groupType: string; name: string }, templateKey: string | null = null): Partnership {
    const group: Partnership = { id: `g${this.groups.length + 1}`, programmeId: programme.id, name: input.name, groupType: input.groupType, templateKey, culturalInstitution: null, daycare: null, position: this.groups.length, keywords: [], channelRef: null };
    this.groups.push(group);
    return group;
  }
  addOrganisation(programme: Programme, group: Partnership, name: string): Organisation {
    const organisation = { id: `o${this.organisations.length + 1}`, programmeId: programme.id, groupId: group.id, name, position: this.organisationsOf(programme, group).length };
    this.organisations.push(organisation);
    return organisation;
  }
  addMemberToPartnership(programme: Programme, group: Partnership, m: NewGroupMember) {
    const member: Member = { id: randomUUID(), programmeId: programme.id, partnershipId: group.id, organisationId: m.organisationId ?? null, role: m.role, userRef: m.userRef, email: m.email, displayName: m.displayName, locale: null };
    this.members.push(member);
    return { kind: 'added' as const, member };
  }
  setFormat(_programme: Programme, key: string, change: FormatChange): void {
    this.formats.push({ key, change });
  }
  swapPairing(_programme: Programme, swap: PairingSwap): void {
    this.swaps.push(swap);
  }
}

export interface ShapesWorld {
  core: Core;
  fake: FakeShapes;
  programme: Programme;
  nord: Partnership;
  syd: Partnership;
  styregruppe: Partnership;
}

/**
 * A core that knows the network template, with a programme of it stored as a row (the planner for
 * these shapes is another part of #13) and the fake service hung where the commands look for it.
 */
export function shapesWorld(): ShapesWorld {
  const clock = new ManualClock('2026-12-01T10:00:00Z');
  const core = createCore({ dbPath: ':memory:', clock, logger: silentLogger(), platforms: [], templates: [NETWORK] });
  const programme = core.repos.programmes.insert({
    platform: 'slack', workspaceId: 'T1', name: 'Kvalitet Nordjylland', templateId: NETWORK.id, startDate: '2027-01-04',
    timezone: 'Europe/Copenhagen', locale: 'da', settings: { blackouts: [], closedOnCustomaryDaysOff: true }, createdBy: 'U0', createdAt: clock.now().toISOString(),
  });
  core.repos.members.insert({ programmeId: programme.id, partnershipId: null, role: 'consultant', userRef: consultantCtx.userRef, email: null, displayName: 'Karen Konsulent', locale: null });
  const fake = new FakeShapes(NETWORK);
  (core as Core & { shapes: ShapesService }).shapes = fake;
  const styregruppe = fake.addGroup(programme, { groupType: 'styregruppe', name: 'Styregruppe' }, 'styregruppe');
  const nord = fake.addGroup(programme, { groupType: 'network', name: 'Netværk Nord' });
  const syd = fake.addGroup(programme, { groupType: 'network', name: 'Netværk Syd' });
  for (const name of ['Hjørring Kommune', 'Frederikshavn Kommune', 'Brønderslev Kommune']) fake.addOrganisation(programme, nord, name);
  for (const name of ['Aalborg Kommune', 'Thisted Kommune']) fake.addOrganisation(programme, syd, name);
  return { core, fake, programme, nord, syd, styregruppe };
}
