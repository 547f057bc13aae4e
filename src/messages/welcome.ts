import type { Organisation, Partnership, Programme } from '../domain/entities.ts';
import type { Role, Template } from '../domain/template.ts';
import { midSentence, pick, type Locale } from '../domain/text.ts';
import type { StoredActivity } from '../store/activities.ts';
import type { MemberWithDm } from '../store/programmes.ts';
import { expectedHours } from '../programmes/hours.ts';
import { activityTitle, partnershipLookup } from './exchange.ts';
import { formatDate, formatDateTime, formatShortDate, formatTime } from './format.ts';
import { groupMemberWelcome, groupWelcome, isGroupOfAnyTemplate } from './group-welcome.ts';
import { mention, userTextsOf, withUserTexts, type RichMessage } from './model.ts';
import { activityWindowLabel } from '../timeline/windows.ts';

const t = {
  da: {
    partnershipTitle: (p: Partnership) => `Velkommen til partnerskabet ${p.name}`,
    partnershipIntro: (p: Partnership, prog: Programme) =>
      `Her samarbejder *${p.culturalInstitution}* og *${p.daycare}* om at udvikle et nyt kulturelt tilbud til børn i ${prog.name}. Jeg minder jer om besøg, dialoger og frister undervejs.`,
    programmeTitle: (prog: Programme) => `Velkommen til ${prog.name}`,
    programmeIntro: 'Denne kanal er fælles for alle partnerskaber og konsulenten. Her kommer påmindelser om de tre workshops.',
    programmeIntroGroups: 'Denne kanal er fælles for hele forløbet. Her kommer påmindelser om det, vi mødes om sammen.',
    groups: 'Grupper',
    who: 'Hvem er med',
    hours: 'Forventet tid pr. rolle',
    hoursValue: (h: number) => `ca. ${formatHours(h)} timer`,
    plan: 'Jeres forløb',
    keywords: (n: number, examples: string) => `Til opstartsworkshoppen finder hvert partnerskab ${n} nøgleord for tilbuddet, fx ${examples}.`,
    partnerships: 'Partnerskaber',
    memberTitle: (prog: Programme) => `Velkommen til ${prog.name}`,
    memberIntro: (p: Partnership, role: string, hours: string) =>
      `Du er med i partnerskabet *${p.name}* (${p.culturalInstitution} + ${p.daycare}) som *${role}*. Forventet tid: ${hours} i alt.`,
    memberPlan: 'Dine aktiviteter',
    memberOutro: 'Jeg minder dig om hver aktivitet, inden den finder sted.',
    first: 'Første aktivitet',
    placeNotSet: 'stedet er ikke sat endnu',
    dateMissing: 'dato mangler',
  },
  en: {
    partnershipTitle: (p: Partnership) => `Welcome to the partnership ${p.name}`,
    partnershipIntro: (p: Partnership, prog: Programme) =>
      `Here *${p.culturalInstitution}* and *${p.daycare}* develop a new cultural offer for children in ${prog.name}. I will remind you of visits, dialogues and deadlines along the way.`,
    programmeTitle: (prog: Programme) => `Welcome to ${prog.name}`,
    programmeIntro: 'This channel is shared by all partnerships and the consultant. Reminders for the three workshops come here.',
    programmeIntroGroups: 'This channel is shared by the whole programme. Reminders of what we meet for together come here.',
    groups: 'Groups',
    who: 'Who takes part',
    hours: 'Expected time per role',
    hoursValue: (h: number) => `about ${formatHours(h)} hours`,
    plan: 'Your timeline',
    keywords: (n: number, examples: string) => `At the kick-off workshop each partnership picks ${n} keywords for the offer, e.g. ${examples}.`,
    partnerships: 'Partnerships',
    memberTitle: (prog: Programme) => `Welcome to ${prog.name}`,
    memberIntro: (p: Partnership, role: string, hours: string) =>
      `You take part in the partnership *${p.name}* (${p.culturalInstitution} + ${p.daycare}) as *${role}*. Expected time: ${hours} in all.`,
    memberPlan: 'Your activities',
    memberOutro: 'I will remind you of each activity before it takes place.',
    first: 'First activity',
    placeNotSet: 'the place is not set yet',
    dateMissing: 'date missing',
  },
} as const;

function formatHours(hours: number): string {
  return Number.isInteger(hours) ? String(hours) : hours.toFixed(1).replace('.', ',');
}

function roleTitle(template: Template, role: Role, locale: Locale): string {
  const description = template.roles.find((r) => r.role === role);
  return description ? pick(description.title, locale) : role;
}

