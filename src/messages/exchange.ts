import type { Activity, Partnership, Programme } from '../domain/entities.ts';
import type { Template } from '../domain/template.ts';
import { pick, type Locale, type LocalizedText } from '../domain/text.ts';
import type { StoredActivity } from '../store/activities.ts';
import { formatDate, formatDateTime } from './format.ts';
import type { RichMessage } from './model.ts';

/**
 * Exchange days (trial 2 and its dialogue) pair two partnerships: the one whose offer is tried hosts,
 * the paired one visits. Each partnership takes part twice on the same day, once on each side, so
 * every plan, welcome and reminder names the side and the other partnership; otherwise the two
 * occurrences read the same.
 */
export type ExchangeSide = 'host' | 'visitor';

type Pairing = Pick<Activity, 'partnershipId' | 'pairedPartnershipId'>;

/** The side the partnership `viewpoint` is on in a paired activity; null if it is not paired or not theirs. */
export function exchangeSide(activity: Pairing, viewpoint: string | null): ExchangeSide | null {
  if (!activity.pairedPartnershipId || viewpoint === null) return null;
  if (activity.partnershipId === viewpoint) return 'host';
  if (activity.pairedPartnershipId === viewpoint) return 'visitor';
  return null;
}

const sides = {
  da: { host: (name: string) => `vi får besøg af ${name}`, visitor: (name: string) => `vi besøger ${name}` },
  en: { host: (name: string) => `${name} visits us`, visitor: (name: string) => `we visit ${name}` },
} as const;

/**
 * "Afprøvning 2 – vi får besøg af Herregården" seen from the host, "… – vi besøger Teatret" from the
 * visitor; the plain title for anything else.
 */
export function activityTitle(
  title: LocalizedText,
  activity: Pairing,
  viewpoint: string | null,
  partnership: (id: string) => Partnership | undefined,
  locale: Locale,
): string {
  const plain = pick(title, locale);
  const side = exchangeSide(activity, viewpoint);
  if (!side) return plain;
  const otherId = side === 'host' ? activity.pairedPartnershipId : activity.partnershipId;
  const other = otherId ? partnership(otherId) : undefined;
  return other ? `${plain} – ${sides[locale][side](other.name)}` : plain;
}

/** A lookup of a programme's partnerships by id. */
export function partnershipLookup(partnerships: Iterable<Partnership>): (id: string) => Partnership | undefined {
  const byId = new Map([...partnerships].map((p) => [p.id, p]));
  return (id) => byId.get(id);
}

const repaired = {
  da: {
    header: 'Nye partnere på udvekslingsdagene',
    note: (programme: string) => `Der er kommet et partnerskab mere i ${programme}, så partnerskaberne besøger hinanden i en ny rækkefølge. Påmindelserne følger med.`,
  },
  en: {
    header: 'New partners on the exchange days',
    note: (programme: string) => `A partnership has joined ${programme}, so the partnerships visit each other in a new order. Reminders follow.`,
  },
} as const;

/** Tells a partnership's channel who it now hosts and visits, after a new partnership changed the pairs. */
export function pairingsMessage(
  programme: Programme,
  template: Template,
  activities: StoredActivity[],
  viewpoint: string,
  partnership: (id: string) => Partnership | undefined,
  locale: Locale,
): RichMessage {
  const w = repaired[locale];
  const lines = activities.map((a) => {
    const step = template.steps.find((s) => s.key === a.stepKey);
    const title = step ? activityTitle(step.title, a, viewpoint, partnership, locale) : a.stepKey;
    const format = step?.durationMinutes ? formatDateTime : formatDate;
    return `• ${title}: ${format(a.startsAt, programme.timezone, locale)}`;
  });
  return {
    text: w.header,
    blocks: [
      { type: 'header', text: w.header },
      { type: 'section', text: lines.join('\n') },
      { type: 'context', text: w.note(programme.name) },
    ],
  };
}
