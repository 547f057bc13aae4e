import { DateTime } from 'luxon';
import type { Core } from '../../src/app.ts';
import { UserError } from '../../src/domain/errors.ts';
import { formatDate } from '../../src/messages/format.ts';
import { normalizeDate } from '../../src/commands/resolve.ts';
import { checkDate } from '../../src/programmes/service.ts';
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
 * `/tovholder demo [ÅÅÅÅ-MM-DD]`: the Små Partnerskaber programme with the seed's four partnerships,
 * set up through the core's own service (so it goes through the store and the outbox like any other
 * programme). The seeded consultant owns it, whoever typed the command.
 */
export function seedDemo(core: Core, store: LocalStore, workspace: { platform: string; workspaceId: string }, args: string[]): string {
  store.seed();
  const zone = core.defaults.timezone;
  const startDate = args[0] ? normalizeDate(args[0]) : nextMonday(core.clock.now(), zone);
  checkDate(startDate);
  const consultant = store.user(CONSULTANT_REF);
  if (!consultant) throw new UserError('demo_users', { da: 'Demoens konsulent mangler.', en: 'The demo consultant is missing.' });
  const name = freeName(core, workspace);
  const { programme } = core.programmes.createProgramme({
    ...workspace,
    name,
    templateId: TEMPLATE,
    startDate,
    timezone: zone,
    locale: core.defaults.locale,
    consultant: { userRef: consultant.ref, displayName: consultant.name },
  });
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
  const start = formatDate(`${startDate}T12:00:00Z`, zone, 'da');
  return (
    `*${name}* er oprettet og starter ${start} med fire partnerskaber: ${DEMO_PARTNERSHIPS.map((p) => p.name).join(', ')}. ` +
    'Kanalerne dukker op i sidepanelet om et øjeblik.\n' +
    'Skift «Hvem er jeg» for at se forløbet som formidler eller pædagog, og spol tiden frem med knapperne foroven.'
  );
}

/** A second demo gets "(2)", so trying it twice never fails on the name. */
function freeName(core: Core, workspace: { platform: string; workspaceId: string }): string {
  const taken = (n: string) => core.repos.programmes.findByName(workspace.platform, workspace.workspaceId, n);
  let name = NAME;
  for (let i = 2; taken(name); i += 1) name = `${NAME} (${i})`;
  return name;
}
