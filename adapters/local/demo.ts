import { DateTime } from 'luxon';
import type { Core } from '../../src/app.ts';
import { UserError } from '../../src/domain/errors.ts';
import { formatDate } from '../../src/messages/format.ts';
import { isDateWord, normalize, normalizeDate } from '../../src/commands/resolve.ts';
import type { Template } from '../../src/domain/template.ts';
import { pick } from '../../src/domain/text.ts';
import { demoGroups, demoPeople, seedGroups } from './demo-shapes.ts';
import { checkDate } from '../../src/programmes/service.ts';
import { checkStartFitsTemplate } from '../../src/programmes/date-rules.ts';
import { CONSULTANT_REF, DEMO_PARTNERSHIPS, personByHandle } from './directory.ts';
import type { LocalStore } from './store.ts';

const TEMPLATE = 'smaa-partnerskaber';
const NAME = 'Små Partnerskaber Hjørring';

/** The Monday after the given instant's date in the zone (a Monday gives the one a week later). */
export function nextMonday(now: Date, zone: string): string {
  const today = DateTime.fromJSDate(now, { zone }).startOf('day');
  return today.plus({ days: 8 - today.weekday }).toISODate()!;
}

/**
 * The coming Monday; for a template with fixed dates or windows that start would leave behind (KL's
 * kick-off on 20 September, with the demo started in December), the first Monday of the next year.
 */
export function demoStart(template: Template, now: Date, zone: string): string {
  const monday = nextMonday(now, zone);
  try {
    checkStartFitsTemplate(template, monday);
    return monday;
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
  }
  const newYear = DateTime.fromISO(`${Number(monday.slice(0, 4)) + 1}-01-01`, { zone });
  return newYear.plus({ days: (8 - newYear.weekday) % 7 }).toISODate()!;
}

/**
 * `/tovholder demo [ÅÅÅÅ-MM-DD] [skabelon]`: a programme from any registered template (by id or name;
 * default Små Partnerskaber, with the seed's four partnerships), set up through the core's own service
 * (so it goes through the store and the outbox like any other programme). Another template gets groups,
 * municipalities and people fitting its group types and roles (demo-shapes.ts). The seeded consultant
 * owns it, whoever typed the command.
 */
export function seedDemo(core: Core, store: LocalStore, workspace: { platform: string; workspaceId: string }, args: string[]): string {
  store.seed();
  const zone = core.defaults.timezone;
  const dated = args[0] !== undefined && isDateWord(args[0]);
  const template = demoTemplate(core, args.slice(dated ? 1 : 0).join(' '));
  const startDate = dated ? normalizeDate(args[0]!) : demoStart(template, core.clock.now(), zone);
  checkDate(startDate);
  const consultant = store.user(CONSULTANT_REF);
  if (!consultant) throw new UserError('demo_users', { da: 'Demoens konsulent mangler.', en: 'The demo consultant is missing.' });
  const legacy = template.groupTypes === undefined;
  const groups = legacy ? [] : demoGroups(template);
  const name = freeName(core, workspace, legacy ? NAME : `${pick(template.name, 'da')} Nordjylland`);
  const { programme } = core.programmes.createProgramme({
    ...workspace,
    name,
    templateId: template.id,
    startDate,
    timezone: zone,
    locale: core.defaults.locale,
    consultant: { userRef: consultant.ref, displayName: consultant.name },
  });
  const start = formatDate(`${startDate}T12:00:00Z`, zone, 'da');
  if (!legacy) {
    store.addPeople(demoPeople(groups));
    seedGroups(core, programme, groups);
    const names = groups.map((g) => g.organisations.length > 0 ? `${g.name} (${g.organisations.map((o) => o.name).join(', ')})` : g.name);
    return `*${name}* er oprettet og starter ${start} med ${names.join('; ')}. Kanalerne dukker op i sidepanelet om et øjeblik.
` +
      'Skift «Hvem er jeg» for at se forløbet som en af deltagerne, og spol tiden frem med knapperne foroven.';
  }
  for (const p of DEMO_PARTNERSHIPS) {
    const culture = personByHandle(p.cultureStaff)!;
    const daycare = personByHandle(p.daycareStaff)!;
    core.programmes.addPartnership(programme, {
      name: p.name,
      culturalInstitution: p.culture,
      daycare: p.daycare,
      members: [
        { role: 'culture_staff', userRef: culture.ref, email: culture.email, displayName: culture.name },
        { role: 'daycare_staff', userRef: daycare.ref, email: daycare.email, displayName: daycare.name },
      ],
    });
  }
  return (
    `*${name}* er oprettet og starter ${start} med fire partnerskaber: ${DEMO_PARTNERSHIPS.map((p) => p.name).join(', ')}. ` +
    'Kanalerne dukker op i sidepanelet om et øjeblik.\n' +
    'Skift «Hvem er jeg» for at se forløbet som formidler eller pædagog, og spol tiden frem med knapperne foroven.'
  );
}

/** The template the visitor picked, by id or name; none: Små Partnerskaber. */
function demoTemplate(core: Core, words: string): Template {
  const wanted = normalize(words);
  if (!wanted) return core.programmes.template(TEMPLATE);
  const found = core.templates.list().find((t) => [t.id, t.name.da, t.name.en ?? ''].some((n) => normalize(n) === wanted));
  return found ?? core.programmes.template(words.trim()); // refuses, naming the templates there are
}

/** The templates the page offers, Små Partnerskaber first (the default). */
export function demoTemplates(core: Core): { id: string; name: string }[] {
  const all = core.templates.list().map((t) => ({ id: t.id, name: pick(t.name, 'da') }));
  return [...all.filter((t) => t.id === TEMPLATE), ...all.filter((t) => t.id !== TEMPLATE)];
}

/** A second demo gets "(2)", so trying it twice never fails on the name. */
function freeName(core: Core, workspace: { platform: string; workspaceId: string }, base: string): string {
  const taken = (n: string) => core.repos.programmes.findByName(workspace.platform, workspace.workspaceId, n);
  let name = base;
  for (let i = 2; taken(name); i += 1) name = `${base} (${i})`;
  return name;
}
