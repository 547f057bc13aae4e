import type { Activity } from '../domain/entities.ts';
import { rolesOf, isProgrammeWide, scaleOf, type EvaluationForm, type EvaluationQuestion, type Step, type Template } from '../domain/template.ts';
import { pick, type Locale } from '../domain/text.ts';
import type { MemberWithDm } from '../store/programmes.ts';
import { DONT_KNOW } from './interpret.ts';
import { et } from './texts.ts';

/** The question a stored answer belongs to, by key (answers refer to keys, not positions). */
export function questionByKey(form: EvaluationForm, key: string): EvaluationQuestion | undefined {
  return form.questions.find((q) => q.key === key);
}

/** "Afprøvning 1" when the form names itself, else the step's title ("Nysgerrighed"). */
export function formTitle(form: EvaluationForm, step: Step | undefined, stepKey: string, locale: Locale): string {
  if (form.title) return pick(form.title, locale);
  return step ? pick(step.title, locale) : stepKey;
}

/** What membersToAsk needs for addressed audiences (networks, tracks): the roles and the groups' types. */
export interface AskContext {
  template?: Template;
  /** A group's type by id; for audiences of several group types. */
  groupTypeOf?: (groupId: string) => string | undefined;
}

/**
 * Who is asked about an activity: members with the form's roles (default: the audience's roles) in
 * the activity's partnership, or in every partnership for programme-wide steps; for paired steps also
 * the other partnership's members with `pairedRoles` (their children took part). For addressed
 * audiences: the groups of the audience's types only, and for a pairing between organisations the
 * people of the paired organisations only (the visit was theirs). Members without a platform user
 * cannot be reached and are left out rather than counted as silent.
 */
export function membersToAsk(form: EvaluationForm, step: Step, activity: Activity, members: MemberWithDm[], context: AskContext = {}): MemberWithDm[] {
  const roles = form.roles ?? rolesOf(step.audience, context.template);
  const audience = step.audience;
  // Activities stored before migration 6, and hand-made ones, may lack the pairs.
  const pairedOrganisations: string[] = activity.pairedOrganisationIds ?? [];
  const inScope = (m: MemberWithDm): boolean => {
    if (typeof audience !== 'string' && audience.to === 'types' && m.partnershipId !== null && context.groupTypeOf) {
      return (audience.groupTypes ?? []).includes(context.groupTypeOf(m.partnershipId) ?? '');
    }
    if (isProgrammeWide(audience)) return true;
    if (m.partnershipId !== activity.partnershipId) return false;
    return pairedOrganisations.length === 0 || (m.organisationId !== null && pairedOrganisations.includes(m.organisationId));
  };
  const own = (m: MemberWithDm): boolean => roles.includes(m.role) && inScope(m);
  const paired = (m: MemberWithDm): boolean =>
    activity.pairedPartnershipId !== null && m.partnershipId === activity.pairedPartnershipId && form.pairedRoles.includes(m.role);
  const chosen = members.filter((m) => m.userRef !== null && (own(m) || paired(m)));
  return [...new Map(chosen.map((m) => [m.id, m])).values()];
}

/** The values a question's buttons carry: the scale's numbers or the choice's option keys. */
export function buttonValues(question: EvaluationQuestion): string[] {
  const scale = scaleOf(question);
  if (scale) return Array.from({ length: scale.max - scale.min + 1 }, (_, i) => String(scale.min + i));
  if (question.type === 'choice') return question.options.map((o) => o.key);
  return [];
}

/** How a stored value reads to people: the option's label for choices, the value itself otherwise. */
export function valueLabel(question: EvaluationQuestion, value: string, locale: Locale): string {
  if (value === DONT_KNOW) return et(locale, 'dontKnow');
  if (question.type === 'choice') {
    const option = question.options.find((o) => o.key === value);
    return option ? pick(option.label, locale) : value;
  }
  return value;
}

/** Whether a value is one the question accepts (a button value may be stale or tampered with). */
export function isValidValue(question: EvaluationQuestion, value: string): boolean {
  if (value === DONT_KNOW) return true;
  if (question.type === 'text') return value.trim().length > 0;
  return buttonValues(question).includes(value);
}
