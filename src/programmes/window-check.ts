import { UserError } from '../domain/errors.ts';
import type { Locale } from '../domain/text.ts';
import type { StoredActivity } from '../store/activities.ts';
import { rangeLabel } from '../timeline/windows.ts';

export type DateWindow = { from: string; to: string };

/**
 * The window a window step's date must lie in, as the stored plan says (the planner puts it on the
 * activity). Null for every other activity.
 */
export function windowOf(activity: Pick<StoredActivity, 'window'> | undefined): DateWindow | null {
  return activity?.window ?? null;
}

/**
 * Refuses a date outside the activity's window: the window is what the template promises (4. kvartal),
 * so a date elsewhere is a typing error, not a decision. `label` names the window ("4. kvartal 2027")
 * when the caller has one; the dates are always given.
 */
export function checkInsideWindow(window: DateWindow | null, date: string, label?: { da: string; en: string }): void {
  if (!window || (date >= window.from && date <= window.to)) return;
  const named = (locale: Locale) => {
    const dates = rangeLabel(window, locale);
    return label && label[locale] !== dates ? `${label[locale]} (${dates})` : dates;
  };
  throw new UserError('outside_window', {
    da: `Datoen ${date} ligger uden for vinduet ${named('da')}. Vælg en dato i vinduet. Intet er ændret.`,
    en: `The date ${date} is outside the window ${named('en')}. Choose a date within the window. Nothing was changed.`,
  });
}
