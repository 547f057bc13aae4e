import { createCore, type Core } from '../../src/app.ts';
import { ManualClock } from '../../src/clock.ts';
import type { Programme } from '../../src/domain/entities.ts';
import { UserError } from '../../src/domain/errors.ts';
import { templateSchema, type Template, type TemplateInput } from '../../src/domain/template.ts';
import { silentLogger } from '../../src/logger.ts';
import { FakePlatform } from '../support/fake-platform.ts';

export const text = (da: string, en = da) => ({ da, en });

/**
 * A network programme in the shape of KL's: networks of municipalities (organisations), a steering
 * group the bot keeps out of channels, a track with a channel, a kick-off for all, a temamøde per
 * network and mutual visits between the municipalities. Placed relative to the start, so the plan of
 * this worktree can make it; the window and fixed steps are in WINDOW_STEPS below.
 */
export const networkInput: TemplateInput = {
  id: 'netvaerk-test',
  version: 1,
  name: text('Netværk'),
  description: text('Netværk af kommuner'),
  months: 12,
  defaults: { startTime: '09:00', reminderTime: '09:00', reminders: { seminar: [5], visit: [2] } },
  roles: [
    { role: 'consultant', title: text('Konsulent'), contributes: [text('Leder forløbet')] },
    { role: 'dagtilbudschef', title: text('Dagtilbudschef'), groupType: 'netvaerk', words: ['chef'], contributes: [text('Deltager')] },
    { role: 'politiker', title: text('Politiker'), groupType: 'styregruppe', contributes: [text('Styrer')] },
  ],
  groupTypes: [
    { key: 'netvaerk', name: text('Netværk', 'Network'), organisations: true, size: { min: 3, max: 6 } },
    { key: 'styregruppe', name: text('Styregruppe', 'Steering group'), channel: false },
    { key: 'spor', name: text('Spor', 'Track') },
  ],
  groups: [
    { key: 'styregruppe', type: 'styregruppe', name: text('Styregruppen', 'The steering group') },
    { key: 'spor-a', type: 'spor', name: text('Spor A', 'Track A') },
  ],
  steps: [
    { key: 'kickoff', kind: 'seminar', audience: { to: 'programme' }, title: text('Kick-off'), durationMinutes: 360, placement: { from: 'start', weeks: 0 } },
    { key: 'temamoede-1', kind: 'seminar', audience: { to: 'each', groupType: 'netvaerk' }, title: text('Temamøde 1'), durationMinutes: 300, format: 'physical', placement: { from: 'kickoff', workingDays: 10 } },
    {
      key: 'besoeg-1', kind: 'visit', audience: { to: 'each', groupType: 'netvaerk' }, title: text('Kommunebesøg'), durationMinutes: 180,
      pairing: { between: 'organisations', size: 2, mode: 'visit' }, placement: { from: 'temamoede-1', workingDays: 15 },
    },
  ],
};

/** The steps the planner of issue 13 places: a conference on a fixed day, a temamøde in 4. kvartal. */
const WINDOW_STEPS: TemplateInput['steps'] = [
  { key: 'konference', kind: 'conference', audience: { to: 'group', group: 'styregruppe' }, title: text('Styregruppekonference'), durationMinutes: 240, placement: { on: '06-15' } },
  { key: 'temamoede-2', kind: 'seminar', audience: { to: 'each', groupType: 'netvaerk' }, title: text('Temamøde 2'), durationMinutes: 300, placement: { window: { quarter: 4 } } },
];

export const networkTemplate: Template = templateSchema.parse(networkInput);
export const windowTemplate: Template = templateSchema.parse({ ...networkInput, id: 'netvaerk-vindue', steps: [...networkInput.steps, ...WINDOW_STEPS] });

export function setUp(templates: Template[] = [networkTemplate, windowTemplate]) {
  const clock = new ManualClock('2026-12-01T10:00:00Z');
  const core = createCore({ dbPath: ':memory:', clock, logger: silentLogger(), platforms: [new FakePlatform('slack')], templates });
  return { core, clock };
}

export function create(core: Core, templateId = networkTemplate.id): Programme {
  return core.programmes.createProgramme({
    platform: 'slack', workspaceId: 'T1', name: 'Netværk 2027', templateId, startDate: '2027-01-04', timezone: 'Europe/Copenhagen', locale: 'da',
    consultant: { userRef: 'U0', displayName: 'Karen' },
  }).programme;
}

export const deliveryKeys = (core: Core, like: string): string[] =>
  (core.db.prepare('SELECT idempotency_key FROM deliveries WHERE idempotency_key LIKE ? ORDER BY id').pluck().all(like) as string[]);

export function refusal(fn: () => unknown): UserError {
  try {
    fn();
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

