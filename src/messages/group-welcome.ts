import type { Organisation, Partnership, Programme } from '../domain/entities.ts';
import { groupTypesOf, rolesOf, type Role, type Step, type Template } from '../domain/template.ts';
import { midSentence, pick, type Locale } from '../domain/text.ts';
import type { StoredActivity } from '../store/activities.ts';
import type { MemberWithDm } from '../store/programmes.ts';
import { expectedHours } from '../programmes/hours.ts';
import { formatShortDate, formatTime } from './format.ts';
import { formatLine } from './meeting-format.ts';
import { mention, userTextsOf, withUserTexts, type RichMessage } from './model.ts';
import { activityWindowLabel } from '../timeline/windows.ts';

/**
 * Welcomes for groups of any template (a network, a track, the steering group) and their members:
 * the group's name and type, each role's title, contributions and expected hours, and the format of
 * what comes next. Små Partnerskaber's partnerships keep their own welcome (welcome.ts).
 */

const t = {
  da: {
    title: (group: string) => `Velkommen til ${group}`,
    intro: (group: string, type: string, programme: string) =>
      `*${group}* er ${type} i ${programme}. Jeg minder jer om møder, opgaver og frister undervejs.`,
    memberIntro: (group: string, type: string, role: string, organisation: string | null, hours: string) =>
      `Du er med i *${group}* (${type}) som *${role}*${organisation ? ` for ${organisation}` : ''}. Forventet tid: ${hours} i alt.`,
    who: 'Hvem er med',
    roles: 'Roller',
    contributes: 'Du bidrager med',
    hoursValue: (h: number) => `ca. ${formatHours(h, 'da')} timer`,
    next: 'Det næste',
    plan: 'Jeres forløb',
    memberPlan: 'Dine aktiviteter',
    dateMissing: 'dato mangler',
    memberOutro: 'Jeg minder dig om hver aktivitet, inden den finder sted.',
  },
  en: {
    title: (group: string) => `Welcome to ${group}`,
    intro: (group: string, type: string, programme: string) =>
      `*${group}* is a ${type} in ${programme}. I will remind you of meetings, tasks and deadlines along the way.`,
    memberIntro: (group: string, type: string, role: string, organisation: string | null, hours: string) =>
      `You take part in *${group}* (${type}) as *${role}*${organisation ? ` for ${organisation}` : ''}. Expected time: ${hours} in all.`,
    who: 'Who takes part',
    roles: 'Roles',
    contributes: 'You contribute',
    hoursValue: (h: number) => `about ${formatHours(h, 'en')} hours`,
    next: 'Next',
    plan: 'Your timeline',
    memberPlan: 'Your activities',
    dateMissing: 'date missing',
    memberOutro: 'I will remind you of each activity before it takes place.',
  },
} as const;

function formatHours(hours: number, locale: Locale): string {
  if (Number.isInteger(hours)) return String(hours);
  const text = hours.toFixed(1);
  return locale === 'da' ? text.replace('.', ',') : text;
}

/** How many of the group's next activities the welcome shows with their format. */
const NEXT_COUNT = 3;

export interface GroupWelcomeInput {
  programme: Programme;
  template: Template;
  group: Partnership;
  members: MemberWithDm[];
  activities: StoredActivity[];
  organisations?: Organisation[];
  locale: Locale;
  now?: string;
}

/** The group type's name, lower-case mid-sentence: "netværk", "spor". */
function typeName(template: Template, group: Partnership, locale: Locale): string {
  const type = groupTypesOf(template).find((g) => g.key === group.groupType);
  return type ? midSentence(pick(type.name, locale)) : group.groupType;
}

function roleTitle(template: Template, role: Role, locale: Locale): string {
  const description = template.roles.find((r) => r.role === role);
  return description ? pick(description.title, locale) : role;
}

/** The group's activities: its own, the programme-wide ones its roles take part in, and pairings it is in. */
export function activitiesOfGroup(template: Template, group: Partnership, activities: StoredActivity[], role?: Role, organisationId?: string | null): StoredActivity[] {
  return activities.filter((a) => {
    const step = template.steps.find((s) => s.key === a.stepKey);
    if (!step) return false;
    if (a.partnershipId !== null && a.partnershipId !== group.id && a.pairedPartnershipId !== group.id) return false;
    if (organisationId && a.pairedOrganisationIds.length > 0 && !a.pairedOrganisationIds.includes(organisationId)) return false;
    const roles = rolesOf(step.audience, template);
    if (role) return roles.includes(role);
    // The group's channel: what anyone of the group's type takes part in (not the consultant's own tasks).
    return a.partnershipId === group.id || template.roles.some((r) => r.groupType === group.groupType && roles.includes(r.role));
  });
}

/** "• to 11. maj 09.00: Temamøde 2 · Fysisk · Multihuset"; an undated one: "2. kvartal 2028 — dato mangler". */
function activityLine(template: Template, activity: StoredActivity, programme: Programme, locale: Locale, withFormat: boolean, orgs: Map<string, string>): string {
  const step = template.steps.find((s) => s.key === activity.stepKey);
  const title = `${step ? pick(step.title, locale) : activity.stepKey}${pairSuffix(step, activity, orgs, locale)}`;
  const zone = programme.timezone;
  let when: string;
  if (activity.undated && activity.window) {
    when = `${activityWindowLabel(step?.placement, activity.window, locale)} — ${t[locale].dateMissing}`;
  } else if (activity.undated) {
    when = t[locale].dateMissing;
  } else {
    when = `${formatShortDate(activity.startsAt, zone, locale)}${step?.durationMinutes ? ` ${formatTime(activity.startsAt, zone, locale)}` : ''}`;
  }
  const format = withFormat ? formatLine(activity, locale) : null;
  return `• ${when}: ${title}${format ? ` · ${format}` : ''}`;
}

