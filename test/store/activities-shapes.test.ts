import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/db.ts';
import { ActivityRepository } from '../../src/store/activities.ts';
import { ProgrammeRepository } from '../../src/store/programmes.ts';
import { ReminderRepository } from '../../src/store/reminders.ts';
import type { PlannedActivity } from '../../src/timeline/types.ts';

const NOW = new Date('2027-08-01T08:00:00Z');

function setUp() {
  const db = openDatabase(':memory:');
  const programme = new ProgrammeRepository(db).insert({
    platform: 'slack', workspaceId: 'T1', name: 'KL', templateId: 't', startDate: '2027-01-04', timezone: 'Europe/Copenhagen',
    locale: 'da', settings: { blackouts: [], closedOnCustomaryDaysOff: true }, createdBy: 'U0', createdAt: NOW.toISOString(),
  });
  return { db, programme, activities: new ActivityRepository(db), reminders: new ReminderRepository(db) };
}

/** A window step (4. kvartal) for the whole programme, as the planner gives it. */
function windowStep(over: Partial<PlannedActivity>): PlannedActivity {
  return {
    key: 'konference', stepKey: 'konference', partnershipId: null, pairedPartnershipId: null, pairedOrganisationIds: [],
    kind: 'conference', audience: { to: 'programme', direct: false }, date: '2027-10-01',
    startsAt: '2027-10-01T07:00:00.000Z', endsAt: '2027-10-01T13:00:00.000Z', pinned: false, location: null,
    format: 'hybrid', meetingLink: null, window: { from: '2027-10-01', to: '2027-12-31' }, undated: true,
    reminders: [
      { offsetDays: 20, purpose: 'date_prompt', dueAt: '2027-09-03T07:00:00.000Z' },
      { offsetDays: 15, purpose: 'date_prompt', dueAt: '2027-09-10T07:00:00.000Z' },
    ],
    ...over,
  };
}

describe('activities of programme shapes in the store', () => {
  it('an undated window step is stored with its window, format and addressed audience, and date prompts as prompts', () => {
    const { programme, activities, reminders } = setUp();
    activities.applyPlan(programme.id, [windowStep({})], NOW);
    const [stored] = activities.listForProgramme(programme.id);
    expect(stored).toMatchObject({ audience: { to: 'programme', direct: false }, format: 'hybrid', window: { from: '2027-10-01', to: '2027-12-31' }, undated: true });
    const due = reminders.due(new Date('2027-12-31T00:00:00Z'), 10);
    expect(due.map((r) => [r.purpose, r.offsetDays])).toEqual([['date_prompt', 20], ['date_prompt', 15]]);
    expect(due[0]!.activity.audience).toEqual({ to: 'programme', direct: false });
  });

  it('a date set on the provisional day ends the prompts and starts the reminders (a new revision)', () => {
    const { programme, activities, reminders } = setUp();
    activities.applyPlan(programme.id, [windowStep({})], NOW);
    const changes = activities.applyPlan(programme.id, [windowStep({ undated: false, pinned: true, reminders: [{ offsetDays: 5, dueAt: '2027-09-24T07:00:00.000Z' }] })], NOW);
    expect(changes).toHaveLength(1);
    expect(changes[0]!.activity).toMatchObject({ undated: false, revision: 1 });
    expect(reminders.countByStatus(programme.id)).toMatchObject({ pending: 1, cancelled: 2 });
    expect(reminders.due(new Date('2027-12-31T00:00:00Z'), 10).map((r) => r.purpose)).toEqual(['reminder']);
  });

  it('pairings between organisations, meeting links and pairing orders are kept', () => {
    const { programme, activities } = setUp();
    activities.applyPlan(programme.id, [windowStep({ key: 'besoeg@n', stepKey: 'besoeg', pairedOrganisationIds: ['o1', 'o2'], meetingLink: 'https://meet.example/x', window: null, undated: false, reminders: [] })], NOW);
    expect(activities.listForProgramme(programme.id)[0]).toMatchObject({ pairedOrganisationIds: ['o1', 'o2'], meetingLink: 'https://meet.example/x', window: null });
    activities.savePairingOrder(programme.id, { stepKey: 'besoeg', groupId: 'n', order: ['o2', 'o1'] });
    activities.savePairingOrder(programme.id, { stepKey: 'besoeg', groupId: 'n', order: ['o1', 'o2', 'o3'] });
    expect(activities.pairingOrders(programme.id)).toEqual([{ stepKey: 'besoeg', groupId: 'n', order: ['o1', 'o2', 'o3'] }]);
  });

  it('a format set without a date pins nothing; a later move keeps it', () => {
    const { programme, activities } = setUp();
    activities.saveDetails(programme.id, { stepKey: 'temamoede', partnershipId: 'n', format: 'virtual', meetingLink: 'https://meet.example/y' });
    expect(activities.overrides(programme.id)).toEqual([]);
    activities.saveOverride(programme.id, { stepKey: 'temamoede', partnershipId: 'n', date: '2027-09-01' });
    expect(activities.overrides(programme.id)).toEqual([{ stepKey: 'temamoede', partnershipId: 'n', date: '2027-09-01', location: null, format: 'virtual', meetingLink: 'https://meet.example/y' }]);
    expect(activities.details(programme.id)).toEqual([{ stepKey: 'temamoede', partnershipId: 'n', format: 'virtual', location: null, meetingLink: 'https://meet.example/y' }]);
  });
});
