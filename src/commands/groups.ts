import type { Organisation, Partnership, Programme } from '../domain/entities.ts';
import { UserError } from '../domain/errors.ts';
import { groupTypesOf, type GroupType, type Template } from '../domain/template.ts';
import { pick, type Locale } from '../domain/text.ts';
import type { Core } from '../app.ts';
import { both, normalize } from './resolve.ts';
import { shapesService } from './shapes-port.ts';

/**
 * Groups, group types and organisations by the names consultants type. Names are matched as
 * partnerships always were: the whole name, or (3 letters or more) its beginning, case and Danish
 * letters aside.
 */

/** Små Partnerskaber (no group types of its own): refusals keep saying "partnerskab". */
export function isLegacyShape(template: Pick<Template, 'groupTypes'>): boolean {
  return template.groupTypes === undefined;
}

export function byName<T extends { name: string }>(all: readonly T[], name: string): T | undefined {
  const wanted = normalize(name);
  if (!wanted) return undefined;
  return all.find((x) => normalize(x.name) === wanted) ?? all.find((x) => wanted.length >= 3 && normalize(x.name).startsWith(wanted));
}

/** A group by its name (or id, as in an activity key); refuses with the groups there are. */
export function findGroup(core: Core, programme: Programme, name: string): Partnership {
  const service = shapesService(core);
  const all = service.groupsOf(programme);
  const found = all.find((g) => g.id === name) ?? byName(all, name);
  if (found) return found;
  const known = all.map((g) => g.name).join(', ') || '–';
  const legacy = isLegacyShape(service.templateOf(programme));
  throw new UserError(legacy ? 'unknown_partnership' : 'unknown_group', both(legacy ? 'unknownPartnership' : 'unknownGroup', { name, programme: programme.name, known }));
}

/** A group type by key, name or plural in either language ("netværk", "Networks", "network"). */
export function findGroupType(template: Template, word: string): GroupType {
  const wanted = normalize(word);
  const types = groupTypesOf(template);
  const found = types.find((t) => [t.key, t.name.da, t.name.en ?? '', t.plural?.da ?? '', t.plural?.en ?? ''].some((n) => normalize(n) === wanted));
  if (found) return found;
  const known = (locale: Locale) => types.map((t) => `${pick(t.name, locale).toLowerCase()} (${t.key})`).join(', ');
  throw new UserError('unknown_group_type', {
    da: both('unknownGroupType', { type: word, template: template.name.da, known: known('da') }).da,
    en: both('unknownGroupType', { type: word, template: pick(template.name, 'en'), known: known('en') }).en,
  });
}

/** The type a group belongs to (its template's, or Små Partnerskaber's partnership). */
export function typeOfGroup(template: Template, group: Pick<Partnership, 'groupType'>): GroupType | undefined {
  return groupTypesOf(template).find((t) => t.key === (group.groupType ?? 'partnership'));
}

/** An organisation of a group by name or id; refuses with the group's organisations. */
export function findOrganisation(core: Core, programme: Programme, group: Partnership, name: string): Organisation {
  const all = shapesService(core).organisationsOf(programme, group);
  const found = all.find((o) => o.id === name) ?? byName(all, name);
  if (found) return found;
  const known = all.map((o) => o.name).join(', ') || '–';
  throw new UserError('unknown_organisation', both('unknownOrganisation', { name, group: group.name, known }));
}