function nextLines(template: Template, activities: StoredActivity[], programme: Programme, locale: Locale, now: string | null, orgs: Map<string, string>): string {
  const upcoming = activities.filter((a) => now === null || a.undated || a.startsAt >= now).slice(0, NEXT_COUNT);
  return upcoming.map((a) => activityLine(template, a, programme, locale, true, orgs)).join('\n');
}

/**
 * " – Aalborg Kommune besøger Hjørring Kommune" for a visit, " – A, B og C" for a sparring group: a
 * round of visits is one activity per pair, and without this a member's list shows the same title twice.
 */
function pairSuffix(step: Step | undefined, activity: StoredActivity, orgs: Map<string, string>, locale: Locale): string {
  const names = activity.pairedOrganisationIds.map((id) => orgs.get(id)).filter((n): n is string => n !== undefined);
  if (names.length < 2) return '';
  const visit = typeof step?.pairing === 'object' && step.pairing.mode === 'visit' && names.length === 2;
  if (visit) return ` – ${names[0]} ${locale === 'da' ? 'besøger' : 'visits'} ${names[1]}`;
  return ` – ${names.slice(0, -1).join(', ')} ${locale === 'da' ? 'og' : 'and'} ${names.at(-1)}`;
}

/** The first message in a group's channel. */
export function groupWelcome(input: GroupWelcomeInput): RichMessage {
  const { programme, template, group, members, locale } = input;
  const w = t[locale];
  const orgs = new Map((input.organisations ?? []).map((o) => [o.id, o.name]));
  const own = activitiesOfGroup(template, group, input.activities);
  const roles = template.roles.filter((r) => r.groupType === group.groupType || members.some((m) => m.role === r.role));
  const blocks: RichMessage['blocks'] = [
    { type: 'header', text: w.title(group.name) },
    { type: 'section', text: w.intro(group.name, typeName(template, group, locale), programme.name) },
  ];
  const next = nextLines(template, own, programme, locale, input.now ?? null, orgs);
  if (next) blocks.push({ type: 'section', text: `*${w.next}*\n${next}` });
  if (members.length > 0) {
    const lines = members.map((m) => {
      const who = m.userRef ? mention(m.userRef) : m.displayName;
      const org = m.organisationId ? orgs.get(m.organisationId) : undefined;
      return `• ${who}: ${roleTitle(template, m.role, locale)}${org ? ` (${org})` : ''}`;
    });
    blocks.push({ type: 'section', text: `*${w.who}*\n${lines.join('\n')}` });
  }
  if (roles.length > 0) {
    const lines = roles.map((r) => {
      const contributes = r.contributes.map((c) => pick(c, locale)).join('; ');
      return `• *${pick(r.title, locale)}* (${w.hoursValue(expectedHours(template, r.role))}): ${contributes}`;
    });
    blocks.push({ type: 'section', text: `*${w.roles}*\n${lines.join('\n')}` });
  }
  if (own.length > 0) blocks.push({ type: 'section', text: `*${w.plan}*\n${own.map((a) => activityLine(template, a, programme, locale, false, orgs)).join('\n')}` });
  return withUserTexts({ text: w.title(group.name), blocks }, [...userTextsOf(input), ...orgs.values()]);
}

/** A member's own welcome in a group: role, organisation, hours, contributions and their activities. */
export function groupMemberWelcome(input: Omit<GroupWelcomeInput, 'members'> & { member: MemberWithDm }): RichMessage {
  const { programme, template, group, member, locale } = input;
  const w = t[locale];
  const organisation = member.organisationId ? (input.organisations ?? []).find((o) => o.id === member.organisationId)?.name ?? null : null;
  const role = template.roles.find((r) => r.role === member.role);
  const mine = activitiesOfGroup(template, group, input.activities, member.role, member.organisationId);
  const orgs = new Map((input.organisations ?? []).map((o) => [o.id, o.name]));
  const hours = w.hoursValue(expectedHours(template, member.role));
  const blocks: RichMessage['blocks'] = [
    { type: 'header', text: w.title(group.name) },
    { type: 'section', text: w.memberIntro(group.name, typeName(template, group, locale), midSentence(roleTitle(template, member.role, locale)), organisation, hours) },
  ];
  if (role) blocks.push({ type: 'section', text: `*${w.contributes}*\n${role.contributes.map((c) => `• ${pick(c, locale)}`).join('\n')}` });
  const next = nextLines(template, mine, programme, locale, input.now ?? null, orgs);
  if (next) blocks.push({ type: 'section', text: `*${w.next}*\n${next}` });
  if (mine.length > 0) blocks.push({ type: 'section', text: `*${w.memberPlan}*\n${mine.map((a) => activityLine(template, a, programme, locale, false, orgs)).join('\n')}` });
  blocks.push({ type: 'context', text: w.memberOutro });
  return withUserTexts({ text: w.title(group.name), blocks }, [...userTextsOf(input), organisation, ...orgs.values()]);
}

/** Whether a group gets these welcomes rather than Små Partnerskaber's partnership welcome. */
export function isGroupOfAnyTemplate(template: Template, group: Partnership): boolean {
  return template.groupTypes !== undefined || group.culturalInstitution === null || group.daycare === null;
}
