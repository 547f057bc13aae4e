import type { Template } from '../domain/template.ts';
import { midSentence, pick, type Locale } from '../domain/text.ts';
import type { MemberOutcome } from '../programmes/members.ts';
import { textsFor, tr } from './texts.ts';

/**
 * What `medlem` did for one person. Kept apart from texts.ts: only `medlem` says "already there" or
 * "role changed".
 */
const TEXTS = {
  da: {
    unchanged: '{name} er allerede med i {partnership} som {role}. Intet er ændret.',
    roleChanged: '{name} er allerede med i {partnership}; rollen er ændret fra {previous} til {role}.',
  },
  en: {
    unchanged: '{name} is already in {partnership} as {role}. Nothing was changed.',
    roleChanged: '{name} is already in {partnership}; their role is changed from {previous} to {role}.',
  },
} as const;

export function memberOutcomeLine(outcome: MemberOutcome, partnership: string, locale: Locale, template?: Pick<Template, 'roles'>): string {
  const roles = roleNames(locale, template);
  const { member } = outcome;
  const params = { name: member.displayName, partnership, role: roles[member.role] ?? member.role };
  switch (outcome.kind) {
    case 'added':
      return tr(locale, 'memberAdded', params);
    case 'unchanged':
      return fill(TEXTS[locale].unchanged, params);
    case 'role_changed':
      return fill(TEXTS[locale].roleChanged, { ...params, previous: roles[outcome.previousRole] ?? outcome.previousRole });
  }
}

function fill(template: string, params: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => params[name] ?? whole);
}

/** Små Partnerskaber's short role words ("kultur"); another template's role titles, lower case mid-sentence. */
function roleNames(locale: Locale, template?: Pick<Template, 'roles'>): Record<string, string> {
  const legacy: Record<string, string> = textsFor(locale).roles;
  const own = (template?.roles ?? []).filter((r) => !(r.role in legacy)).map((r) => [r.role, midSentence(pick(r.title, locale))]);
  return { ...legacy, ...Object.fromEntries(own) };
}
