import type { Programme } from '../domain/entities.ts';
import { UserError } from '../domain/errors.ts';
import type { Template } from '../domain/template.ts';
import { pick } from '../domain/text.ts';
import { formatDateTime } from '../messages/format.ts';
import type { MovePreview, PlanWarning } from '../timeline/plan.ts';
import type { ActivityOverride } from '../timeline/types.ts';

/** What a check needs besides the preview: partnership names, the plan's warnings before, and now. */
export interface MoveCheckInput {
  programme: Programme;
  template: Template;
  move: ActivityOverride;
  preview: MovePreview;
  warningsBefore: readonly PlanWarning[];
  partnershipNames: Map<string, string>;
  now: Date;
}

/**
 * Refuses a move that leaves the plan broken: a conflict the order repair could not solve, or an
 * activity (the moved one, or one of the partners' that follows it) that would land in the past. Each
 * problem is named once, with the partnerships it concerns, so nothing invalid is ever offered to confirm.
 */
export function refuseBrokenMove(input: MoveCheckInput): void {
  refuse([...newWarnings(input.preview.warnings, input.warningsBefore, input.partnershipNames), ...inThePast(input)]);
}

const MOVE_LEAD: Line = { da: 'Den flytning kan planen ikke rumme, så intet er ændret:', en: 'The plan cannot take that move, so nothing was changed:' };

/** Throws the lines as one refusal, if there are any, after a lead that says what was refused. */
export function refuse(lines: Line[], lead: Line = MOVE_LEAD): void {
  if (lines.length === 0) return;
  throw new UserError('plan_conflict', {
    da: `${lead.da}\n${lines.map((l) => `• ${l.da}`).join('\n')}`,
    en: `${lead.en}\n${lines.map((l) => `• ${l.en}`).join('\n')}`,
  });
}

export type Line = { da: string; en: string };

/**
 * Warnings a change brings (not ones the plan already had), each text once with the partnerships it
 * concerns (a partnership without a name, such as the stand-in used to check a new programme, is left out).
 */
export function newWarnings(warnings: readonly PlanWarning[], warningsBefore: readonly PlanWarning[], partnershipNames: Map<string, string>): Line[] {
  const known = new Set(warningsBefore.map((w) => `${w.key}|${w.message.en}`));
  const grouped = new Map<string, { message: Line; partnerships: string[] }>();
  for (const warning of warnings) {
    if (known.has(`${warning.key}|${warning.message.en}`)) continue;
    const entry = grouped.get(warning.message.en) ?? { message: warning.message, partnerships: [] };
    const partnershipId = warning.key.includes('@') ? warning.key.slice(warning.key.indexOf('@') + 1) : null;
    const name = partnershipId === null ? undefined : partnershipNames.get(partnershipId);
    if (name) entry.partnerships.push(name);
    grouped.set(warning.message.en, entry);
  }
  const withNames = (text: string, names: string[]) => (names.length ? `${text.replace(/\.$/, '')} (${names.join(', ')}).` : text);
  return [...grouped.values()].map(({ message, partnerships }) => ({ da: withNames(message.da, partnerships), en: withNames(message.en, partnerships) }));
}

/** The moved activity must lie ahead; so must every partner activity it carries along. */
function inThePast({ programme, template, move, preview, partnershipNames, now }: MoveCheckInput): Line[] {
  const nowIso = now.toISOString();
  const zone = programme.timezone;
  return preview.changes
    .filter((c) => c.to <= nowIso)
    .filter((c) => (c.stepKey === move.stepKey && c.partnershipId === move.partnershipId) || preview.plan.activities.find((a) => a.key === c.key)?.audience !== 'consultant')
    .map((c) => {
      const step = template.steps.find((s) => s.key === c.stepKey);
      const name = (locale: 'da' | 'en') => `${step ? pick(step.title, locale) : c.stepKey}${c.partnershipId ? ` (${partnershipNames.get(c.partnershipId) ?? ''})` : ''}`;
      return {
        da: `${name('da')} ville komme til at ligge ${formatDateTime(c.to, zone, 'da')}, som allerede er gået.`,
        en: `${name('en')} would land on ${formatDateTime(c.to, zone, 'en')}, which has already passed.`,
      };
    });
}
