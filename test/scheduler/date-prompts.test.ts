/**
 * The scheduler over in-memory stores for a network programme: a due date prompt asks whoever sets
 * the window step's date instead of reminding the participants; a dated step's prompts stop; homework
 * names its meeting; a visit names who visits whom.
 */
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.ts';
import type { Activity } from '../../src/domain/entities.ts';
import { silentLogger } from '../../src/logger.ts';
import type { RichMessage } from '../../src/messages/model.ts';
import type { NewDelivery } from '../../src/outbox/types.ts';
import { Scheduler, type SchedulerDeps } from '../../src/scheduler/scheduler.ts';
import type { StoredActivity } from '../../src/store/activities.ts';
import type { DueReminder } from '../../src/store/reminders.ts';
import { activity, groups, members, networkTemplate, organisations, programme } from './network-fixture.ts';

type Due = Omit<DueReminder, 'purpose'> & { purpose?: 'reminder' | 'date_prompt' };

const stored = (a: Activity): StoredActivity => ({ ...a, planKey: a.stepKey, localDate: a.startsAt.slice(0, 10), revision: 1 });

function run(due: Due[], now: string, activities: StoredActivity[] = []) {
  const sent: NewDelivery[] = [];
  const marks: Record<string, string> = {};
  let pending = [...due];
  const deps = {
    programmes: { get: () => programme, contextVersion: () => 1 },
    partnerships: { listForProgramme: () => groups },
    members: {
      withRole: (_p: string, role: string) => members.filter((m) => m.role === role),
      withRoleInPartnership: (_p: string, g: string, role: string) => members.filter((m) => m.role === role && m.partnershipId === g),
      listForPartnership: (g: string) => members.filter((m) => m.partnershipId === g),
    },
    reminders: {
      due: () => {
        const list = pending;
        pending = [];
        return list;
      },
      markMany: (list: { id: string }[], status: string) => {
        for (const r of list) marks[r.id] = status;
        return new Set(list.map((r) => r.id));
      },
    },
    deliveries: { enqueue: (d: NewDelivery) => (sent.push(d), true) },
    templates: { ofProgramme: () => networkTemplate },
    activities: { listForProgramme: () => activities },
    organisations: { listForProgramme: () => organisations },
    dispatcher: { runOnce: async () => ({}) },
    clock: new ManualClock(now),
    logger: silentLogger(),
    transaction: <T>(fn: () => T) => fn(),
  } as unknown as SchedulerDeps;
  const totals = new Scheduler(deps).scheduleDue();
  const texts = sent.map((d) => ({ to: `${d.target.type}:${'id' in d.target ? d.target.id : d.target.channelRef}`, text: shown((d.payload as { message: RichMessage }).message) }));
  return { totals, texts, marks };
}

function shown(message: RichMessage): string {
  return [message.text, ...message.blocks.map((b) => ('text' in b ? b.text : '') + ('fields' in b && b.fields ? b.fields.map((f) => ` ${f.label}: ${f.value}`).join('') : ''))].join('\n');
}

const window = { from: '2028-04-01', to: '2028-06-30' };
const undated = stored(activity('temamoede-2', { id: 'tm2', partnershipId: 'nord', undated: true, startsAt: '2028-04-03T07:00:00Z', window }));
const prompt = (id: string, dueAt: string, a: StoredActivity = undated): Due => ({ id, offsetDays: 0, dueAt, activity: a, purpose: 'date_prompt' });

describe('date prompts in the scheduler', () => {
  it("ask the network's coordinator for the date, with the command, and nobody else", () => {
    const { texts, marks } = run([prompt('p1', '2028-03-03T08:00:00Z')], '2028-03-03T08:00:30Z');
    expect(texts.map((t) => t.to)).toEqual(['member:dorte']);
    expect(texts[0]!.text).toContain('Temamøde 2* i Netværk Nord skal ligge i 2. kvartal 2028 og har ingen dato endnu');
    expect(texts[0]!.text).toContain('/tovholder flyt temamoede-2 Netværk Nord');
    expect(marks['p1']).toBe('queued');
  });

  it('keep asking after the window has opened (it is not a missed reminder)', () => {
    const { texts, totals } = run([prompt('p1', '2028-04-10T08:00:00Z')], '2028-04-10T08:00:30Z');
    expect(texts).toHaveLength(1);
    expect(totals.missed).toBe(0);
  });

  it('stop once the date is set: a prompt for a dated activity is cancelled, not sent', () => {
    const dated = { ...undated, undated: false };
    const { texts, marks } = run([prompt('p1', '2028-03-03T08:00:00Z', dated)], '2028-03-03T08:00:30Z');
    expect(texts).toEqual([]);
    expect(marks['p1']).toBe('cancelled');
  });

  it('after downtime send only the latest prompt', () => {
    const { texts, marks } = run([prompt('p1', '2028-03-03T08:00:00Z'), prompt('p2', '2028-03-10T08:00:00Z')], '2028-03-10T09:00:00Z');
    expect(texts).toHaveLength(1);
    expect(marks).toEqual({ p1: 'cancelled', p2: 'queued' });
  });
});

describe('reminders of network activities in the scheduler', () => {
  it("homework goes to each head directly and names the meeting it prepares", () => {
    const meeting = stored(activity('temamoede-3', { id: 'tm3', partnershipId: 'nord', startsAt: '2027-05-24T07:00:00Z' }));
    const homework = stored(activity('hjemmeopgave', { id: 'hw', partnershipId: 'nord', startsAt: '2027-05-17T07:00:00Z' }));
    const { texts } = run([{ id: 'r1', offsetDays: 2, dueAt: '2027-05-13T07:00:00Z', activity: homework }], '2027-05-13T07:00:30Z', [meeting, homework]);
    expect(texts.map((t) => t.to).sort()).toEqual(['member:anna', 'member:bo', 'member:cai']);
    expect(texts.find((t) => t.to === 'member:anna')!.text).toContain('Inden: Temamøde 3, 24. maj');
    expect(texts.find((t) => t.to === 'member:bo')!.text).toContain('Before: Temamøde 3, 24 May');
  });

  it("a visit reaches the network's channel and both municipalities' people, naming who visits whom", () => {
    const visit = stored(activity('besoeg-1', { id: 'v1', partnershipId: 'nord', pairedOrganisationIds: ['aarhus', 'randers'], startsAt: '2027-03-15T08:00:00Z' }));
    const { texts } = run([{ id: 'r1', offsetDays: 5, dueAt: '2027-03-08T08:00:00Z', activity: visit }], '2027-03-08T08:00:30Z');
    expect(texts.map((t) => t.to).sort()).toEqual(['member:anna', 'member:bo', 'member:dorte', 'partnership:nord']);
    expect(texts.find((t) => t.to === 'partnership:nord')!.text).toContain('Aarhus Kommune besøger Randers Kommune');
  });
});
