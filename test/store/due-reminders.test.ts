import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/db.ts';
import { ActivityRepository } from '../../src/store/activities.ts';
import { PartnershipRepository, ProgrammeRepository } from '../../src/store/programmes.ts';
import { ReminderRepository } from '../../src/store/reminders.ts';
import type { PlannedActivity } from '../../src/timeline/types.ts';

const NOW = new Date('2027-01-01T08:00:00Z');

/**
 * The tick reads due reminders raw (an array per row, by column position): a column read from the
 * wrong position would put a place in the meeting link or a date in the wrong field of every reminder.
 */
describe('due reminders carry their whole activity', () => {
  it('every field of a rich activity arrives as stored, and a plain one without occurrence or cancellation', () => {
    const db = openDatabase(':memory:');
    const programme = new ProgrammeRepository(db).insert({
      platform: 'slack', workspaceId: 'T1', name: 'KL', templateId: 't', startDate: '2027-01-04', timezone: 'Europe/Copenhagen',
      locale: 'da', settings: { blackouts: [], closedOnCustomaryDaysOff: true }, createdBy: 'U0', createdAt: NOW.toISOString(),
    });
    const groups = new PartnershipRepository(db);
    const [a, b] = ['Net A', 'Net B'].map((name) =>
      groups.insert({ programmeId: programme.id, name, culturalInstitution: '', daycare: '', keywords: [] }),
    );
    const rich: PlannedActivity = {
      key: `besoeg@${a!.id}~2`, stepKey: 'besoeg', partnershipId: a!.id, pairedPartnershipId: b!.id, pairedOrganisationIds: ['o1', 'o2'],
      kind: 'visit', audience: { to: 'group', direct: true }, date: '2027-02-03', startsAt: '2027-02-03T08:30:00.000Z',
      endsAt: '2027-02-03T10:00:00.000Z', pinned: true, location: 'Bibliotekets sal', format: 'virtual', meetingLink: 'https://meet.example/x',
      window: { from: '2027-02-01', to: '2027-02-28' }, undated: false, occurrence: 2,
      reminders: [{ offsetDays: 5, purpose: 'reminder', dueAt: '2027-01-27T08:00:00.000Z' }],
    };
    const plain: PlannedActivity = {
      key: 'opstart', stepKey: 'opstart', partnershipId: null, pairedPartnershipId: null, pairedOrganisationIds: [], kind: 'workshop',
      audience: 'all', date: '2027-02-10', startsAt: '2027-02-10T08:00:00.000Z', endsAt: '2027-02-10T12:00:00.000Z', pinned: false,
      location: null, format: null, meetingLink: null, window: null, undated: false,
      reminders: [{ offsetDays: 1, purpose: 'reminder', dueAt: '2027-02-09T08:00:00.000Z' }],
    };
    const activities = new ActivityRepository(db);
    activities.applyPlan(programme.id, [rich, plain], NOW);

    const due = new ReminderRepository(db).due(new Date('2027-03-01T00:00:00Z'), 10);

    expect(due.map((r) => [r.dueAt, r.offsetDays, r.purpose])).toEqual([
      ['2027-01-27T08:00:00.000Z', 5, 'reminder'],
      ['2027-02-09T08:00:00.000Z', 1, 'reminder'],
    ]);
    const [first, second] = due.map((r) => r.activity);
    expect(first).toStrictEqual({
      id: first!.id, programmeId: programme.id, partnershipId: a!.id, planKey: `besoeg@${a!.id}~2`, stepKey: 'besoeg', kind: 'visit',
      audience: { to: 'group', direct: true }, pairedPartnershipId: b!.id, localDate: '2027-02-03', startsAt: '2027-02-03T08:30:00.000Z',
      endsAt: '2027-02-03T10:00:00.000Z', location: 'Bibliotekets sal', pinned: true, revision: first!.revision, pairedOrganisationIds: ['o1', 'o2'],
      format: 'virtual', meetingLink: 'https://meet.example/x', window: { from: '2027-02-01', to: '2027-02-28' }, undated: false, occurrence: 2,
    });
    expect(second).toStrictEqual({
      id: second!.id, programmeId: programme.id, partnershipId: null, planKey: 'opstart', stepKey: 'opstart', kind: 'workshop', audience: 'all',
      pairedPartnershipId: null, localDate: '2027-02-10', startsAt: '2027-02-10T08:00:00.000Z', endsAt: '2027-02-10T12:00:00.000Z',
      location: null, pinned: false, revision: second!.revision, pairedOrganisationIds: [], format: null, meetingLink: null, window: null, undated: false,
    });
    // The same activity read by id (the object form) is the same.
    expect(activities.get(first!.id)).toStrictEqual(first);
  });
});
