import { describe, expect, it, vi } from 'vitest';
import { demoStart, demoTemplates, seedDemo } from '../../../adapters/local/demo.ts';
import { demoGroups } from '../../../adapters/local/demo-shapes.ts';
import { LocalStore } from '../../../adapters/local/store.ts';
import { createCore } from '../../../src/app.ts';
import { ManualClock } from '../../../src/clock.ts';
import { silentLogger } from '../../../src/logger.ts';
import { UserError } from '../../../src/domain/errors.ts';
import { NETWORK, shapesWorld } from '../../commands/shapes-fake.ts';

describe('the demo from any template', () => {
  it('plans two networks of three municipalities with two people each, and people for the other groups', () => {
    const groups = demoGroups(NETWORK);
    expect(groups.map((g) => [g.name, g.type.key, g.templateKey, g.organisations.map((o) => o.name)])).toEqual([
      ['Netværk Nord', 'network', null, ['Hjørring Kommune', 'Frederikshavn Kommune', 'Brønderslev Kommune']],
      ['Netværk Syd', 'network', null, ['Aalborg Kommune', 'Jammerbugt Kommune', 'Thisted Kommune']],
      ['Styregruppe', 'styregruppe', 'styregruppe', []],
      ['Udviklingsgruppe 1', 'udviklingsgruppe', null, []],
    ]);
    const networkPeople = groups.slice(0, 2).flatMap((g) => g.organisations.flatMap((o) => o.people));
    expect(networkPeople).toHaveLength(12);
    expect(new Set(networkPeople.map((p) => p.role))).toEqual(new Set(['dagtilbudschef']));
    expect(networkPeople[0]!.person.title).toBe('Dagtilbudschef, Hjørring Kommune');
    expect(groups[2]!.people.map((p) => p.role)).toEqual(['politiker', 'politiker']);
    expect(groups[3]!.people.map((p) => p.role)).toEqual(['udvikler', 'udvikler']);
    const handles = groups.flatMap((g) => [...g.people, ...g.organisations.flatMap((o) => o.people)]).map((p) => p.person.handle);
    expect(new Set(handles).size).toBe(handles.length);
  });

  it('seeds the picked template through the service: groups, municipalities, members, and the people in the workspace', () => {
    const { core, fake } = shapesWorld();
    fake.groups = [];
    fake.organisations = [];
    vi.spyOn(core.programmes, 'createProgramme').mockImplementation((input) => {
      const programme = core.repos.programmes.insert({ ...input, settings: { blackouts: [], closedOnCustomaryDaysOff: true }, createdBy: input.consultant.userRef, createdAt: core.clock.now().toISOString() });
      // The real service creates the template's named groups with the programme.
      fake.addGroup(programme, { groupType: 'styregruppe', name: 'Styregruppe' }, 'styregruppe');
      return { programme, changes: [] };
    });
    const store = LocalStore.open(':memory:', new ManualClock('2026-12-01T10:00:00Z'));
    const reply = seedDemo(core, store, { platform: 'local', workspaceId: 'local' }, ['2027-01-04', 'Kvalitet', 'i', 'dagtilbud']);
    expect(reply).toContain('*Kvalitet i dagtilbud Nordjylland* er oprettet og starter');
    expect(reply).toContain('Netværk Nord (Hjørring Kommune, Frederikshavn Kommune, Brønderslev Kommune); Netværk Syd (');
    expect(core.programmes.createProgramme).toHaveBeenCalledWith(expect.objectContaining({ templateId: 'kvalitet-demo', startDate: '2027-01-04' }));
    expect(fake.groups.map((g) => g.name)).toEqual(['Styregruppe', 'Netværk Nord', 'Netværk Syd', 'Udviklingsgruppe 1']);
    expect(fake.organisations).toHaveLength(6);
    expect(fake.members).toHaveLength(16);
    expect(fake.members.filter((m) => m.organisationId !== null)).toHaveLength(12);
    const people = store.users().map((u) => u.ref);
    for (const m of fake.members) expect(people).toContain(m.userRef);
  });

  it('offers every template on the page, Små Partnerskaber first', () => {
    const { core } = shapesWorld();
    expect(demoTemplates(core)).toEqual([
      { id: 'smaa-partnerskaber', name: 'Små Partnerskaber' },
      { id: 'kl-boernefaellesskaber', name: 'Stærke børnefællesskaber i dagtilbud (KL)' },
      { id: 'kl-digital-udvikling', name: '0-18 år og den digitale udvikling (KL)' },
      { id: 'kl-kvalitet-dagtilbud', name: 'Kvalitet i dagtilbud (KL)' },
      { id: 'velfaerdspartnerskab', name: 'Velfærdspartnerskab (CBS)' },
      { id: 'kvalitet-demo', name: 'Kvalitet i dagtilbud' },
    ]);
  });

  it('refuses a template that does not exist by naming those there are', () => {
    const { core } = shapesWorld();
    const store = LocalStore.open(':memory:', new ManualClock('2026-12-01T10:00:00Z'));
    let refusal: unknown;
    try {
      seedDemo(core, store, { platform: 'local', workspaceId: 'local' }, ['kage']);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(UserError);
    expect((refusal as UserError).in('da')).toBe('Ukendt skabelon «kage». Kendte skabeloner: smaa-partnerskaber, kl-boernefaellesskaber, kl-digital-udvikling, kl-kvalitet-dagtilbud, velfaerdspartnerskab, kvalitet-demo.');
    expect(core.repos.programmes.listInWorkspace('local', 'local')).toEqual([]);
  });
});

describe('the demo’s start for a template with fixed dates', () => {
  it('starts a KL programme picked in December in the new year, so its September kick-off is not left behind', () => {
    const clock = new ManualClock('2026-12-01T10:00:00Z');
    const core = createCore({ dbPath: ':memory:', clock, logger: silentLogger(), platforms: [] });
    const store = LocalStore.open(':memory:', clock);
    const reply = seedDemo(core, store, { platform: 'local', workspaceId: 'local' }, ['kl-kvalitet-dagtilbud']);
    expect(reply).toContain('*Kvalitet i dagtilbud (KL) Nordjylland* er oprettet og starter mandag den 4. januar 2027 med Netværk Nord (');
    const [programme] = core.repos.programmes.listInWorkspace('local', 'local');
    const kickOff = core.repos.activities.listForProgramme(programme!.id).find((a) => a.stepKey === 'opstartsseminar')!;
    expect(kickOff.localDate).toBe('2027-09-20');
    // Små Partnerskaber counts from its start: the coming Monday, as before.
    expect(demoStart(core.templates.get('smaa-partnerskaber')!, clock.now(), 'Europe/Copenhagen')).toBe('2026-12-07');
  });

  it('refuses a start typed by the visitor that would leave the template’s dates behind, and creates nothing', () => {
    const clock = new ManualClock('2026-12-01T10:00:00Z');
    const core = createCore({ dbPath: ':memory:', clock, logger: silentLogger(), platforms: [] });
    const store = LocalStore.open(':memory:', clock);
    expect(() => seedDemo(core, store, { platform: 'local', workspaceId: 'local' }, ['2026-12-07', 'kl-kvalitet-dagtilbud'])).toThrow(UserError);
    expect(core.repos.programmes.listInWorkspace('local', 'local')).toEqual([]);
  });
});
