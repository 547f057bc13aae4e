import { parseTemplate } from '../../src/templates/index.ts';
import type { Template, TemplateInput } from '../../src/domain/template.ts';
import type { PlanGroup, PlanInput } from '../../src/timeline/plan.ts';
import { settings, ZONE } from './fixtures.ts';

const text = (da: string) => ({ da, en: da });

/**
 * A small network programme in the shape of KL's seeds: networks of municipalities with themed
 * meetings, homework before a meeting, mutual visits and sparring trios, a steering group the template
 * names, a fixed seminar and a meeting some time in the fourth quarter.
 */
export function networkTemplateInput(): TemplateInput & { steps: Record<string, unknown>[] } {
  return {
    id: 'netvaerk-test',
    version: 1,
    name: text('Netværk'),
    description: text('Netværk af kommuner'),
    months: 12,
    defaults: { startTime: '10:00', reminderTime: '08:30', reminders: { seminar: [5, 1], homework: [2], visit: [3], meeting: [2], conference: [10] } },
    roles: [
      { role: 'consultant', title: text('Konsulent'), contributes: [text('styrer forløbet')] },
      { role: 'leader', title: text('Dagtilbudschef'), groupType: 'network', words: ['chef'], contributes: [text('deltager')] },
      { role: 'politiker', title: text('Politiker'), groupType: 'steering', contributes: [text('styrer')] },
    ],
    groupTypes: [
      { key: 'network', name: text('Netværk'), organisations: true, size: { min: 3, max: 6 } },
      { key: 'steering', name: text('Styregruppe') },
    ],
    groups: [{ key: 'styregruppe', type: 'steering', name: text('Styregruppen') }],
    steps: [
      { key: 'temamoede-1', kind: 'seminar', title: text('Temamøde 1'), audience: { to: 'each', groupType: 'network' }, placement: { from: 'start', weeks: 2 } },
      { key: 'styregruppemoede', kind: 'meeting', title: text('Styregruppemøde'), audience: { to: 'group', group: 'styregruppe' }, placement: { from: 'start', weeks: 4 } },
      { key: 'besoeg-1', kind: 'visit', title: text('Kommunebesøg 1'), audience: { to: 'each', groupType: 'network' }, pairing: { between: 'organisations', size: 2, mode: 'visit' }, placement: { from: 'temamoede-1', workingDays: 10 } },
      { key: 'temamoede-2', kind: 'seminar', title: text('Temamøde 2'), audience: { to: 'each', groupType: 'network' }, placement: { from: 'temamoede-1', workingDays: 40 } },
      { key: 'hjemmeopgave', kind: 'homework', title: text('Hjemmeopgave inden temamøde 2'), audience: { to: 'each', groupType: 'network', roles: ['leader'], direct: true }, placement: { from: 'temamoede-2', workingDays: -5 } },
      { key: 'besoeg-2', kind: 'visit', title: text('Kommunebesøg 2'), audience: { to: 'each', groupType: 'network' }, pairing: { between: 'organisations', size: 2, mode: 'visit' }, placement: { from: 'temamoede-2', workingDays: 10 } },
      { key: 'sparring', kind: 'meeting', title: text('Sparring i trioer'), audience: { to: 'each', groupType: 'network' }, pairing: { between: 'organisations', size: 3, mode: 'group' }, placement: { from: 'temamoede-2', workingDays: 15 } },
      { key: 'seminar', kind: 'conference', title: text('Fælles seminar'), audience: { to: 'types', groupTypes: ['network', 'steering'] }, placement: { on: '05-01' } },
      { key: 'temamoede-q4', kind: 'seminar', title: text('Temamøde i 4. kvartal'), audience: { to: 'each', groupType: 'network' }, format: 'hybrid', place: 'KL, Weidekampsgade', placement: { window: { quarter: 4 } } },
      { key: 'opfoelgning', kind: 'homework', title: text('Opfølgning'), audience: { to: 'each', groupType: 'network', roles: ['leader'] }, placement: { from: 'temamoede-q4', workingDays: 5 } },
    ],
  };
}

export function networkTemplate(): Template {
  return parseTemplate(networkTemplateInput(), 'netvaerk-test');
}

const orgs = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => ({ id: `${prefix}${i + 1}`, position: i }));

/** Network n1 of 4 municipalities (a1-a4), n2 of 5 (b1-b5), and the steering group the template names. */
export function networkGroups(): PlanGroup[] {
  return [
    { id: 'sg', position: 2, groupType: 'steering', templateKey: 'styregruppe' },
    { id: 'n2', position: 1, groupType: 'network', organisations: orgs('b', 5).reverse() },
    { id: 'n1', position: 0, groupType: 'network', organisations: orgs('a', 4) },
  ];
}

export function networkInput(extra: Partial<PlanInput> = {}): PlanInput {
  return {
    template: networkTemplate(),
    startDate: '2027-01-04',
    timezone: ZONE,
    partnerships: networkGroups(),
    overrides: [],
    settings: settings(),
    ...extra,
  };
}
