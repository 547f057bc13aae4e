import { DateTime } from 'luxon';
import { fillText, midSentence, pick, type Locale } from '../../domain/text.ts';
import { groupTypesOf, type Audience, type LegacyAudience, type Pairing, type Placement, type Step, type Template, type Window } from '../../domain/template.ts';

/**
 * A template's steps in words for `skabelon <id>`: when (weeks from the start, a fixed day, a window
 * of the year), who (the seed's audiences, or "hvert netværk", "styregruppen", "hele forløbet"), how
 * (fysisk, virtuel, hybrid) and with whom (pairs). Kept apart from the views: only `skabelon` uses them.
 */
const TEXTS = {
  da: {
    fromStart: 'uge {week}',
    fromStartDays: 'uge {week}, dag {day}',
    after: '{n} {n|arbejdsdag|arbejdsdage} efter {step}',
    before: '{n} {n|arbejdsdag|arbejdsdage} før {step}',
    same: 'samme dag som {step}',
    year: '{when}, år {n}',
    quarter: '{n}. kvartal',
    setBy: 'datoen sættes inden for perioden (ansvarlig: {role})',
    programme: 'hele forløbet',
    each: '{every} {type}',
    and: 'og',
    direct: 'direkte besked',
    otherPartnership: 'med et andet partnerskab',
    visitOrganisations: 'organisationerne besøger hinanden parvis',
    visitGroups: 'grupperne besøger hinanden parvis',
    groupOrganisations: 'organisationerne arbejder sammen {size|to og to|tre og tre}',
    groupGroups: 'grupperne arbejder sammen {size|to og to|tre og tre}',
  },
  en: {
    fromStart: 'week {week}',
    fromStartDays: 'week {week}, day {day}',
    after: '{n} working {n|day|days} after {step}',
    before: '{n} working {n|day|days} before {step}',
    same: 'the same day as {step}',
    year: '{when}, year {n}',
    quarter: 'Q{n}',
    setBy: 'the date is set within the period (by: {role})',
    programme: 'the whole programme',
    each: 'each {type}',
    and: 'and',
    direct: 'direct message',
    otherPartnership: 'with another partnership',
    visitOrganisations: 'the organisations visit each other in pairs',
    visitGroups: 'the groups visit each other in pairs',
    groupOrganisations: 'the organisations work together {size|in pairs|in threes}',
    groupGroups: 'the groups work together {size|in pairs|in threes}',
  },
} satisfies Record<Locale, Record<string, string>>;

type Key = keyof (typeof TEXTS)['da'];
const say = (locale: Locale, key: Key, params: Record<string, string | number> = {}) => fillText(TEXTS[locale][key], params);

const LEGACY: Record<LegacyAudience, { da: string; en: string }> = {
  all: { da: 'alle partnerskaber og konsulenten', en: 'all partnerships and the consultant' },
  with_children: { da: 'partnerskabet med børn', en: 'the partnership with children' },
  without_children: { da: 'partnerskabet uden børn', en: 'the partnership without children' },
  cultural_institution: { da: 'kulturinstitutionen', en: 'the cultural institution' },
  consultant: { da: 'konsulenten', en: 'the consultant' },
};

export function placementText(template: Template, placement: Placement, locale: Locale): string {
  if ('on' in placement) {
    const full = placement.on.length === 10;
    const date = DateTime.fromISO(full ? placement.on : `2001-${placement.on}`, { locale });
    const when = date.toFormat(locale === 'da' ? 'd. LLLL' : 'd LLLL') + (full ? ` ${date.year}` : '');
    return full || placement.year === 0 ? when : say(locale, 'year', { when, n: placement.year + 1 });
  }
  if ('window' in placement) {
    const role = template.roles.find((r) => r.role === placement.setBy);
    const setBy = say(locale, 'setBy', { role: role ? midSentence(pick(role.title, locale)) : placement.setBy });
    return `${say(locale, 'year', { when: windowText(placement.window, locale), n: placement.year + 1 })} · ${setBy}`;
  }
  if (!('workingDays' in placement)) {
    const week = placement.weeks + 1;
    return placement.days ? say(locale, 'fromStartDays', { week, day: placement.days + 1 }) : say(locale, 'fromStart', { week });
  }
  const base = template.steps.find((s) => s.key === placement.from);
  const step = base ? pick(base.title, locale) : placement.from;
  const n = Math.abs(placement.workingDays);
  if (n === 0) return say(locale, 'same', { step });
  return say(locale, placement.workingDays > 0 ? 'after' : 'before', { n, step });
}

