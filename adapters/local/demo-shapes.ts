import type { Core } from '../../src/app.ts';
import type { Programme } from '../../src/domain/entities.ts';
import { groupTypesOf, type GroupType, type Role, type Template } from '../../src/domain/template.ts';
import { pick } from '../../src/domain/text.ts';
import { shapesService } from '../../src/commands/shapes-port.ts';
import type { LocalPerson } from './directory.ts';

/**
 * The demo for a template with group types of its own (a KL network programme): for each type that
 * holds organisations, two groups of three municipalities with two people each; for each other type
 * one group (or the template's named groups) with two people. The municipalities are Nordjyske, the
 * people invented.
 */
const MUNICIPALITIES = [
  ['Hjørring', 'Frederikshavn', 'Brønderslev'],
  ['Aalborg', 'Jammerbugt', 'Thisted'],
] as const;
const AREAS = ['Nord', 'Syd'] as const;
const FIRST = ['Anne', 'Bo', 'Christina', 'Dorte', 'Erik', 'Frida', 'Gitte', 'Henrik', 'Ida', 'Jakob', 'Karin', 'Lars', 'Mads', 'Nina', 'Ole', 'Pia', 'Rikke', 'Søren', 'Tina', 'Ulla', 'Vibeke', 'Kim', 'Lene', 'Morten'];
const LAST = ['Madsen', 'Poulsen', 'Iversen', 'Holm', 'Lund', 'Bech', 'Dam', 'Krog'];

/** One group to create, with its organisations (empty for a group without) and people. */
export interface DemoGroup {
  type: GroupType;
  name: string;
  /** Set for a group the template names: it exists already, created with the programme. */
  templateKey: string | null;
  organisations: { name: string; people: DemoPerson[] }[];
  people: DemoPerson[];
}

export interface DemoPerson {
  person: LocalPerson;
  role: Role;
}

/** What the demo sets up for a template (pure, so the page's promise can be checked without a programme). */
export function demoGroups(template: Template): DemoGroup[] {
  const people = personMaker();
  const groups: DemoGroup[] = [];
  for (const type of groupTypesOf(template)) {
    const roles = rolesOfType(template, type);
    const two = (where: string): DemoPerson[] => [0, 1].map((i) => people(roles[i % roles.length]!, template, where)).filter((p) => p.role);
    const named = template.groups.filter((g) => g.type === type.key);
    if (named.length > 0) {
      for (const g of named) groups.push({ type, name: pick(g.name, 'da'), templateKey: g.key, organisations: [], people: two(pick(g.name, 'da')) });
    } else if (type.organisations) {
      AREAS.forEach((area, i) => {
        const organisations = MUNICIPALITIES[i]!.map((m) => ({ name: `${m} Kommune`, people: two(`${m} Kommune`) }));
        groups.push({ type, name: `${pick(type.name, 'da')} ${area}`, templateKey: null, organisations, people: [] });
      });
    } else {
      groups.push({ type, name: `${pick(type.name, 'da')} 1`, templateKey: null, organisations: [], people: two(pick(type.name, 'da')) });
    }
  }
  return groups;
}

/** The roles of people in a group of that type; for a type no role names, the programme's own (not the consultant). */
function rolesOfType(template: Template, type: GroupType): Role[] {
  const own = template.roles.filter((r) => r.groupType === type.key).map((r) => r.role);
  if (own.length > 0) return own;
  const wide = template.roles.filter((r) => !r.groupType && r.role !== 'consultant').map((r) => r.role);
  return wide.length > 0 ? wide : ['consultant'];
}

function personMaker(): (role: Role, template: Template, where: string) => DemoPerson {
  let n = 0;
  return (role, template, where) => {
    const first = FIRST[n % FIRST.length]!;
    const last = LAST[(n * 3) % LAST.length]!;
    n += 1;
    const handle = `${first.toLowerCase().replace('ø', 'oe')}${n > FIRST.length ? n : ''}`;
    const title = template.roles.find((r) => r.role === role)?.title.da ?? role;
    return { role, person: { ref: `U-${handle}`, handle, name: `${first} ${last}`, email: `${handle}@kommune.example`, title: `${title}, ${where}`, isBot: false } };
  };
}

/** Every person the demo for this template brings into the workspace. */
export function demoPeople(groups: DemoGroup[]): LocalPerson[] {
  return groups.flatMap((g) => [...g.people, ...g.organisations.flatMap((o) => o.people)]).map((p) => p.person);
}

/** Creates the groups, organisations and members through the service (named groups exist already). */
export function seedGroups(core: Core, programme: Programme, groups: DemoGroup[]): void {
  const service = shapesService(core);
  const member = (p: DemoPerson, organisationId: string | null) => ({
    role: p.role,
    userRef: p.person.ref,
    email: p.person.email,
    displayName: p.person.name,
    organisationId,
  });
  for (const g of groups) {
    const existing = g.templateKey ? service.groupsOf(programme).find((x) => x.templateKey === g.templateKey) : undefined;
    const group = existing ?? service.addGroup(programme, { groupType: g.type.key, name: g.name });
    for (const p of g.people) service.addMemberToPartnership(programme, group, member(p, null));
    for (const o of g.organisations) {
      const organisation = service.addOrganisation(programme, group, o.name);
      for (const p of o.people) service.addMemberToPartnership(programme, group, member(p, organisation.id));
    }
  }
}
