import type { Member } from '../domain/entities.ts';
import { UserError } from '../domain/errors.ts';
import type { Role } from '../domain/template.ts';
import type { NewMember } from './service.ts';

/** What adding someone to a partnership did: a new member, nothing (already there), or a new role. */
export type MemberOutcome =
  | { kind: 'added'; member: Member }
  | { kind: 'unchanged'; member: Member }
  | { kind: 'role_changed'; member: Member; previousRole: Role };

/** The same person: the same platform user, or (neither known on the platform) the same e-mail address. */
export function samePerson(a: Pick<NewMember, 'userRef' | 'email'>, b: Pick<NewMember, 'userRef' | 'email'>): boolean {
  if (a.userRef || b.userRef) return a.userRef === b.userRef;
  return !!a.email && a.email.toLowerCase() === b.email?.toLowerCase();
}

/**
 * One entry per person in a `partnerskab` command or form. The same person twice with the same role
 * is once; with two different roles the command is refused, as we cannot tell which was meant.
 */
export function onePerPerson(members: NewMember[]): NewMember[] {
  const out: NewMember[] = [];
  for (const m of members) {
    const earlier = out.find((o) => samePerson(o, m));
    if (!earlier) out.push(m);
    else if (earlier.role !== m.role) {
      throw new UserError('member_twice', {
        da: `${m.displayName} står to gange med forskellige roller. Skriv hver person én gang.`,
        en: `${m.displayName} is listed twice with different roles. List each person once.`,
      });
    }
  }
  return out;
}
