/**
 * National scale (issue #13): KL's "Kvalitet i dagtilbud" (004) run by 100 networks of 10
 * municipalities, 5 people each (1,000 organisations, 5,000 people), in the same database as the
 * 2,000 partnerships of the main bench. The programme is set up the way the store holds it (groups,
 * organisations, members) and planned once by the real service; then the idle tick is timed against
 * the bare "anything due?" query, and one tick at the programme's busiest reminder instant.
 */
import type { Core } from '../../src/app.ts';
import type { ManualClock } from '../../src/clock.ts';

export const NETWORKS = 100;
export const MUNICIPALITIES_PER_NETWORK = 10;
const ROLES = ['dagtilbudschef', 'forvaltningskonsulent', 'dagtilbudsleder', 'dagtilbudsleder', 'dagtilbudsleder'] as const;

export interface NationalSeed {
  programmeId: string;
  networks: number;
  organisations: number;
  people: number;
  activities: number;
  pendingReminders: number;
  datePrompts: number;
  buildMs: number;
}

/** Adds the national 004 programme to the bench database through the repositories and the planner. */
export function seedNational(core: Core, clock: ManualClock, startDate: string): NationalSeed {
  const started = performance.now();
  const { programme } = core.programmes.createProgramme({
    platform: 'slack',
    workspaceId: 'T-KL',
    name: 'Kvalitet i dagtilbud, landsdækkende',
    templateId: 'kl-kvalitet-dagtilbud',
    startDate,
    timezone: 'Europe/Copenhagen',
    locale: 'da',
    consultant: { userRef: 'U-KL-1', displayName: 'KL-konsulent' },
  });
  let people = 0;
  core.transaction(() => {
    for (let n = 0; n < NETWORKS; n++) {
      const network = core.repos.partnerships.insert({
        programmeId: programme.id, name: `Netværk ${n + 1}`, groupType: 'netvaerk', culturalInstitution: null, daycare: null, keywords: [],
      });
      core.repos.partnerships.setChannelRef(network.id, `C-NET-${n}`);
      for (let m = 0; m < MUNICIPALITIES_PER_NETWORK; m++) {
        const organisation = core.repos.organisations.insert({ programmeId: programme.id, groupId: network.id, name: `Kommune ${n * MUNICIPALITIES_PER_NETWORK + m + 1}` });
        for (const [i, role] of ROLES.entries()) {
          const userRef = `U-${n}-${m}-${i}`;
          const member = core.repos.members.insert({
            programmeId: programme.id, partnershipId: network.id, organisationId: organisation.id, role, userRef, email: null, displayName: userRef, locale: null,
          });
          core.repos.members.setDmRef(member.id, `D-${userRef}`);
          people += 1;
        }
      }
    }
    core.programmes.replan(programme, core.programmes.templateOf(programme));
  });
  const count = (sql: string) => core.db.prepare(sql).pluck().get(programme.id) as number;
  void clock;
  return {
    programmeId: programme.id,
    networks: NETWORKS,
    organisations: NETWORKS * MUNICIPALITIES_PER_NETWORK,
    people,
    activities: count('SELECT COUNT(*) FROM activities WHERE programme_id = ?'),
    pendingReminders: count("SELECT COUNT(*) FROM reminders r JOIN activities a ON a.id = r.activity_id WHERE a.programme_id = ? AND r.status = 'pending'"),
    datePrompts: count("SELECT COUNT(*) FROM reminders r JOIN activities a ON a.id = r.activity_id WHERE a.programme_id = ? AND r.purpose = 'date_prompt'"),
    buildMs: performance.now() - started,
  };
}

/** The national programme's busiest reminder instant (most reminders due together). */
export function busiestInstant(core: Core, programmeId: string): { at: string; n: number } {
  return core.db
    .prepare(
      `SELECT r.due_at AS at, COUNT(*) AS n FROM reminders r JOIN activities a ON a.id = r.activity_id
       WHERE a.programme_id = ? AND r.status = 'pending' GROUP BY r.due_at ORDER BY n DESC, r.due_at LIMIT 1`,
    )
    .get(programmeId) as { at: string; n: number };
}
