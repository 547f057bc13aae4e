import type { Repositories } from '../app.ts';
import type { Clock } from '../clock.ts';
import type { Programme } from '../domain/entities.ts';
import { pick, type Locale } from '../domain/text.ts';
import type { Template } from '../domain/template.ts';
import { formatDate, formatDateTime } from '../messages/format.ts';
import { withUserTexts, type RichMessage } from '../messages/model.ts';
import { membersIn, type Recipient } from '../scheduler/recipients.ts';
import type { StoredActivity } from '../store/activities.ts';
import { digest } from '../util/digest.ts';
import { groupsWithChannel, noticeRecipients } from './notify-moves.ts';

/** Who each activity pairs with (group and organisations), by activity id: taken before a swap. */
export function pairingsNow(repos: Repositories, programmeId: string): Map<string, string[]> {
  return new Map(repos.activities.listForProgramme(programmeId).map((a) => [a.id, pairOf(a)]));
}

function pairOf(a: StoredActivity): string[] {
  return [...(a.pairedPartnershipId ? [a.partnershipId ?? '', a.pairedPartnershipId] : []), ...a.pairedOrganisationIds];
}

const WORDS = {
  da: { header: 'Nye par', visits: 'besøger', note: 'Konsulenten har byttet om på parrene. Påmindelserne følger.' },
  en: { header: 'New pairs', visits: 'visits', note: 'The consultant has swapped the pairs. Reminders follow.' },
} as const;

/**
 * After a swap, the group's channel hears the pairs that changed, and the people of every organisation
 * in an old or new pair hear it directly (those who lost a partner as well as those who got one). The key
 * names the new pairs, so a retry never posts twice.
 */
export function enqueueSwapNotices(deps: { repos: Repositories; clock: Clock }, programme: Programme, template: Template, before: Map<string, string[]>): void {
  const now = deps.clock.now();
  const { repos } = deps;
  const changed = repos.activities
    .listForProgramme(programme.id)
    .filter((a) => a.startsAt > now.toISOString() && before.has(a.id) && before.get(a.id)!.join() !== pairOf(a).join());
  if (changed.length === 0) return;
  const people = repos.members.listForProgramme(programme.id);
  const groups = repos.partnerships.listForProgramme(programme.id);
  const withChannel = groupsWithChannel(template, groups);
  const names = new Map<string, string>([...groups.map((g) => [g.id, g.name] as const), ...repos.organisations.listForProgramme(programme.id).map((o) => [o.id, o.name] as const)]);
  const byRecipient = new Map<string, { recipient: Recipient; activities: StoredActivity[] }>();
  for (const activity of changed) {
    // Those who had a partner in the old pair hear it too.
    const formerly = { ...activity, pairedOrganisationIds: [...new Set([...activity.pairedOrganisationIds, ...before.get(activity.id)!])] };
    for (const recipient of noticeRecipients({ activity: formerly, previousStartsAt: null }, programme, membersIn(people), withChannel, people)) {
      const entry = byRecipient.get(recipient.key) ?? { recipient, activities: [] };
      entry.activities.push(activity);
      byRecipient.set(recipient.key, entry);
    }
  }
  for (const { recipient, activities } of byRecipient.values()) {
    repos.deliveries.enqueue(
      {
        idempotencyKey: `swap:${recipient.key}:${digest(activities.map((a) => `${a.id}=${pairOf(a).join('+')}`))}`,
        platform: programme.platform,
        workspaceId: programme.workspaceId,
        programmeId: programme.id,
        target: recipient.target,
        payload: { op: 'post', message: swapMessage(programme, template, activities, names, recipient.locale) },
      },
      now,
    );
  }
}

export function swapMessage(programme: Programme, template: Template, activities: StoredActivity[], names: Map<string, string>, locale: Locale): RichMessage {
  const w = WORDS[locale];
  const name = (id: string) => names.get(id) ?? id;
  const lines = activities.map((a) => {
    const step = template.steps.find((s) => s.key === a.stepKey);
    const when = (step?.durationMinutes ? formatDateTime : formatDate)(a.startsAt, programme.timezone, locale);
    const visit = step?.pairing === 'other_partnership' || (typeof step?.pairing === 'object' && step.pairing.mode === 'visit');
    const ids = a.pairedOrganisationIds.length > 0 ? a.pairedOrganisationIds : [a.partnershipId ?? '', a.pairedPartnershipId ?? ''];
    const pair = visit && ids.length === 2 ? `${name(ids[0]!)} ${w.visits} ${name(ids[1]!)}` : ids.map(name).join(' + ');
    return `• ${step ? pick(step.title, locale) : a.stepKey}, ${when}: ${pair}`;
  });
  const message: RichMessage = {
    text: `${w.header}: ${lines.length}`,
    blocks: [
      { type: 'header', text: w.header },
      { type: 'section', text: lines.join('\n') },
      { type: 'context', text: `${w.note} ${programme.name}` },
    ],
  };
  return withUserTexts(message, [...names.values(), programme.name]);
}
