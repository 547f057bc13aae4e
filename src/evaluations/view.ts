import { pick, type Locale } from '../domain/text.ts';
import { withRepeatedTexts, type Block, type RichMessage } from '../messages/model.ts';
import { energyTrend, trendText } from './energy.ts';
import { deadline } from './messages.ts';
import type { PromptWithMember, Round } from './repository.ts';
import { aggregate, type Entry, type GroupResult, type ProgrammeResults, type QuestionResult } from './results.ts';
import { et } from './texts.ts';
import { numberFormat } from '../util/number-format.ts';

/** What a results view may show. */
export interface ResultScope {
  /** Only answers of this partnership's members: always so in a partnership's own channel. */
  partnershipId: string | null;
  stepKey: string | null;
  /** The shared channel is read by every partnership: numbers only, no written answers or names. */
  numbersOnly: boolean;
}

export interface ViewContext {
  programmeName: string;
  zone: string;
  locale: Locale;
  partnershipName: (id: string | null) => string;
  roundTitle: (round: Round) => string;
  stepTitle: (round: Round) => string;
}

type AskedRound = Round & { form: NonNullable<Round['form']> };

/** The consultant's view: an overview by step, or the details of a partnership or an activity. */
export function resultsMessage(data: ProgrammeResults, scope: ResultScope, view: ViewContext): RichMessage {
  const title = et(view.locale, 'resultsTitle', { name: scopeName(scope, data, view) });
  const rounds = data.rounds.filter((r): r is AskedRound => !!r.form && (!scope.stepKey || r.stepKey === scope.stepKey));
  const inScope = (r: Round) => data.prompts.filter((p) => p.activityId === r.activityId && (!scope.partnershipId || p.partnershipId === scope.partnershipId));
  const sections: string[] = [];
  if (scope.partnershipId) {
    // A group's energy over time first: the trend says more than any one meeting (issue 14).
    const energy = scope.stepKey ? [] : energyTrend(data, scope.partnershipId);
    if (energy.length > 0) sections.push(`*${et(view.locale, 'energyTrend', { trend: trendText(energy, view.locale) })}*`);
    for (const round of rounds) {
      const prompts = inScope(round);
      if (prompts.length > 0) sections.push(groupText(view.roundTitle(round), roundStatus(round, view), aggregate(round.form, prompts, data.answers, data.prompts), scope, view));
    }
  } else {
    for (const [, stepRounds] of byStep(rounds)) sections.push(stepText(stepRounds, data, scope, view));
  }
  const blocks: Block[] = [{ type: 'header', text: title }];
  if (sections.length === 0) blocks.push({ type: 'section', text: et(view.locale, 'noResults') });
  for (const section of sections) for (const part of chunk(section, 2900)) blocks.push({ type: 'section', text: part });
  if (scope.numbersOnly) blocks.push({ type: 'context', text: et(view.locale, 'aggregateOnly') });
  return withRepeatedTexts({ text: title, blocks }, quotedTexts(data, scope, view));
}

/**
 * What users wrote that the view may quote: names, and the written answers and comments of the prompts
 * in scope when it shows them (details only). The overview of a large programme would otherwise weigh
 * thousands of answers it never shows against its text.
 */
function quotedTexts(data: ProgrammeResults, scope: ResultScope, view: ViewContext): string[] {
  const names = data.prompts.flatMap((p) => [p.displayName ?? '', view.partnershipName(p.partnershipId)]);
  const detailed = !scope.numbersOnly && (scope.partnershipId !== null || scope.stepKey !== null);
  if (!detailed) return [view.programmeName, ...names];
  const steps = new Set(data.rounds.filter((r) => !scope.stepKey || r.stepKey === scope.stepKey).map((r) => r.activityId));
  const shown = data.prompts.filter((p) => steps.has(p.activityId) && (!scope.partnershipId || p.partnershipId === scope.partnershipId));
  const answers = shown.flatMap((p) => [...(data.answers.get(p.id)?.values() ?? [])].flatMap((a) => [a.value, a.comment ?? '']));
  return [view.programmeName, ...names, ...answers];
}

function scopeName(scope: ResultScope, data: ProgrammeResults, view: ViewContext): string {
  const parts = [view.programmeName];
  if (scope.partnershipId) parts.push(view.partnershipName(scope.partnershipId));
  const round = scope.stepKey ? data.rounds.find((r) => r.stepKey === scope.stepKey) : undefined;
  if (round) parts.push(view.stepTitle(round));
  return parts.join(' · ');
}

function byStep(rounds: AskedRound[]): Map<string, AskedRound[]> {
  const steps = new Map<string, AskedRound[]>();
  for (const round of rounds) steps.set(round.stepKey, [...(steps.get(round.stepKey) ?? []), round]);
  return steps;
}

