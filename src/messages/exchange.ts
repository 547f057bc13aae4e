import type { Activity, Partnership } from '../domain/entities.ts';
import { pick, type Locale, type LocalizedText } from '../domain/text.ts';

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
