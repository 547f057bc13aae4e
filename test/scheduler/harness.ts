import { createCore, type Core } from '../../src/app.ts';
import { ManualClock } from '../../src/clock.ts';
import type { Partnership, Programme } from '../../src/domain/entities.ts';
import { silentLogger } from '../../src/logger.ts';
import { FakePlatform } from '../support/fake-platform.ts';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export interface World {
  core: Core;
  clock: ManualClock;
  fake: FakePlatform;
}

export function world(options: { dbPath?: string; clock?: ManualClock; fake?: FakePlatform; workerId?: string } = {}): World {
  const clock = options.clock ?? new ManualClock('2026-12-01T10:00:00Z');
  const fake = options.fake ?? new FakePlatform('slack');
  const core = createCore({
    dbPath: options.dbPath ?? ':memory:',
    clock,
    logger: silentLogger(),
    platforms: [fake],
    workerId: options.workerId ?? 'w1',
    dispatcher: { backoffMs: 1_000, maxBackoffMs: 8_000, notReadyDelayMs: 500 },
  });
  return { core, clock, fake };
}

export interface Setup {
  programme: Programme;
  partnerships: Partnership[];
}

/** The built-in programme with three partnerships, each with one culture and one daycare member. */
export function setUpProgramme(core: Core): Setup {
  const { programme } = core.programmes.createProgramme({
    platform: 'slack',
    workspaceId: 'T1',
    name: 'Små Partnerskaber 2027',
    templateId: 'smaa-partnerskaber',
    startDate: '2027-01-04',
    timezone: 'Europe/Copenhagen',
    locale: 'da',
    consultant: { userRef: 'U0', displayName: 'Karin Konsulent' },
  });
  const partnerships = [0, 1, 2].map((i) =>
    core.programmes.addPartnership(programme, {
      name: `Partnerskab ${i + 1}`,
      culturalInstitution: `Museum ${i + 1}`,
      daycare: `Børnehuset ${i + 1}`,
      members: [
        { role: 'culture_staff', userRef: `UC${i}`, email: null, displayName: `Formidler ${i + 1}` },
        { role: 'daycare_staff', userRef: `UD${i}`, email: null, displayName: `Pædagog ${i + 1}` },
      ],
    }),
  );
  return { programme, partnerships };
}

export interface ReminderRow {
  id: string;
  dueAt: string;
  status: string;
  offsetDays: number;
  revision: number;
  activityId: string;
  stepKey: string;
  audience: string;
  partnershipId: string | null;
  pairedPartnershipId: string | null;
  startsAt: string;
}

/** Every reminder with its activity, as stored. */
export function reminderRows(core: Core): ReminderRow[] {
  return core.db
    .prepare(
      `SELECT r.id, r.due_at AS dueAt, r.status, r.offset_days AS offsetDays, r.revision, a.id AS activityId,
              a.step_key AS stepKey, a.audience, a.partnership_id AS partnershipId,
              a.paired_partnership_id AS pairedPartnershipId, a.starts_at AS startsAt
       FROM reminders r JOIN activities a ON a.id = r.activity_id ORDER BY r.due_at, r.id`,
    )
    .all() as ReminderRow[];
}

/** Ticks every `stepMs` until the clock has passed `until`. */
export async function tickUntil(w: World, until: string | number, stepMs = HOUR): Promise<void> {
  const end = typeof until === 'number' ? until : new Date(until).getTime();
  while (w.clock.now().getTime() <= end) {
    await w.core.scheduler.tick();
    w.clock.advance(stepMs);
  }
}

/** The messages a reminder produced on the platform. */
export function messagesOf(fake: FakePlatform, reminderId: string) {
  // Keys are reminder:<due time>:<reminder id>:<recipient> (see reminderDeliveryKey).
  return fake.sent.filter((m) => m.idempotencyKey.startsWith('reminder:') && m.idempotencyKey.includes(`:${reminderId}:`));
}
