import { UserError } from '../../domain/errors.ts';
import type { Programme } from '../../domain/entities.ts';
import { localeSchema, pick, type Locale } from '../../domain/text.ts';
import type { Core } from '../../app.ts';
import { formatDate, formatDateTime, formatShortDate, formatTime } from '../../messages/format.ts';
import type { Block, RichMessage } from '../../messages/model.ts';
import { activityTitle, partnershipLookup } from '../../messages/exchange.ts';
import type { StoredActivity } from '../../store/activities.ts';
import { setUserLocale, type MemberWithDm } from '../../store/programmes.ts';
import { ephemeral } from '../reply.ts';
import { both, currentProgramme, findPartnership, normalize } from '../resolve.ts';
import { tr } from '../texts.ts';
import type { CommandContext, CommandReply } from '../types.ts';

const DAY = 86_400_000;

/** `plan`, `plan Havet`, `plan mine` */
export function planCommand(core: Core, args: string[], ctx: CommandContext, locale: Locale): CommandReply {
  const programme = currentProgramme(core, ctx);
  const all = core.repos.activities.listForProgramme(programme.id);
  const which = args.join(' ');
  // Keys are shown only to those who can use them: the consultant, with `flyt`.
  const view = { locale, showKeys: core.repos.members.hasRole(programme.id, ctx.userRef, 'consultant'), viewpoint: null as string | null };
  if (['mine', 'mig', 'my', 'me'].includes(normalize(which))) {
    const now = core.clock.now().toISOString();
    const memberships = core.repos.members.listForProgramme(programme.id).filter((m) => m.userRef === ctx.userRef);
    const mine = activitiesOf(memberships, all).filter((a) => a.endsAt >= now).slice(0, 10);
    const viewpoint = memberships.find((m) => m.partnershipId !== null)?.partnershipId ?? null;
    return message(planMessage(core, programme, mine, tr(locale, 'planMineTitle'), { ...view, viewpoint }));
  }
  if (which) {
    const partnership = findPartnership(core, programme, which);
    const own = all.filter((a) => a.partnershipId === partnership.id || a.pairedPartnershipId === partnership.id || a.audience === 'all');
    const title = tr(locale, 'planTitle', { name: `${programme.name} · ${partnership.name}` });
    return message(planMessage(core, programme, own, title, { ...view, viewpoint: partnership.id }));
  }
  const programmeWide = all.filter((a) => a.partnershipId === null);
  const perPartnership = dedupeSteps(all.filter((a) => a.partnershipId !== null));
  const merged = [...programmeWide, ...perPartnership].sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  return message(planMessage(core, programme, merged, tr(locale, 'planTitle', { name: programme.name }), view));
}

/** In the whole-programme view a per-partnership step is shown once, at its earliest date. */
function dedupeSteps(activities: StoredActivity[]): StoredActivity[] {
  const first = new Map<string, StoredActivity>();
  for (const a of activities) if (!first.has(a.stepKey)) first.set(a.stepKey, a);
  return [...first.values()];
}

function activitiesOf(memberships: MemberWithDm[], all: StoredActivity[]): StoredActivity[] {
  return all.filter((a) =>
    memberships.some((m) => {
      if (a.audience === 'consultant') return m.role === 'consultant';
      if (a.audience === 'all') return m.role !== 'leader';
      const inPartnership = m.partnershipId !== null && (m.partnershipId === a.partnershipId || m.partnershipId === a.pairedPartnershipId);
      return inPartnership && (a.audience !== 'cultural_institution' || m.role === 'culture_staff');
    }),
  );
}

interface PlanView {
  locale: Locale;
  /** The partnership whose plan it is: exchange days then say who visits whom. */
  viewpoint: string | null;
  showKeys: boolean;
}

function planMessage(core: Core, programme: Programme, activities: StoredActivity[], title: string, view: PlanView): RichMessage {
  const { locale } = view;
  const template = core.programmes.templateOf(programme);
  const partnership = partnershipLookup(core.repos.partnerships.listForProgramme(programme.id));
  const zone = programme.timezone;
  const lines = activities.map((a) => {
    const step = template.steps.find((s) => s.key === a.stepKey);
    const name = step ? activityTitle(step.title, a, view.viewpoint, partnership, locale) : a.stepKey;
    const time = step?.durationMinutes ? ` ${formatTime(a.startsAt, zone, locale)}` : '';
    // A title that is also the name `flyt` takes needs no key beside it; "Dialog i partnerskabet" (twice) does.
    const key = view.showKeys && step && normalize(step.title.da) !== normalize(step.key) ? ` _${tr(locale, 'planMoveKey', { key: a.stepKey })}_` : '';
    return `• ${formatShortDate(a.startsAt, zone, locale)}${time}  ${name}${key}`;
  });
  const text = lines.length > 0 ? lines.join('\n') : tr(locale, 'planEmpty');
  // Slack sections hold at most 3000 characters: split long plans over several sections.
  const blocks: Block[] = [{ type: 'header', text: title }, ...chunk(text, 2900).map((part) => ({ type: 'section' as const, text: part }))];
  return { text: title, blocks };
}

