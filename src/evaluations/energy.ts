import type { Locale } from '../domain/text.ts';
import { aggregate, type ProgrammeResults } from './results.ts';
import { numberFormat } from '../util/number-format.ts';

/** One meeting's mean energy in one group. */
export interface EnergyPoint {
  activityId: string;
  dueAt: string;
  mean: number;
}

/**
 * A group's mean energy per evaluated meeting, oldest first: the answers of the group's own members to
 * every `energy` question of rounds that asked them. Rounds whose result is hidden (anonymous with
 * fewer than three answers, see aggregate) give no point: a trend must not single anyone out either.
 */
export function energyTrend(data: ProgrammeResults, groupId: string): EnergyPoint[] {
  const points: EnergyPoint[] = [];
  for (const round of data.rounds) {
    const form = round.form;
    if (!form || !form.questions.some((q) => q.type === 'energy')) continue;
    const prompts = data.prompts.filter((p) => p.activityId === round.activityId && p.partnershipId === groupId);
    if (prompts.length === 0) continue;
    const result = aggregate(form, prompts, data.answers, data.prompts);
    if (result.hidden) continue;
    const means = result.questions.flatMap((q, i) => (form.questions[i]?.type === 'energy' && q.type === 'scale' && q.mean !== null ? [q.mean] : []));
    if (means.length > 0) points.push({ activityId: round.activityId, dueAt: round.dueAt, mean: means.reduce((a, b) => a + b, 0) / means.length });
  }
  return points.sort((a, b) => a.dueAt.localeCompare(b.dueAt));
}

/** Whether the last two meetings each lowered the mean: 3,8 → 3,2 → 2,9 (the seed's early sign of fatigue). */
export function energyFalling(points: EnergyPoint[]): boolean {
  if (points.length < 3) return false;
  const [a, b, c] = points.slice(-3).map((p) => p.mean) as [number, number, number];
  return b < a && c < b;
}

/** "3,8 → 3,2 → 2,9" */
export function trendText(points: EnergyPoint[], locale: Locale): string {
  return points.map((p) => numberFormat(locale, 'oneDecimal').format(p.mean)).join(' → ');
}