/** "4. kvartal", "september", "primo", "forår", "1. september - 30. november". */
function windowText(window: Window, locale: Locale): string {
  const da = locale === 'da';
  if ('quarter' in window) return say(locale, 'quarter', { n: window.quarter });
  if ('month' in window) return DateTime.fromObject({ year: 2001, month: window.month }, { locale }).toFormat('LLLL');
  if ('part' in window) return da ? window.part : { primo: 'early', medio: 'mid', ultimo: 'late' }[window.part];
  if ('season' in window) return { foraar: da ? 'forår' : 'spring', efteraar: da ? 'efterår' : 'autumn' }[window.season];
  const day = (d: string) => DateTime.fromISO(d.length === 10 ? d : `2001-${d}`, { locale }).toFormat(da ? 'd. LLLL' : 'd LLLL');
  return `${day(window.from)} - ${day(window.to)}`;
}

/** Who a step is for, in the template's own words. */
export function audienceText(template: Template, audience: Audience, locale: Locale): string {
  if (typeof audience === 'string') return pick(LEGACY[audience], locale);
  const typeName = (key: string | undefined) => {
    const type = groupTypesOf(template).find((t) => t.key === key);
    return type ? pick(type.name, locale) : (key ?? '');
  };
  const main = (() => {
    switch (audience.to) {
      case 'programme':
        return say(locale, 'programme');
      case 'each': {
        const name = typeName(audience.groupType).toLowerCase();
        return say(locale, 'each', { type: name, every: name.endsWith('e') ? 'hver' : 'hvert' });
      }
      case 'group': {
        const group = template.groups.find((g) => g.key === audience.group);
        return definite(group ? pick(group.name, locale) : (audience.group ?? ''), locale);
      }
      case 'types':
        return listJoin((audience.groupTypes ?? []).map((t) => definite(typeName(t), locale)), locale);
    }
  })();
  const extras = [
    ...(audience.roles ?? []).map((key) => {
      const role = template.roles.find((r) => r.role === key);
      return role ? midSentence(pick(role.title, locale)) : key;
    }),
    ...(audience.direct ? [say(locale, 'direct')] : []),
  ];
  return extras.length > 0 ? `${main} (${extras.join(', ')})` : main;
}

/**
 * "Styregruppe" → "styregruppen", "Udviklingsgruppe" → "udviklingsgruppen", "Netværk" → "netværket",
 * "Koordinationsgruppen" as it is;
 * a name of several words is kept as written ("Politisk styregruppe"), English gets "the".
 */
function definite(name: string, locale: Locale): string {
  if (locale === 'en') return `the ${name.toLowerCase()}`;
  if (/\s/.test(name.trim())) return name;
  const lower = name.toLowerCase();
  // Already definite as the template names it ("Koordinationsgruppen", "Følgeforskningen").
  if (/(?:en|et)$/.test(lower)) return lower;
  return lower.endsWith('e') ? `${lower}n` : `${lower}et`;
}

/** "fysisk, Kulturhuset", "virtuel", "hybrid". */
export function formatText(step: Step, locale: Locale): string | null {
  const words = { physical: ['fysisk', 'physical'], virtual: ['virtuel', 'virtual'], hybrid: ['hybrid', 'hybrid'] } as const;
  const format = step.format ? words[step.format][locale === 'da' ? 0 : 1] : null;
  const parts = [format, step.place].filter(Boolean);
  return parts.length > 0 ? parts.join(', ') : null;
}

export function pairingText(pairing: Pairing, locale: Locale): string {
  if (pairing === 'other_partnership') return say(locale, 'otherPartnership');
  const organisations = pairing.between === 'organisations';
  if (pairing.mode === 'visit') return say(locale, organisations ? 'visitOrganisations' : 'visitGroups');
  return say(locale, organisations ? 'groupOrganisations' : 'groupGroups', { size: pairing.size === 2 ? 1 : 2 });
}

export function listJoin(items: string[], locale: Locale): string {
  if (items.length < 2) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${say(locale, 'and')} ${items.at(-1)}`;
}
