import { beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../src/app.ts';
import type { Programme } from '../../src/domain/entities.ts';
import { create, deliveryKeys, refusal, setUp, windowTemplate } from './shapes-fixture.ts';

/**
 * What needs the planner of issue 13 (fixed dates, windows, pairings between organisations): the
 * service's side of it, through the real store.
 */
describe('window steps, fixed dates and pairings through the service', () => {
  let core: Core;
  let programme: Programme;
  beforeEach(() => {
    ({ core } = setUp());
    programme = create(core, windowTemplate.id);
  });
  const activity = (key: string) => core.repos.activities.listForProgramme(programme.id).find((a) => a.planKey === key)!;
  const remindersOf = (id: string) => core.db.prepare('SELECT purpose, status FROM reminders WHERE activity_id = ? ORDER BY due_at').all(id) as { purpose: string; status: string }[];

  it('a window step waits for its date with date prompts; the steering group’s conference is on its fixed day', () => {
    const nord = core.programmes.addGroup(programme, { groupType: 'netvaerk', name: 'Nord' });
    const steering = core.repos.partnerships.findByName(programme.id, 'Styregruppen')!;
    expect(activity('konference')?.partnershipId ?? activity(`konference@${steering.id}`).partnershipId).toBe(steering.id);
    const tema = activity(`temamoede-2@${nord.id}`);
    expect(tema).toMatchObject({ undated: true, window: { from: '2027-10-01', to: '2027-12-31' } });
    expect(remindersOf(tema.id).length).toBeGreaterThan(0);
    expect(remindersOf(tema.id).every((r) => r.purpose === 'date_prompt')).toBe(true);
  });

  it('a date outside the window is refused naming the window; inside, the prompts end and reminders begin', () => {
    const nord = core.programmes.addGroup(programme, { groupType: 'netvaerk', name: 'Nord' });
    const error = refusal(() => core.programmes.applyMove(programme, { stepKey: 'temamoede-2', partnershipId: nord.id, date: '2027-09-20' }));
    expect(error.code).toBe('outside_window');
    expect(error.text.da).toContain('1. oktober - 31. december 2027');
    core.programmes.applyMove(programme, { stepKey: 'temamoede-2', partnershipId: nord.id, date: '2027-11-09' });
    const tema = activity(`temamoede-2@${nord.id}`);
    expect(tema).toMatchObject({ undated: false, pinned: true });
    expect(remindersOf(tema.id).filter((r) => r.status === 'pending').map((r) => r.purpose)).toEqual(['reminder']);
  });

  it('a swap of two municipalities re-pairs the visits and tells the network and the people of the municipalities', () => {
    const nord = core.programmes.addGroup(programme, { groupType: 'netvaerk', name: 'Nord' });
    const [a, b, c] = ['Aalborg', 'Hjørring', 'Thisted'].map((n) => core.programmes.addOrganisation(programme, nord, n));
    const anna = core.programmes.addMemberToPartnership(programme, nord, { role: 'dagtilbudschef', userRef: 'U1', email: null, displayName: 'Anna', organisationId: a!.id }).member;
    const visits = () => core.repos.activities.listForProgramme(programme.id).filter((x) => x.stepKey === 'besoeg-1').map((x) => x.pairedOrganisationIds.join('>')).sort();
    expect(visits()).toEqual([`${a!.id}>${b!.id}`, `${b!.id}>${c!.id}`, `${c!.id}>${a!.id}`].sort());
    core.programmes.swapPairing(programme, { stepKey: 'besoeg-1', groupId: nord.id, a: a!.id, b: c!.id });
    expect(visits()).toEqual([`${c!.id}>${b!.id}`, `${b!.id}>${a!.id}`, `${a!.id}>${c!.id}`].sort());
    expect(deliveryKeys(core, `swap:partnership:${nord.id}:%`)).toHaveLength(1);
    expect(deliveryKeys(core, `swap:member:${anna.id}:%`)).toHaveLength(1);
  });
});
