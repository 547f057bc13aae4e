import type { Programme } from '../domain/entities.ts';
import { UserError } from '../domain/errors.ts';
import { pick } from '../domain/text.ts';
import type { Core } from '../app.ts';
import { occurrenceOf, seriesKeyOf } from '../timeline/recurrence.ts';
import { resolveActivity, type ActivityRef } from './activity-ref.ts';
import { normalize } from './resolve.ts';
import { tr } from './texts.ts';

/** An activity as a command names it, and for a repeating step which occurrence. */
export interface OccurrenceActivityRef extends ActivityRef {
  /** The occurrence (1, 2, ...) of a repeating step; undefined for any other step or none named. */
  occurrence?: number;
}

const FOLLOWING = [['og', 'foelgende'], ['og', 'efterfoelgende'], ['and', 'following']];

/** `… og følgende` / `… and following` at the end: the words without it, and whether it was there. */
export function splitFollowing(args: string[]): { words: string[]; following: boolean } {
  const tail = args.slice(-2).map(normalize);
  const following = tail.length === 2 && FOLLOWING.some(([a, b]) => tail[0] === a && tail[1] === b);
  return { words: following ? args.slice(0, -2) : args, following };
}

/**
 * The activity of `words` (as resolveActivity takes it), with `~n` after the step or key naming an
 * occurrence of a series (`kvartalsmoede~2`, `forskning@<id>~3`) — or else `date`, the date the
 * occurrence has now (`flyt kvartalsmøde 2027-04-06 2027-04-13`).
 */
export function resolveOccurrence(core: Core, programme: Programme, words: string[], date: string | undefined, usage: { verb: string; rest: string }): OccurrenceActivityRef {
  // `kvartalsmoede~2`, `forskning@<id>~3`, or `kvartalsmoede~2 Koordinationsgruppen`: the number goes, the rest names the step.
  const numbered = words.findIndex((w) => occurrenceOf(w) !== undefined);
  const occurrenceWord = numbered >= 0 ? occurrenceOf(words[numbered]!) : undefined;
  const cleaned = words.map((w, i) => (i === numbered ? seriesKeyOf(w) : w));
  const ref = resolveActivity(core, programme, cleaned, usage);
  if (!ref.step.repeat) return ref;
  if (occurrenceWord !== undefined) return { ...ref, occurrence: occurrenceWord };
  if (date === undefined) return ref;
  const series = core.repos.activities
    .listForProgramme(programme.id)
    .filter((a) => a.stepKey === ref.step.key && a.partnershipId === ref.groupId && a.occurrence !== undefined);
  const found = series.find((a) => a.localDate === date);
  if (!found) {
    const next = series.filter((a) => a.localDate >= date).slice(0, 4).map((a) => a.localDate);
    const dates = (next.length > 0 ? next : series.slice(-3).map((a) => a.localDate)).join(', ');
    const text = (locale: 'da' | 'en') => tr(locale, 'unknownOccurrence', { activity: pick(ref.step.title, locale), date, dates });
    throw new UserError('unknown_occurrence', { da: text('da'), en: text('en') });
  }
  return { ...ref, occurrence: found.occurrence! };
}
