import { describe, expect, it } from 'vitest';
import { membersIn, recipientsFor } from '../../src/scheduler/recipients.ts';
import { activity, groups, members, networkTemplate as template, programme } from './network-fixture.ts';

const people = membersIn(members, groups);
const targets = (a: ReturnType<typeof activity>, purpose?: 'reminder' | 'date_prompt') =>
  recipientsFor(a, programme, people, { template, ...(purpose ? { purpose } : {}) }).map((r) => r.key).sort();

describe('recipients of addressed audiences', () => {
  it('a seminar for the whole programme goes to the shared channel', () => {
    expect(targets(activity('seminar-1'))).toEqual(['programme:prog']);
  });

  it("a network's temamøde goes to that network's channel only", () => {
    expect(targets(activity('temamoede-3', { partnershipId: 'nord' }))).toEqual(['partnership:nord']);
  });

  it("homework for the network's heads goes to each of them directly, in their own language", () => {
    const recipients = recipientsFor(activity('hjemmeopgave', { partnershipId: 'nord' }), programme, people, { template });
    expect(recipients.map((r) => r.key).sort()).toEqual(['member:anna', 'member:bo', 'member:cai']);
    expect(recipients.find((r) => r.key === 'member:bo')!.locale).toBe('en');
  });

  it("the steering group's conference goes to the steering group's channel", () => {
    expect(targets(activity('konference', { partnershipId: 'styr' }))).toEqual(['partnership:styr']);
  });

  it('a seminar for several group types goes to the channel of every group of those types', () => {
    expect(targets(activity('faelles'))).toEqual(['partnership:nord', 'partnership:styr', 'partnership:syd']);
  });

  it('a direct task for a role reaches everyone with that role in the programme', () => {
    expect(targets(activity('ledere'))).toEqual(['member:anna', 'member:bo', 'member:cai', 'member:erik']);
  });

  it("a visit between municipalities is announced in the network's channel and sent to both municipalities' people", () => {
    const visit = activity('besoeg-1', { partnershipId: 'nord', pairedOrganisationIds: ['aarhus', 'randers'] });
    expect(targets(visit)).toEqual(['member:anna', 'member:bo', 'member:dorte', 'partnership:nord']);
  });

  it("a date prompt goes to the network's coordinator (setBy), not to the channel", () => {
    const undated = activity('temamoede-2', { partnershipId: 'nord', undated: true, window: { from: '2028-04-03', to: '2028-06-30' } });
    expect(targets(undated, 'date_prompt')).toEqual(['member:dorte']);
  });

  it('a date prompt falls back to the consultants when the group has nobody with the setBy role', () => {
    const undated = activity('temamoede-2', { partnershipId: 'syd', undated: true });
    expect(targets(undated, 'date_prompt')).toEqual(['member:karin']);
  });

  it('legacy audiences are unchanged: workshops in the shared channel, consultant tasks to the consultant', () => {
    expect(targets(activity('seminar-1', { audience: 'all' }))).toEqual(['programme:prog']);
    expect(targets(activity('seminar-1', { audience: 'consultant' }))).toEqual(['member:karin']);
  });
});
