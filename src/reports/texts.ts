import { fillText, type Locale } from '../domain/text.ts';

/** What `status` says about status reports, in Danish and English. */
const da = {
  title: 'Statusrapporter',
  sent: 'sendt {date}',
  waiting: 'venter, frist {date}',
  late: '*forsinket* (frist {date})',
  never: 'ikke sendt (frist {date})',
  lateOwners: 'Forsinket: {names}',
  formerMember: 'tidligere medlem',
};
const en: typeof da = {
  title: 'Status reports',
  sent: 'sent {date}',
  waiting: 'waiting, due {date}',
  late: '*late* (due {date})',
  never: 'not sent (due {date})',
  lateOwners: 'Late: {names}',
  formerMember: 'former member',
};

export function rt(locale: Locale, key: keyof typeof da, values: Record<string, string | number> = {}): string {
  return fillText((locale === 'da' ? da : en)[key], values);
}
