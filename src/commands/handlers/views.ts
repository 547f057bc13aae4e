import { UserError } from '../../domain/errors.ts';
import { reportLines, reportSection } from '../../reports/status.ts';
import type { Partnership, Programme } from '../../domain/entities.ts';
import { rolesOf, type Template } from '../../domain/template.ts';
import { localeSchema, pick, type Locale } from '../../domain/text.ts';
import type { Core } from '../../app.ts';
import { formatDate, formatDateTime } from '../../messages/format.ts';
import type { Block, RichMessage } from '../../messages/model.ts';
import { shapesService } from '../shapes-port.ts';
import { planMessage, type PlanView } from './plan-view.ts';
import type { StoredActivity } from '../../store/activities.ts';
import type { MemberWithDm } from '../../store/programmes.ts';
import { setUserLocale } from '../../store/user-settings.ts';
import { ephemeral } from '../reply.ts';
import { both, currentProgramme, normalize } from '../resolve.ts';
import { findGroup } from '../groups.ts';
import { tr } from '../texts.ts';
import type { CommandContext, CommandReply } from '../types.ts';

const DAY = 86_400_000;

/** `plan`, `plan Havet`, `plan mine` */
export function planCommand(core: Core, args: string[], ctx: CommandContext, locale: Locale): CommandReply {
  const programme = currentProgramme(core, ctx);
  const all = core.repos.activities.listForProgramme(programme.id);
  const template = shapesService(core).templateOf(programme);
  const which = args.join(' ');
  // Keys are shown only to those who can use them: the consultant, with `flyt`.
  const view = { locale, showKeys: core.repos.members.hasRole(programme.id, ctx.userRef, 'consultant'), viewpoint: null as string | null };
  if (['mine', 'mig', 'my', 'me'].includes(normalize(which))) {
    const now = core.clock.now().toISOString();
    const memberships = core.repos.members.listForProgramme(programme.id).filter((m) => m.userRef === ctx.userRef);
    const mine = activitiesOf(memberships, all, template).filter((a) => a.endsAt >= now).slice(0, 10);
    const viewpoint = memberships.find((m) => m.partnershipId !== null)?.partnershipId ?? null;
    return message(planMessageOf(core, programme, mine, tr(locale, 'planMineTitle'), { ...view, viewpoint }));
  }
  if (which) {
    const partnership = findGroup(core, programme, which);
    const own = all.filter((a) => a.partnershipId === partnership.id || a.pairedPartnershipId === partnership.id || sharedWith(template, a, partnership));
    const title = tr(locale, 'planTitle', { name: `${programme.name} · ${partnership.name}` });
    // A group's plan lists a series' next few occurrences under its line.
    return message(planMessageOf(core, programme, own, title, { ...view, viewpoint: partnership.id, series: { next: 3 }, now: core.clock.now().toISOString() }));
  }
  const programmeWide = all.filter((a) => a.partnershipId === null);
  // Grouped by group (templates with group types), every group's own activities are shown.
  const perGroup = all.filter((a) => a.partnershipId !== null);
  const perPartnership = template.groupTypes ? perGroup : dedupeSteps(perGroup);
  const merged = [...programmeWide, ...perPartnership].sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  const compact = { ...view, series: { next: 0 }, now: core.clock.now().toISOString() };
  return message(planMessageOf(core, programme, merged, tr(locale, 'planTitle', { name: programme.name }), compact));
}

/** In the whole-programme view a per-partnership step is shown once, at its earliest date. */
function dedupeSteps(activities: StoredActivity[]): StoredActivity[] {
  const first = new Map<string, StoredActivity>();
  // A series' occurrences are activities of their own (`~n`): each kept, for the plan to show as one line.
  for (const a of activities) {
    const key = a.occurrence === undefined ? a.stepKey : `${a.stepKey}~${a.occurrence}`;
    if (!first.has(key)) first.set(key, a);
  }
  return [...first.values()];
}

function activitiesOf(memberships: MemberWithDm[], all: StoredActivity[], template: Template): StoredActivity[] {
  return all.filter((a) =>
    memberships.some((m) => {
      if (typeof a.audience !== 'string') {
        const roles = rolesOf(a.audience, template);
        const inGroup = a.partnershipId === null || m.partnershipId === a.partnershipId || m.partnershipId === a.pairedPartnershipId;
        return inGroup && roles.includes(m.role);
      }
      if (a.audience === 'consultant') return m.role === 'consultant';
      if (a.audience === 'all') return m.role !== 'leader';
      const inPartnership = m.partnershipId !== null && (m.partnershipId === a.partnershipId || m.partnershipId === a.pairedPartnershipId);
      return inPartnership && (a.audience !== 'cultural_institution' || m.role === 'culture_staff');
    }),
  );
}

/** A shared activity in one group's plan: every partnership's workshops; for other shapes, what is held for the whole programme or for the group's type. */
function sharedWith(template: Template, a: StoredActivity, group: Partnership): boolean {
  if (typeof a.audience === 'string') return a.audience === 'all';
  if (a.partnershipId !== null || a.audience.direct) return false;
  return a.audience.to === 'programme' || (a.audience.groupTypes ?? []).includes(group.groupType ?? 'partnership');
}

/** The plan of the programme as the service knows it: its template and groups (issue #13's shapes). */
function planMessageOf(core: Core, programme: Programme, activities: StoredActivity[], title: string, view: PlanView): RichMessage {
  const service = shapesService(core);
  const groups = service.groupsOf(programme);
  const organisations = groups.flatMap((g) => service.organisationsOf(programme, g));
  return planMessage({ programme, template: service.templateOf(programme), groups, activities, organisations }, title, view);
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
  const allReports = reportLines(core.db, programme, core.programmes.templateOf(programme), (id) => (id ? (core.repos.partnerships.get(id)?.name ?? null) : null), core.clock.now(), locale);
  // Who is late is the consultant's to see, as results are; anyone else sees their own reports only.
  const mine = new Set(core.repos.members.listForProgramme(programme.id).filter((m) => m.userRef === ctx.userRef).map((m) => m.id));
  const consultant = core.repos.members.hasRole(programme.id, ctx.userRef, 'consultant');
  const reports = reportSection(consultant ? allReports : allReports.filter((l) => l.memberId !== null && mine.has(l.memberId)), programme.timezone, locale);
  if (reports) blocks.push({ type: 'section', text: reports });
  return message({ text: tr(locale, 'statusTitle', { name: programme.name }), blocks });
}

function describeTarget(core: Core, target: { type: string; id?: string; channelRef?: string }): string {
  if (target.type === 'partnership' && target.id) return core.repos.partnerships.get(target.id)?.name ?? '';
  if (target.type === 'programme' && target.id) return core.repos.programmes.get(target.id)?.name ?? '';
  if (target.type === 'member' && target.id) return core.repos.members.get(target.id)?.displayName ?? '';
  return target.channelRef ?? '';
}

/** `forløb`: the programmes of this workspace. */
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
