import type { Activity, Organisation, Partnership, Programme } from '../domain/entities.ts';
import type { Template } from '../domain/template.ts';
import { pick, type Locale } from '../domain/text.ts';
import { formatDate } from './format.ts';
import { withUserTexts, type RichMessage } from './model.ts';

const t = {
  da: {
    header: (group: string) => `Makkerpar i ${group}`,
    visits: (a: string, b: string) => `${a} besøger ${b}`,
    and: 'og',
    note: 'Hver runde har nye makkere. Konsulenten kan bytte to med «byt».',
  },
  en: {
    header: (group: string) => `Pairs in ${group}`,
    visits: (a: string, b: string) => `${a} visits ${b}`,
    and: 'and',
    note: 'Each round has new partners. The consultant can swap two with “byt”.',
  },
} as const;

/**
 * Announces in a group's channel who meets whom in each round of a pairing between organisations
 * (mutual municipality visits, sparring groups): one section per round (step), one line per pair or
 * trio. `activities` are the group's pairing activities, one per pair/trio.
 */
export function pairingAnnouncement(input: {
  programme: Programme;
  template: Template;
  group: Partnership;
  organisations: Organisation[];
  activities: Activity[];
  locale: Locale;
}): RichMessage {
  const { programme, template, group, locale } = input;
  const w = t[locale];
  const names = new Map(input.organisations.map((o) => [o.id, o.name]));
  const rounds = template.steps.filter((s) => typeof s.pairing === 'object' && s.pairing.between === 'organisations');
  const blocks: RichMessage['blocks'] = [{ type: 'header', text: w.header(group.name) }];
  for (const step of rounds) {
    const own = input.activities.filter((a) => a.stepKey === step.key && a.partnershipId === group.id && a.pairedOrganisationIds.length > 0);
    if (own.length === 0) continue;
    const visit = typeof step.pairing === 'object' && step.pairing.mode === 'visit';
    const lines = own.map((a) => {
      const who = a.pairedOrganisationIds.map((id) => names.get(id) ?? '?');
      const pair = visit && who.length === 2 ? w.visits(who[0]!, who[1]!) : `${who.slice(0, -1).join(', ')} ${w.and} ${who.at(-1)}`;
      return `• ${pair}${a.undated ? '' : ` (${formatDate(a.startsAt, programme.timezone, locale)})`}`;
    });
    blocks.push({ type: 'section', text: `*${pick(step.title, locale)}*\n${lines.join('\n')}` });
  }
  blocks.push({ type: 'context', text: `${w.note} ${programme.name}` });
  return withUserTexts({ text: w.header(group.name), blocks }, [group.name, programme.name, ...input.organisations.map((o) => o.name)]);
}