function memberLine(template: Template, member: MemberWithDm, locale: Locale): string {
  const who = member.userRef ? mention(member.userRef) : member.displayName;
  return `• ${who}: ${roleTitle(template, member.role, locale)}`;
}

function hoursLines(template: Template, roles: Role[], locale: Locale): string {
  return roles.map((role) => `• ${roleTitle(template, role, locale)}: ${t[locale].hoursValue(expectedHours(template, role))}`).join('\n');
}

/** Whose timeline it is: the partnership (host or visitor on exchange days) and the others' names. */
interface Viewpoint {
  partnershipId: string | null;
  partnership: (id: string) => Partnership | undefined;
}

const NO_VIEWPOINT: Viewpoint = { partnershipId: null, partnership: () => undefined };

function timelineLines(template: Template, activities: StoredActivity[], zone: string, locale: Locale, view = NO_VIEWPOINT): string {
  return activities
    .map((a) => {
      const step = template.steps.find((s) => s.key === a.stepKey);
      const title = step ? activityTitle(step.title, a, view.partnershipId, view.partnership, locale) : a.stepKey;
      // A window step has no date yet: "4. kvartal 2028 — dato mangler", never its provisional day.
      if (a.undated) return `• ${a.window ? `${activityWindowLabel(step?.placement, a.window, locale)} — ` : ''}${t[locale].dateMissing}: ${title}`;
      const time = step?.durationMinutes ? ` ${formatTime(a.startsAt, zone, locale)}` : '';
      return `• ${formatShortDate(a.startsAt, zone, locale)}${time}: ${title}`;
    })
    .join('\n');
}

/**
 * "Første aktivitet: Opstartsworkshop, mandag den 7. december 2026 kl. 09.00, Kulturhuset": what comes
 * next (a partnership added after the kick-off is not sent to it), so nobody has to read the whole
 * timeline to know where to be. An exchange day is two activities at once, each read from this side
 * with the host's place.
 */
function firstActivity(template: Template, activities: StoredActivity[], view: Viewpoint, zone: string, locale: Locale, now: string | null): RichMessage['blocks'] {
  const upcoming = activities.filter((a) => a.audience !== 'consultant' && !a.undated && (now === null || a.startsAt >= now));
  const first = upcoming[0];
  if (!first) return [];
  const lines = upcoming.filter((a) => a.startsAt === first.startsAt).map((a) => firstLine(template, a, view, zone, locale));
  const label = `*${t[locale].first}:*`;
  return [{ type: 'section', text: lines.length === 1 ? `${label} ${lines[0]}` : `${label}\n${lines.map((l) => `• ${l}`).join('\n')}` }];
}

function firstLine(template: Template, activity: StoredActivity, view: Viewpoint, zone: string, locale: Locale): string {
  const step = template.steps.find((s) => s.key === activity.stepKey);
  const title = step ? activityTitle(step.title, activity, view.partnershipId, view.partnership, locale) : activity.stepKey;
  const when = step?.durationMinutes ? formatDateTime(activity.startsAt, zone, locale) : formatDate(activity.startsAt, zone, locale);
  // Visits are at the cultural institution, an exchange day (visit or dialogue) at the host's.
  const host = activity.pairedPartnershipId || step?.kind === 'visit' ? view.partnership(activity.partnershipId ?? '') : undefined;
  return `${title}, ${when}, ${activity.location ?? host?.culturalInstitution ?? t[locale].placeNotSet}`;
}

