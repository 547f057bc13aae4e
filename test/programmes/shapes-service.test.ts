import { beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../src/app.ts';
import type { Partnership, Programme } from '../../src/domain/entities.ts';
import { templateSchema } from '../../src/domain/template.ts';
import { ProgrammeService } from '../../src/programmes/service.ts';
import { TemplateRegistry } from '../../src/templates/registry.ts';
import { dbSnapshot } from '../support/core.ts';
import { create, deliveryKeys, networkInput, networkTemplate, refusal, setUp, text } from './shapes-fixture.ts';

describe('programme shapes through the service', () => {
  let core: Core;
  let programme: Programme;
  beforeEach(() => {
    ({ core } = setUp());
    programme = create(core);
  });

  const groupNamed = (name: string): Partnership => core.repos.partnerships.findByName(programme.id, name)!;
  const activity = (key: string) => core.repos.activities.listForProgramme(programme.id).find((a) => a.planKey === key)!;

  it('creating a programme creates the named groups, with a channel only where the type has one', () => {
    const steering = groupNamed('Styregruppen');
    const track = groupNamed('Spor A');
    expect(steering).toMatchObject({ groupType: 'styregruppe', templateKey: 'styregruppe', culturalInstitution: null });
    expect(track).toMatchObject({ groupType: 'spor', templateKey: 'spor-a' });
    const channelsFor = core.db.prepare("SELECT target FROM deliveries WHERE payload LIKE '%create_channel%'").pluck().all() as string[];
    expect(channelsFor).toContain(JSON.stringify({ type: 'partnership', id: track.id }));
    expect(channelsFor).not.toContain(JSON.stringify({ type: 'partnership', id: steering.id }));
    expect(channelsFor).toContain(JSON.stringify({ type: 'programme', id: programme.id }));
  });

  it('addGroup adds a network with its channel and plan; an unknown type is refused naming the types, changing nothing', () => {
    const before = dbSnapshot(core);
    const error = refusal(() => core.programmes.addGroup(programme, { groupType: 'partnerskab', name: 'Nord' }));
    expect(error.code).toBe('unknown_group_type');
    expect(error.text.da).toBe('Skabelonen har ingen gruppetype «partnerskab». Gruppetyper: netvaerk (Netværk), styregruppe (Styregruppe), spor (Spor).');
    expect(dbSnapshot(core)).toBe(before);
    const nord = core.programmes.addGroup(programme, { groupType: 'netvaerk', name: 'Nord' });
    expect(nord).toMatchObject({ groupType: 'netvaerk', templateKey: null });
    expect(activity(`temamoede-1@${nord.id}`)).toBeDefined();
    expect(core.db.prepare("SELECT COUNT(*) FROM deliveries WHERE target = ? AND payload LIKE '%create_channel%'").pluck().get(JSON.stringify({ type: 'partnership', id: nord.id }))).toBe(1);
    expect(refusal(() => core.programmes.addGroup(programme, { groupType: 'netvaerk', name: 'nord' })).code).toBe('group_exists');
  });

  it('addOrganisation adds municipalities in order to a network, and refuses a group without organisations', () => {
    const nord = core.programmes.addGroup(programme, { groupType: 'netvaerk', name: 'Nord' });
    const names = ['Aalborg', 'Hjørring', 'Thisted'].map((n) => core.programmes.addOrganisation(programme, nord, n));
    expect(core.repos.organisations.listForGroup(nord.id).map((o) => [o.name, o.position])).toEqual([['Aalborg', 0], ['Hjørring', 1], ['Thisted', 2]]);
    expect(names[2]!.groupId).toBe(nord.id);
    const before = dbSnapshot(core);
    const error = refusal(() => core.programmes.addOrganisation(programme, groupNamed('Styregruppen'), 'Aalborg'));
    expect(error.text.da).toBe('Styregruppen er en gruppe af typen «Styregruppe», som ikke har organisationer.');
    expect(refusal(() => core.programmes.addOrganisation(programme, nord, 'aalborg')).code).toBe('organisation_exists');
    expect(dbSnapshot(core)).toBe(before);
  });

  it('a member speaks for an organisation of their group; another group’s is refused; a group without a channel invites to none', () => {
    const nord = core.programmes.addGroup(programme, { groupType: 'netvaerk', name: 'Nord' });
    const syd = core.programmes.addGroup(programme, { groupType: 'netvaerk', name: 'Syd' });
    const aalborg = core.programmes.addOrganisation(programme, nord, 'Aalborg');
    const outcome = core.programmes.addMemberToPartnership(programme, nord, { role: 'dagtilbudschef', userRef: 'U1', email: null, displayName: 'Anna', organisationId: aalborg.id });
    expect(outcome.kind).toBe('added');
    expect(core.repos.members.get(outcome.member.id)).toMatchObject({ organisationId: aalborg.id, partnershipId: nord.id });
    expect(refusal(() => core.programmes.addMemberToPartnership(programme, syd, { role: 'dagtilbudschef', userRef: 'U2', email: null, displayName: 'Bo', organisationId: aalborg.id })).code).toBe('unknown_organisation');
    const politician = core.programmes.addMemberToPartnership(programme, groupNamed('Styregruppen'), { role: 'politiker', userRef: 'U3', email: null, displayName: 'Per' });
    expect(deliveryKeys(core, `invite:member:${politician.member.id}:%`)).toEqual([`invite:member:${politician.member.id}:programme`]);
  });

  it('setFormat makes a temamøde virtual without pinning it, tells the network once, and a retry tells nobody again', () => {
    const nord = core.programmes.addGroup(programme, { groupType: 'netvaerk', name: 'Nord' });
    const key = `temamoede-1@${nord.id}`;
    const result = core.programmes.setFormat(programme, key, { format: 'virtual', meetingLink: 'https://meet.example/tema1' });
    expect(result.changed).toBe(true);
    expect(activity(key)).toMatchObject({ format: 'virtual', meetingLink: 'https://meet.example/tema1', location: null, pinned: false });
    const notices = deliveryKeys(core, 'format:%');
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(new RegExp(`^format:partnership:${nord.id}:`));
    const payload = JSON.parse(core.db.prepare('SELECT payload FROM deliveries WHERE idempotency_key = ?').pluck().get(notices[0]) as string);
    expect(payload.message.blocks[1].text).toContain('virtuelt møde');
    expect(payload.message.blocks[1].text).toContain('Link: https://meet.example/tema1');
    expect(core.programmes.setFormat(programme, key, { format: 'virtual', meetingLink: 'https://meet.example/tema1' }).changed).toBe(false);
    expect(deliveryKeys(core, 'format:%')).toHaveLength(1);
    // Not pinned: moving the kick-off still carries the temamøde along, and it stays virtual.
    const startsAt = activity(key).startsAt;
    core.programmes.applyMove(programme, { stepKey: 'kickoff', partnershipId: null, date: '2027-01-11' });
    expect(activity(key).startsAt > startsAt).toBe(true);
    expect(activity(key)).toMatchObject({ format: 'virtual', meetingLink: 'https://meet.example/tema1' });
  });

  it('setFormat refuses a link that is not one and an unknown activity, changing nothing', () => {
    const nord = core.programmes.addGroup(programme, { groupType: 'netvaerk', name: 'Nord' });
    const before = dbSnapshot(core);
    expect(refusal(() => core.programmes.setFormat(programme, `temamoede-1@${nord.id}`, { format: 'virtual', meetingLink: 'teams' })).code).toBe('invalid_link');
    expect(refusal(() => core.programmes.setFormat(programme, 'nope', { format: 'virtual' })).code).toBe('unknown_activity');
    expect(dbSnapshot(core)).toBe(before);
  });

  it('a date outside a window step’s window is refused with the window in the text, and nothing changes', () => {
    const nord = core.programmes.addGroup(programme, { groupType: 'netvaerk', name: 'Nord' });
    // The window as the planner stores it on the activity (here set on a relative step).
    core.db.prepare("UPDATE activities SET window_from = '2027-01-25', window_to = '2027-03-31' WHERE plan_key = ?").run(`temamoede-1@${nord.id}`);
    const before = dbSnapshot(core);
    const error = refusal(() => core.programmes.applyMove(programme, { stepKey: 'temamoede-1', partnershipId: nord.id, date: '2027-04-05' }));
    expect(error.code).toBe('outside_window');
    expect(error.text.da).toBe('Datoen 2027-04-05 ligger uden for vinduet 25. januar - 31. marts 2027. Vælg en dato i vinduet. Intet er ændret.');
    expect(dbSnapshot(core)).toBe(before);
    core.programmes.applyMove(programme, { stepKey: 'temamoede-1', partnershipId: nord.id, date: '2027-03-01' });
    expect(activity(`temamoede-1@${nord.id}`).startsAt.slice(0, 10)).toBe('2027-03-01');
  });

  it('swapPairing stores the consultant’s order for the step and the group, and the plan input carries it', () => {
    const nord = core.programmes.addGroup(programme, { groupType: 'netvaerk', name: 'Nord' });
    const [a, b, c] = ['Aalborg', 'Hjørring', 'Thisted'].map((n) => core.programmes.addOrganisation(programme, nord, n));
    core.programmes.swapPairing(programme, { stepKey: 'besoeg-1', groupId: nord.id, a: a!.id, b: c!.id });
    const expected = [{ stepKey: 'besoeg-1', groupId: nord.id, order: [c!.id, b!.id, a!.id] }];
    expect(core.repos.activities.pairingOrders(programme.id)).toEqual(expected);
    expect(core.programmes.planInput(programme, core.programmes.templateOf(programme)).pairingOrders).toEqual(expected);
    const groups = core.programmes.planInput(programme, core.programmes.templateOf(programme)).partnerships;
    expect(groups.find((g) => g.id === nord.id)).toEqual({ id: nord.id, position: 2, groupType: 'netvaerk', templateKey: null, organisations: [{ id: a!.id, position: 0 }, { id: b!.id, position: 1 }, { id: c!.id, position: 2 }] });
    const before = dbSnapshot(core);
    expect(refusal(() => core.programmes.swapPairing(programme, { stepKey: 'temamoede-1', groupId: nord.id, a: a!.id, b: c!.id })).code).toBe('not_a_pairing');
    expect(refusal(() => core.programmes.swapPairing(programme, { stepKey: 'besoeg-1', groupId: nord.id, a: a!.id, b: 'elsewhere' })).code).toBe('not_in_pairing');
    expect(dbSnapshot(core)).toBe(before);
  });

  it('the network’s channel hears its pairs once they have settled: one announcement, not one per municipality added', () => {
    const nord = core.programmes.addGroup(programme, { groupType: 'netvaerk', name: 'Nord' });
    const [a, , c] = ['Aalborg', 'Hjørring', 'Thisted', 'Frederikshavn'].map((n) => core.programmes.addOrganisation(programme, nord, n));
    const waiting = () =>
      core.db.prepare("SELECT idempotency_key AS key, target, payload, next_attempt_at AS at FROM deliveries WHERE idempotency_key LIKE 'pairing-announcement:%' AND status = 'pending'").all() as { key: string; target: string; payload: string; at: string }[];
    const [announcement, ...more] = waiting();
    expect(more).toEqual([]);
    expect(JSON.parse(announcement!.target)).toEqual({ type: 'partnership', id: nord.id });
    // Held back a quarter of an hour after the last municipality came, for the next one.
    expect(announcement!.at).toBe('2026-12-01T10:15:00.000Z');
    const shown = (payload: string) => JSON.stringify(JSON.parse(payload).message);
    expect(shown(announcement!.payload)).toContain('Makkerpar i Nord');
    expect(shown(announcement!.payload)).toContain('Frederikshavn');
    const visits = () => core.repos.activities.listForProgramme(programme.id).filter((x) => x.stepKey === 'besoeg-1' && x.partnershipId === nord.id);
    const visitsBefore = visits().map((x) => x.pairedOrganisationIds.join('>'));
    // A swap before it went out: the waiting announcement names the new pairs, and is still the only one.
    core.programmes.swapPairing(programme, { stepKey: 'besoeg-1', groupId: nord.id, a: a!.id, b: c!.id });
    expect(visits().map((x) => x.pairedOrganisationIds.join('>'))).not.toEqual(visitsBefore);
    const [updated, ...others] = waiting();
    expect(others).toEqual([]);
    expect(updated!.key).not.toBe(announcement!.key);
    const names = new Map(core.repos.organisations.listForGroup(nord.id).map((o) => [o.id, o.name]));
    for (const visit of visits()) expect(shown(updated!.payload)).toContain(`${names.get(visit.pairedOrganisationIds[0]!)} besøger ${names.get(visit.pairedOrganisationIds[1]!)}`);
  });
});

describe('a programme keeps the template it was created with', () => {
  it('a template replaced in the registry changes neither its plan nor its texts', () => {
    const { core, clock } = setUp();
    const programme = create(core);
    const nord = core.programmes.addGroup(programme, { groupType: 'netvaerk', name: 'Nord' });
    const planBefore = core.repos.activities.listForProgramme(programme.id).map((a) => [a.planKey, a.startsAt]);
    // Same id, new version: the temamøde 20 working days after the kick-off, with another title.
    const edited = templateSchema.parse({ ...networkInput, version: 2, steps: networkInput.steps.map((s) => (s.key === 'temamoede-1' ? { ...s, title: text('Nyt navn'), placement: { from: 'kickoff', workingDays: 20 } } : s)) });
    const service = new ProgrammeService({ repos: core.repos, templates: new TemplateRegistry([edited]), clock, transaction: core.transaction });
    expect(service.templateOf(programme).version).toBe(1);
    service.addGroup(programme, { groupType: 'netvaerk', name: 'Syd' });
    const planAfter = core.repos.activities.listForProgramme(programme.id).filter((a) => a.partnershipId === null || a.partnershipId === nord.id).map((a) => [a.planKey, a.startsAt]);
    expect(planAfter).toEqual(planBefore.filter(([key]) => !key!.includes('@') || key!.endsWith(nord.id)));
    expect(service.templateOf(programme).steps.find((s) => s.key === 'temamoede-1')!.title.da).toBe('Temamøde 1');
  });

  it('a programme from before the snapshot takes the registry’s template once, and keeps it', () => {
    const { core, clock } = setUp();
    const programme = create(core);
    core.db.prepare('UPDATE programmes SET snapshot_id = NULL WHERE id = ?').run(programme.id);
    expect(core.programmes.templateOf(programme).version).toBe(1);
    expect(core.repos.programmes.templateJson(programme.id)).toBe(JSON.stringify(networkTemplate));
    const edited = templateSchema.parse({ ...networkInput, version: 2 });
    const service = new ProgrammeService({ repos: core.repos, templates: new TemplateRegistry([edited]), clock, transaction: core.transaction });
    expect(service.templateOf(programme).version).toBe(1);
  });
});
