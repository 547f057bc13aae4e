import { evaluationFormSchema, type EvaluationForm, type Report, type Template } from '../domain/template.ts';
import type { MemberWithDm } from '../store/programmes.ts';

/**
 * A status report is asked as an evaluation form of its owner (issue 14): the same direct messages,
 * buttons, typed answers, one reminder and closing, kept per activity (one period). The reminder falls
 * on the deadline; the form closes `lateWorkingDays` after it, so a late report is still taken.
 */
export function reportForm(report: Report, template: Pick<Template, 'roles'>): EvaluationForm {
  return evaluationFormSchema.parse({
    ...(report.title ? { title: report.title } : {}),
    intro: { da: 'Tid til en kort statusrapport.', en: 'Time for a short status report.' },
    roles: 'role' in report.owner ? [report.owner.role] : template.roles.map((r) => r.role),
    anonymous: false,
    purpose: 'report',
    questions: report.questions,
    nudgeAfterWorkingDays: report.dueWorkingDays,
    closeAfterWorkingDays: report.dueWorkingDays + report.lateWorkingDays,
  });
}

/** Whether a member owns the report: any member of the owner role, or the one named member. */
export function ownsReport(report: Report, member: Pick<MemberWithDm, 'role' | 'displayName'>): boolean {
  if ('role' in report.owner) return member.role === report.owner.role;
  const wanted = report.owner.member.replace(/^@/, '').trim().toLocaleLowerCase('da');
  return member.displayName.trim().toLocaleLowerCase('da') === wanted;
}