/** The first message in a partnership's channel: who is in it, their roles and hours, the timeline. */
export function partnershipWelcome(input: {
  programme: Programme;
  template: Template;
  partnership: Partnership;
  members: MemberWithDm[];
  activities: StoredActivity[];
  /** The programme's partnerships, to name the other side of an exchange day. */
  partnerships: Partnership[];
  /** The group's organisations (networks' municipalities), named next to their people. */
  organisations?: Organisation[];
  locale: Locale;
  /** When the welcome is written (UTC ISO): the first activity named is the first still to come. */
  now?: string;
}): RichMessage {
  const { programme, template, partnership, members, activities, locale } = input;
  // Networks, tracks and steering groups have no cultural institution and daycare to introduce.
  if (isGroupOfAnyTemplate(template, partnership)) return groupWelcome({ ...input, group: partnership });
  const view = { partnershipId: partnership.id, partnership: partnershipLookup(input.partnerships) };
  const w = t[locale];
  const roles = [...new Set(members.map((m) => m.role))];
  const blocks: RichMessage['blocks'] = [
    { type: 'header', text: w.partnershipTitle(partnership) },
    { type: 'section', text: w.partnershipIntro(partnership, programme) },
    ...firstActivity(template, activities, view, programme.timezone, locale, input.now ?? null),
    { type: 'section', text: `*${w.who}*\n${members.map((m) => memberLine(template, m, locale)).join('\n')}` },
    { type: 'section', text: `*${w.hours}*\n${hoursLines(template, roles, locale)}` },
    { type: 'section', text: `*${w.plan}*\n${timelineLines(template, activities, programme.timezone, locale, view)}` },
  ];
  if (template.keywords) {
    const examples = template.keywords.examples.map((e) => `«${pick(e, locale)}»`).join(', ');
    blocks.push({ type: 'context', text: w.keywords(template.keywords.count, examples) });
  }
  return withUserTexts({ text: w.partnershipTitle(partnership), blocks }, userTextsOf(input));
}

/** The first message in the shared channel: the programme, its workshops and partnerships. */
export function programmeWelcome(input: {
  programme: Programme;
  template: Template;
  partnerships: Partnership[];
  activities: StoredActivity[];
  locale: Locale;
  now?: string;
}): RichMessage {
  const { programme, template, partnerships, activities, locale } = input;
  const w = t[locale];
  // Templates with their own group types (networks, tracks) name their own roles and groups.
  const shaped = template.groupTypes !== undefined;
  const roles = shaped ? template.roles.map((r) => r.role) : ['consultant', 'culture_staff', 'daycare_staff'];
  const blocks: RichMessage['blocks'] = [
    { type: 'header', text: w.programmeTitle(programme) },
    { type: 'section', text: `${pick(template.description, locale)}\n\n${shaped ? w.programmeIntroGroups : w.programmeIntro}` },
    ...firstActivity(template, activities, NO_VIEWPOINT, programme.timezone, locale, input.now ?? null),
    // A template whose steps are all in groups (003: steering group, development group, tracks) has no shared timeline.
    ...(activities.length > 0 ? [{ type: 'section' as const, text: `*${w.plan}*\n${timelineLines(template, activities, programme.timezone, locale)}` }] : []),
    { type: 'section', text: `*${w.hours}*\n${hoursLines(template, roles, locale)}` },
  ];
  if (partnerships.length > 0) {
    const lines = partnerships
      .map((p) => (p.culturalInstitution && p.daycare ? `• ${p.name}: ${p.culturalInstitution} + ${p.daycare}` : `• ${p.name}`))
      .join('\n');
    blocks.push({ type: 'section', text: `*${shaped ? w.groups : w.partnerships}*\n${lines}` });
  }
  return withUserTexts({ text: w.programmeTitle(programme), blocks }, userTextsOf(input));
}

/** A member's own welcome, sent privately: their role, their expected hours and their activities. */
export function memberWelcome(input: {
  programme: Programme;
  template: Template;
  partnership: Partnership;
  member: MemberWithDm;
  activities: StoredActivity[];
  /** The programme's partnerships, to name the other side of an exchange day. */
  partnerships: Partnership[];
  /** The group's organisations: the member's is named in the welcome. */
  organisations?: Organisation[];
  locale: Locale;
  /** When the welcome is written (UTC ISO): the first activity named is the first still to come. */
  now?: string;
}): RichMessage {
  const { programme, template, partnership, member, locale } = input;
  if (isGroupOfAnyTemplate(template, partnership)) return groupMemberWelcome({ ...input, group: partnership });
  const view = { partnershipId: partnership.id, partnership: partnershipLookup(input.partnerships) };
  const w = t[locale];
  const role = midSentence(roleTitle(template, member.role, locale));
  const mine = input.activities.filter((a) => a.audience !== 'cultural_institution' || member.role === 'culture_staff');
  const message: RichMessage = {
    text: w.memberTitle(programme),
    blocks: [
      { type: 'header', text: w.memberTitle(programme) },
      { type: 'section', text: w.memberIntro(partnership, role, w.hoursValue(expectedHours(template, member.role))) },
      ...firstActivity(template, mine, view, programme.timezone, locale, input.now ?? null),
      { type: 'section', text: `*${w.memberPlan}*\n${timelineLines(template, mine, programme.timezone, locale, view)}` },
      { type: 'context', text: w.memberOutro },
    ],
  };
  return withUserTexts(message, userTextsOf(input));
}
