import type { Activity } from '../domain/entities.ts';
import type { Format } from '../domain/template.ts';
import type { Locale } from '../domain/text.ts';

const words = {
  da: { physical: 'Fysisk', virtual: 'Virtuelt', hybrid: 'Hybrid', placeFollows: 'sted følger', linkFollows: 'link følger' },
  en: { physical: 'In person', virtual: 'Online', hybrid: 'Hybrid', placeFollows: 'place to follow', linkFollows: 'link to follow' },
} as const;

/** "Fysisk", "Virtuelt", "Hybrid" / "In person", "Online", "Hybrid". */
export function formatWord(format: Format, locale: Locale): string {
  return words[locale][format];
}

/**
 * How and where people meet, in one line: "Fysisk · Multihuset, Aarhus", "Virtuelt · <link>",
 * "Hybrid · Multihuset + <link>". Null for an activity without a format (Små Partnerskaber's, which
 * say where in their own words).
 */
export function formatLine(activity: Pick<Activity, 'format' | 'location' | 'meetingLink'>, locale: Locale): string | null {
  const w = words[locale];
  const place = activity.location ?? w.placeFollows;
  const link = activity.meetingLink ?? w.linkFollows;
  switch (activity.format) {
    case 'physical':
      return `${w.physical} · ${place}`;
    case 'virtual':
      return `${w.virtual} · ${link}`;
    case 'hybrid':
      return `${w.hybrid} · ${place} + ${link}`;
    default:
      return null;
  }
}