function chunk(text: string, size: number): string[] {
  const parts: string[] = [];
  let current = '';
  for (const line of text.split('\n')) {
    if (current && current.length + line.length + 1 > size) {
      parts.push(current);
      current = '';
    }
    current = current ? `${current}\n${line}` : line;
  }
  if (current) parts.push(current);
  return parts;
}

/** `status`: what is done, coming up, failed or missed. */
export function statusCommand(core: Core, _args: string[], ctx: CommandContext, locale: Locale): CommandReply {
  const programme = currentProgramme(core, ctx);
  const now = core.clock.now().getTime();
  // The consultant's own tasks (planning before the start, reports after) are counted apart, so a
  // programme that has not begun does not look as if activities had been held.
  const all = core.repos.activities.listForProgramme(programme.id);
  const activities = all.filter((a) => a.audience !== 'consultant');
  const tasks = all.filter((a) => a.audience === 'consultant');
  const tasksPast = tasks.filter((a) => Date.parse(a.endsAt) <= now).length;
  const done = activities.filter((a) => Date.parse(a.endsAt) <= now).length;
  const soon = activities.filter((a) => Date.parse(a.startsAt) > now && Date.parse(a.startsAt) <= now + 14 * DAY).length;
  const reminders = core.repos.reminders.countByStatus(programme.id);
  const counts = core.repos.deliveries.countByStatus(programme.id);
  const failed = counts.failed > 0 ? core.repos.deliveries.listForProgramme(programme.id, 'failed') : [];
  const pending = counts.pending + counts.sending;
  const blocks: Block[] = [
    { type: 'header', text: tr(locale, 'statusTitle', { name: programme.name }) },
    {
      type: 'section',
      text: [
        tr(locale, 'statusDone', { count: done }),
        tr(locale, 'statusUpcoming', { count: soon }),
        tr(locale, 'statusLater', { count: activities.length - done - soon }),
        tr(locale, 'statusTasks', { past: tasksPast, open: tasks.length - tasksPast }),
        tr(locale, 'statusReminders', { queued: reminders.queued, pending: reminders.pending, missed: reminders.missed }),
        tr(locale, 'statusDeliveries', { pending, failed: counts.failed }),
      ].join('\n'),
    },
  ];
  if (failed.length > 0) {
    const lines = failed.slice(0, 10).map((d) => `• ${d.payload.op} ${describeTarget(core, d.target)}: ${d.lastError ?? ''}`);
    blocks.push({ type: 'section', text: `*${tr(locale, 'statusFailedTitle')}*\n${lines.join('\n')}` });
  }
  const missed = core.repos.reminders.missed(programme.id);
  if (missed.length > 0) {
    const template = core.programmes.templateOf(programme);
    const lines = missed.slice(0, 10).map((r) => {
      const step = template.steps.find((s) => s.key === r.activity.stepKey);
      return `• ${step ? pick(step.title, locale) : r.activity.stepKey}: ${formatDateTime(r.activity.startsAt, programme.timezone, locale)}`;
    });
    blocks.push({ type: 'section', text: `*${tr(locale, 'statusMissedTitle')}*\n${lines.join('\n')}` });
  }
  return message({ text: tr(locale, 'statusTitle', { name: programme.name }), blocks });
}

function describeTarget(core: Core, target: { type: string; id?: string; channelRef?: string }): string {
  if (target.type === 'partnership' && target.id) return core.repos.partnerships.get(target.id)?.name ?? '';
  if (target.type === 'programme' && target.id) return core.repos.programmes.get(target.id)?.name ?? '';
  if (target.type === 'member' && target.id) return core.repos.members.get(target.id)?.displayName ?? '';
  return target.channelRef ?? '';
}

/** `forløb`: the programmes of this workspace. */
export function programmesCommand(core: Core, _args: string[], ctx: CommandContext, locale: Locale): CommandReply {
  const all = core.repos.programmes.listInWorkspace(ctx.platform, ctx.workspaceId);
  if (all.length === 0) return ephemeral(tr(locale, 'programmesNone'));
  const lines = all.map((p) => {
    const start = formatDate(`${p.startDate}T12:00:00Z`, p.timezone, locale); // noon UTC is that date in any European zone
    return tr(locale, 'programmesLine', { name: p.name, start, count: core.repos.partnerships.listForProgramme(p.id).length });
  });
  return message({ text: tr(locale, 'programmesTitle'), blocks: [{ type: 'header', text: tr(locale, 'programmesTitle') }, { type: 'section', text: lines.join('\n') }] });
}

/** `sprog en` / `language da` */
export function languageCommand(core: Core, args: string[], ctx: CommandContext): CommandReply {
  const parsed = localeSchema.safeParse((args[0] ?? '').toLowerCase().replace(/^dansk|^danish/, 'da').replace(/^engelsk|^english/, 'en'));
  if (!parsed.success) throw new UserError('unknown_language', both('unknownLanguage'));
  setUserLocale(core.db, ctx.platform, ctx.workspaceId, ctx.userRef, parsed.data);
  return ephemeral(tr(parsed.data, 'languageSet'));
}

function message(rich: RichMessage): CommandReply {
  return { type: 'message', visibility: 'ephemeral', message: rich };
}