/** A step across partnerships: the total, then one part per partnership (details only when filtered). */
function stepText(rounds: AskedRound[], data: ProgrammeResults, scope: ResultScope, view: ViewContext): string {
  const first = rounds[0]!;
  const ids = new Set(rounds.map((r) => r.activityId));
  const prompts = data.prompts.filter((p) => ids.has(p.activityId));
  const status = rounds.some((r) => r.status === 'open') ? roundStatus(rounds.find((r) => r.status === 'open')!, view) : et(view.locale, 'closedOn');
  const detailed = scope.stepKey !== null;
  const total = aggregate(first.form, prompts, data.answers, data.prompts);
  const lines = [groupText(view.stepTitle(first), status, total, { ...scope, numbersOnly: scope.numbersOnly || !detailed }, view)];
  for (const [partnershipId, group] of byPartnership(prompts)) {
    const result = aggregate(first.form, group, data.answers, data.prompts);
    // An anonymous part is not shown at all, not even how many answered: see GroupResult.hidden.
    if (result.hidden === 'part') continue;
    const name = view.partnershipName(partnershipId);
    lines.push(detailed ? groupText(name, '', result, scope, view) : `• ${name}: ${summary(result, view.locale)}`);
  }
  return lines.join('\n');
}

function byPartnership(prompts: PromptWithMember[]): Map<string | null, PromptWithMember[]> {
  const groups = new Map<string | null, PromptWithMember[]>();
  for (const p of prompts) groups.set(p.partnershipId, [...(groups.get(p.partnershipId) ?? []), p]);
  return groups;
}

/** "2 af 2 (100 %) · gennemsnit 4,5", for one line of the overview. */
function summary(result: GroupResult, locale: Locale): string {
  const parts = [rate(result, locale)];
  if (result.hidden) parts.push(`(${et(locale, 'anonymous')})`);
  for (const q of result.questions) if (q.type === 'scale' && q.mean !== null) parts.push(et(locale, 'mean', { mean: decimal(q.mean, locale) }));
  return parts.join(' · ');
}

function groupText(title: string, status: string, result: GroupResult, scope: ResultScope, view: ViewContext): string {
  const { locale } = view;
  if (result.hidden === 'part') return `*${title}* – ${et(locale, 'anonymous')}\n_${et(locale, 'hiddenPart')}_`;
  const head = [rate(result, locale), status, result.anonymous ? et(locale, 'anonymous') : ''].filter(Boolean).join(' · ');
  const lines = [`*${title}* – ${head}`];
  if (result.hidden) return [...lines, `_${et(locale, 'hidden')}_`].join('\n');
  if (result.answered > 0) for (const q of result.questions) lines.push(...questionLines(q, scope.numbersOnly, locale));
  if (!scope.numbersOnly && result.missing.length > 0) lines.push(`_${et(locale, 'missing', { names: result.missing.join(', ') })}_`);
  return lines.join('\n');
}

function questionLines(q: QuestionResult, numbersOnly: boolean, locale: Locale): string[] {
  const lines = [`*${pick(q.question.text, locale)}*`];
  const dontKnow = q.dontKnow > 0 ? ` · ${et(locale, 'dontKnow')}: ${q.dontKnow}` : '';
  if (q.type === 'text') {
    if (numbersOnly) return [`${lines[0]} (${q.entries.length})${dontKnow}`];
    return [...lines, ...q.entries.map((e) => `• ${entry(e)}`), ...(dontKnow ? [dontKnow.slice(3)] : [])];
  }
  if (q.type === 'scale') {
    const dist = q.counts.map((n, i) => `${q.question.min + i}: ${n}`).join(' · ') + dontKnow;
    lines.push(q.mean === null ? dist : `${dist} — ${et(locale, 'mean', { mean: decimal(q.mean, locale) })}`);
  } else {
    lines.push(q.question.options.map((o, i) => `${pick(o.label, locale)}: ${q.counts[i]}`).join(' · ') + dontKnow);
  }
  if (!numbersOnly && q.comments.length > 0) lines.push(`${et(locale, 'comments')}: ${q.comments.map(entry).join('; ')}`);
  return lines;
}

function entry(e: Entry): string {
  return e.name ? `«${e.text}» – ${e.name}` : `«${e.text}»`;
}

function roundStatus(round: Round, view: ViewContext): string {
  if (round.status !== 'open' || !round.closesAt) return et(view.locale, 'closedOn');
  return et(view.locale, 'openUntil', { date: deadline({ closesAt: round.closesAt, zone: view.zone, locale: view.locale }) });
}

function rate(result: GroupResult, locale: Locale): string {
  const percent = result.asked === 0 ? 0 : Math.round((100 * result.answered) / result.asked);
  return et(locale, 'rate', { answered: result.answered, asked: result.asked, percent: locale === 'da' ? `${percent} %` : `${percent}%` });
}

function decimal(value: number, locale: Locale): string {
  return numberFormat(locale, 'oneDecimal').format(value);
}

/** Slack sections hold at most 3000 characters. */
function chunk(text: string, size: number): string[] {
  const parts: string[] = [];
  let current = '';
  for (const line of text.split('\n')) {
    const piece = line.length > size ? `${line.slice(0, size - 1)}…` : line;
    if (current && current.length + piece.length + 1 > size) {
      parts.push(current);
      current = '';
    }
    current = current ? `${current}\n${piece}` : piece;
  }
  if (current) parts.push(current);
  return parts;
}
