import type { Programme } from '../../domain/entities.ts';
import { pick, type Locale } from '../../domain/text.ts';
import type { Core } from '../../app.ts';
import { formatDate, formatDateTime } from '../../messages/format.ts';
import type { Block, RichMessage } from '../../messages/model.ts';
import type { ActivityOverride, MovePreview, PlannedChange } from '../../timeline/plan.ts';
import { activityWindowLabel } from '../../timeline/windows.ts';
import { tr } from '../texts.ts';

export const MOVE_CONFIRM = 'move.confirm';
export const MOVE_CANCEL = 'move.cancel';

/** What a confirm button carries: the move, its programme, and the plan version it was previewed on. */
export interface MoveButtonValue extends ActivityOverride {
  p: string;
  v: string;
  /** 1: "og følgende", the later occurrences of the series move too. */
  f?: 1;
}

/** "Nysgerrighed (Havet)", "Midtvejsworkshop": the activity a move is about. */
export function activityName(core: Core, programme: Programme, move: ActivityOverride, locale: Locale): string {
  const step = core.programmes.templateOf(programme).steps.find((s) => s.key === move.stepKey)!;
  const partnership = move.partnershipId ? core.repos.partnerships.get(move.partnershipId)?.name : undefined;
  return partnership ? `${pick(step.title, locale)} (${partnership})` : pick(step.title, locale);
}

/**
 * The preview of a date change, for `flyt` and `workshop` alike: every activity that changes, old → new,
 * the shared ones first and then per partnership (one section each, so no section outgrows Slack's
 * 3,000 characters), and the buttons. The core has refused any plan that is not valid before this.
 */
export function movePreviewMessage(core: Core, programme: Programme, move: ActivityOverride, preview: MovePreview, locale: Locale, following = false): RichMessage {
  const template = core.programmes.templateOf(programme);
  const partnerships = core.repos.partnerships.listForProgramme(programme.id);
  const step = (stepKey: string) => template.steps.find((s) => s.key === stepKey)!;
  const activity = activityName(core, programme, move, locale);
  const zone = programme.timezone;
  // A deadline is a day, as in plans and move notices; only what has a duration has a time.
  const line = (c: PlannedChange) => {
    const format = step(c.stepKey).durationMinutes ? formatDateTime : formatDate;
    return `• ${pick(step(c.stepKey).title, locale)}: ${before(c, format)} → *${format(c.to, zone, locale)}*`;
  };
  // A window step had no date: "4. kvartal 2027 — dato mangler → tirsdag den 9. november", not its provisional first day.
  const before = (c: PlannedChange, format: typeof formatDate) => {
    if (!c.fromUndated) return format(c.from, zone, locale);
    const window = c.fromUndated.window;
    return window ? tr(locale, 'planUndated', { window: activityWindowLabel(step(c.stepKey).placement, window, locale) }) : tr(locale, 'moveNoDate');
  };
  const groups: { name: string; changes: PlannedChange[] }[] = [
    { name: tr(locale, 'moveShared'), changes: preview.changes.filter((c) => c.partnershipId === null) },
    ...partnerships.map((p) => ({ name: p.name, changes: preview.changes.filter((c) => c.partnershipId === p.id) })),
  ];
  const blocks: Block[] = [
    { type: 'header', text: tr(locale, 'movePreviewTitle', { activity }) },
    { type: 'section', text: tr(locale, 'moveChanges') },
    ...groups.filter((g) => g.changes.length > 0).map((g) => ({ type: 'section' as const, text: `*${g.name}*\n${g.changes.map(line).join('\n')}` })),
  ];
  if (move.location) blocks.push({ type: 'context', text: tr(locale, 'movePlace', { place: move.location }) });
  const value: MoveButtonValue = { p: programme.id, ...move, v: core.programmes.planVersion(programme), ...(following ? { f: 1 as const } : {}) };
  blocks.push({
    type: 'actions',
    buttons: [
      { actionId: MOVE_CONFIRM, label: tr(locale, 'moveConfirm'), value: JSON.stringify(value), style: 'primary' },
      { actionId: MOVE_CANCEL, label: tr(locale, 'moveCancel'), value: '' },
    ],
  });
  return { text: tr(locale, 'movePreviewTitle', { activity }), blocks };
}
