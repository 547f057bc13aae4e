import { parseTemplate } from '../../src/templates/index.ts';
import type { Template, TemplateInput } from '../../src/domain/template.ts';
import type { PlanGroup, PlanInput } from '../../src/timeline/plan.ts';
import { settings, ZONE } from './fixtures.ts';

const text = (da: string, en = da) => ({ da, en });

/**
 * The cadences of the CBS book on welfare partnerships (seed 002) over 24 months: the coordination
 * group's quarterly meeting (first Tuesday of the quarter), the project owner and the research group
 * every month on the first Tuesday, the steering group every half year, the advisory board every
 * quarter in its first month, and each institution network on Mondays and Thursdays.
 */
export function seriesTemplateInput(): TemplateInput & { steps: Record<string, unknown>[] } {
  return {
    id: 'serier-test',
    version: 1,
    name: text('Velfærdspartnerskab'),
    description: text('Partnerskab over to år'),
    months: 24,
    defaults: { startTime: '10:00', reminderTime: '09:00', reminders: { meeting: [5, 1] } },
    roles: [
      { role: 'consultant', title: text('Konsulent'), contributes: [text('holder sammen på det')] },
      { role: 'leader', title: text('Leder'), groupType: 'network', contributes: [text('deltager')] },
    ],
    groupTypes: [
      { key: 'network', name: text('Netværk', 'Network') },
      { key: 'board', name: text('Gruppe', 'Group') },
    ],
    groups: [
      { key: 'koordinering', type: 'board', name: text('Koordinationsgruppen') },
      { key: 'styregruppe', type: 'board', name: text('Styregruppen') },
    ],
    steps: [
      { key: 'opstart', kind: 'workshop', title: text('Opstart', 'Kick-off'), audience: 'all', durationMinutes: 120, placement: { from: 'start', weeks: 0 } },
      { key: 'kvartalsmoede', kind: 'meeting', title: text('Kvartalsmøde', 'Quarterly meeting'), audience: { to: 'group', group: 'koordinering' }, durationMinutes: 90, placement: { from: 'start', weeks: 0 }, repeat: { every: 'quarter', on: { weekday: 'tuesday', nth: 1 }, until: { months: 24 } } },
      { key: 'forskning', kind: 'meeting', title: text('Forskningsmøde', 'Research meeting'), audience: 'consultant', durationMinutes: 60, placement: { from: 'start', weeks: 0 }, repeat: { every: 'month', on: { weekday: 'tuesday', nth: 1 } } },
      { key: 'styregruppemoede', kind: 'meeting', title: text('Styregruppemøde', 'Steering group meeting'), audience: { to: 'group', group: 'styregruppe' }, durationMinutes: 120, placement: { from: 'start', weeks: 2 }, repeat: { every: 'half_year' } },
      { key: 'advisory', kind: 'meeting', title: text('Advisory board'), audience: 'all', durationMinutes: 120, placement: { from: 'start', weeks: 1 }, repeat: { every: 'quarter', on: { monthOfPeriod: 1 } } },
      { key: 'netvaerksmoede', kind: 'meeting', title: text('Netværksmøde', 'Network meeting'), audience: { to: 'each', groupType: 'network' }, durationMinutes: 60, placement: { from: 'start', weeks: 0 }, repeat: { every: 'week', on: { weekdays: ['monday', 'thursday'] }, until: { on: '06-30' } } },
    ],
  };
}

export function seriesTemplate(input = seriesTemplateInput()): Template {
  return parseTemplate(input, 'serier-test');
}

export function seriesGroups(): PlanGroup[] {
  return [
    { id: 'k', position: 0, groupType: 'board', templateKey: 'koordinering' },
    { id: 's', position: 1, groupType: 'board', templateKey: 'styregruppe' },
    { id: 'n1', position: 2, groupType: 'network' },
  ];
}

/** Starts Monday 4 January 2027. */
export function seriesInput(extra: Partial<PlanInput> = {}): PlanInput {
  return { template: seriesTemplate(), startDate: '2027-01-04', timezone: ZONE, partnerships: seriesGroups(), overrides: [], settings: settings(), ...extra };
}
