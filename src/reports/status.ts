import type { Programme } from '../domain/entities.ts';
import type { Template } from '../domain/template.ts';
import { pick, type Locale } from '../domain/text.ts';
import { EvaluationRepository, type PromptWithMember, type Round } from '../evaluations/repository.ts';
import { formatDate } from '../messages/format.ts';
import type { Db } from '../store/db.ts';
import { rt } from './texts.ts';

/** One owner's report for one period, as `status` shows it. */
export interface ReportLine {
  period: string;
  title: string;
  group: string | null;
  owner: string;
  /** The owner's member row; null once they left the programme. */
  memberId: string | null;
  state: 'sent' | 'waiting' | 'late' | 'closed';
  deadline: string;
  sentAt: string | null;
}

/**
 * The status reports of a programme per period (one period per activity of a report step), oldest
 * first: who sent theirs, who has until the deadline, and who is late (past the deadline, the form
 * still open) or never sent it (closed).
 */
export function reportLines(db: Db, programme: Programme, template: Template, groupName: (id: string | null) => string | null, now: Date, locale: Locale): ReportLine[] {
  const steps = new Map(template.steps.filter((s) => s.report && !s.evaluation).map((s) => [s.key, s]));
  if (steps.size === 0) return [];
  const store = new EvaluationRepository(db);
  const rounds = store.askedRounds(programme.id).filter((r) => steps.has(r.stepKey));
  const prompts = store.promptsForProgramme(programme.id);
  return rounds.flatMap((round) =>
    prompts.filter((p) => p.activityId === round.activityId).map((p) => {
      const step = steps.get(round.stepKey)!;
      return line(round, p, pick(step.report!.title ?? step.title, locale), groupName(round.partnershipId), now, locale);
    }),
  );
}

function line(round: Round, prompt: PromptWithMember, title: string, group: string | null, now: Date, locale: Locale): ReportLine {
  // The reminder is the deadline (src/reports/form.ts).
  const deadline = prompt.nudgeAt;
  const state = prompt.answeredAt ? 'sent' : round.status === 'closed' ? 'closed' : now.toISOString() >= deadline ? 'late' : 'waiting';
  return { period: round.dueAt, title, group, owner: prompt.displayName ?? rt(locale, 'formerMember'), memberId: prompt.memberId, state, deadline, sentAt: prompt.answeredAt };
}

/** The `status` section: "• Statusrapport · Nord, 1. april 2027: Anna – forsinket (frist 8. april)". */
export function reportSection(lines: ReportLine[], zone: string, locale: Locale): string | null {
  if (lines.length === 0) return null;
  const date = (iso: string) => formatDate(iso, zone, locale);
  const text = lines.map((l) => {
    const what = `${l.title}${l.group ? ` · ${l.group}` : ''}, ${date(l.period)}`;
    const state =
      l.state === 'sent' ? rt(locale, 'sent', { date: date(l.sentAt!) })
      : l.state === 'waiting' ? rt(locale, 'waiting', { date: date(l.deadline) })
      : l.state === 'late' ? rt(locale, 'late', { date: date(l.deadline) })
      : rt(locale, 'never', { date: date(l.deadline) });
    return `• ${what}: ${l.owner} – ${state}`;
  });
  const late = lines.filter((l) => l.state === 'late').map((l) => l.owner);
  const head = `*${rt(locale, 'title')}*`;
  const lateLine = late.length > 0 ? `\n${rt(locale, 'lateOwners', { names: [...new Set(late)].join(', ') })}` : '';
  return `${head}${lateLine}\n${text.join('\n')}`;
}
