import type { Programme } from '../domain/entities.ts';
import { UserError } from '../domain/errors.ts';
import { LEGACY_ROLES, type Role, type Step, type Template } from '../domain/template.ts';
import type { Locale } from '../domain/text.ts';
import type { Core } from '../app.ts';
import type { NewMember } from '../programmes/service.ts';
import { findByChannel } from '../store/programmes.ts';
import { getUserProgramme, programmesOfUser } from '../store/user-settings.ts';
import { COMMAND, tr } from './texts.ts';
import type { CommandContext } from './types.ts';

/** Both languages of a text key, for a UserError. */
export function both(key: Parameters<typeof tr>[1], params: Record<string, string | number> = {}): { da: string; en: string } {
  return { da: tr('da', key, { command: COMMAND, ...params }), en: tr('en', key, { command: COMMAND, ...params }) };
}

/** Lowercase, Danish letters spelled out, no punctuation: "Afprøvning 2" → "afproevning2". */
export function normalize(text: string): string {
  return text
    .toLowerCase()
    .replace(/æ/g, 'ae')
    .replace(/ø/g, 'oe')
    .replace(/å/g, 'aa')
    .normalize('NFKD')
    .replace(/[^a-z0-9]/g, '');
}

/**
 * The programme a command is about: the one whose channel it was typed in, else the one the user
 * picked with `forløb <navn>` or created last, else the newest one they take part in, else the newest
 * in the workspace. Never one from another workspace.
 */
export function currentProgramme(core: Core, ctx: CommandContext): Programme {
  const { programmes } = core.repos;
  const byChannel = ctx.channelRef && findByChannel(core.db, ctx.platform, ctx.workspaceId, ctx.channelRef);
  if (byChannel) return programmes.get(byChannel.programmeId)!;
  const chosen = getUserProgramme(core.db, ctx.platform, ctx.workspaceId, ctx.userRef);
  const picked = chosen ? programmes.get(chosen) : undefined;
  if (picked) return picked;
  const mine = programmesOfUser(core.db, ctx.platform, ctx.workspaceId, ctx.userRef)[0];
  if (mine) return programmes.get(mine)!;
  const all = programmes.listInWorkspace(ctx.platform, ctx.workspaceId);
  const newest = all[all.length - 1];
  if (!newest) throw new UserError('no_programme', both('noProgramme'));
  return newest;
}

/**
 * Refuses anyone who is not one of the programme's consultants. `purpose` picks the words: a partner
 * asking for results is told that only the consultant can see them, not that nothing may be changed.
 */
export function requireConsultant(core: Core, programme: Programme, ctx: CommandContext, purpose: 'change' | 'see' = 'change'): void {
  if (core.repos.members.hasRole(programme.id, ctx.userRef, 'consultant')) return;
  const consultants = core.repos.members
    .listForProgramme(programme.id)
    .filter((m) => m.role === 'consultant')
    .map((m) => m.displayName)
    .join(', ');
  const key = purpose === 'see' ? 'notConsultantSee' : 'notConsultant';
  throw new UserError('not_consultant', both(key, { programme: programme.name, consultants }));
}

/** A step by its key or its title in either language ("midtvejsworkshop", "afprøvning 2", "trial 1"). */
export function findStep(template: Template, name: string): Step {
  const wanted = normalize(name);
  const matches = template.steps.filter(
    (s) => normalize(s.key) === wanted || normalize(s.title.da) === wanted || normalize(s.title.en ?? '') === wanted,
  );
  // Titles repeat ("Dialog i partnerskabet" twice); the key is the unambiguous name.
  if (matches.length === 1) return matches[0]!;
  const known = template.steps.map((s) => s.key).join(', ');
  throw new UserError('unknown_activity', both('unknownActivity', { name, known }));
}

const ROLE_WORDS: Record<string, Role> = {
  kultur: 'culture_staff',
  kulturinstitution: 'culture_staff',
  formidler: 'culture_staff',
  culture: 'culture_staff',
  dagtilbud: 'daycare_staff',
  daginstitution: 'daycare_staff',
  paedagog: 'daycare_staff',
  boernehave: 'daycare_staff',
  daycare: 'daycare_staff',
  leder: 'leader',
  leader: 'leader',
  konsulent: 'consultant',
  consultant: 'consultant',
};

/**
 * A role word for a programme's template: the role's key, one of its `words`, or its title (either
 * language); Små Partnerskaber's kultur/dagtilbud/leder/konsulent keep working for the roles it has.
 * Without a template: the legacy words only.
 */
export function parseRole(word: string, template?: Pick<Template, 'name' | 'roles'>): Role {
  const role = template ? roleOfTemplate(template, word) : ROLE_WORDS[normalize(word)];
  if (role) return role;
  if (!template || isLegacyRoles(template)) throw new UserError('unknown_role', both('unknownRole', { role: word }));
  const known = template.roles.map((r) => r.words[0] ?? r.role).join(', ');
  throw new UserError('unknown_role', both('unknownRoleOf', { role: word, template: template.name.da, known }));
}

function roleOfTemplate(template: Pick<Template, 'roles'>, word: string): Role | undefined {
  const wanted = normalize(word);
  if (!wanted) return undefined;
  const found = template.roles.find((r) => [r.role, ...r.words, r.title.da, r.title.en ?? ''].some((n) => normalize(n) === wanted));
  if (found) return found.role;
  const legacy = ROLE_WORDS[wanted];
  return legacy && template.roles.some((r) => r.role === legacy) ? legacy : undefined;
}

/** Små Partnerskaber's roles: its refusal keeps naming the four words people know. */
function isLegacyRoles(template: Pick<Template, 'roles'>): boolean {
  return template.roles.every((r) => (LEGACY_ROLES as readonly string[]).includes(r.role));
}

const MENTION = /^<@([A-Za-z0-9._:-]+)(?:\|([^>]*))?>$/;
const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

/** "<@U123|anna>=kultur" or "anna@kommune.dk=dagtilbud" (":" works too) → a new member. */
export function parseMember(token: string, defaultRole?: Role, template?: Pick<Template, 'name' | 'roles'>): NewMember {
  const [who, roleWord] = splitRole(token, template);
  const role = roleWord ? parseRole(roleWord, template) : defaultRole;
  if (!role) throw new UserError('member_syntax', both('memberSyntax', { token }));
  const mention = MENTION.exec(who);
  if (mention) return { role, userRef: mention[1]!, email: null, displayName: mention[2] || mention[1]! };
  if (EMAIL.test(who)) return { role, userRef: null, email: who.toLowerCase(), displayName: who };
  throw new UserError('member_syntax', both('memberSyntax', { token }));
}

/** Teams user ids contain ":" ("29:1abc"), so ":" separates a role only when a role word follows. */
function splitRole(token: string, template?: Pick<Template, 'roles'>): [string, string | undefined] {
  const eq = token.lastIndexOf('=');
  if (eq > 0) return [token.slice(0, eq), token.slice(eq + 1)];
  const colon = token.lastIndexOf(':');
  const word = token.slice(colon + 1);
  const isRole = template ? roleOfTemplate(template, word) : ROLE_WORDS[normalize(word)];
  if (colon > 0 && isRole) return [token.slice(0, colon), word];
  return [token, undefined];
}

// Date and time parsing lives in dates.ts; re-exported for the adapters that check form dates.
export { isDateWord, normalizeDate, parseTime } from './dates.ts';

/** The language to answer a user in: their own choice, else the platform's, else the programme's. */
export function replyLocale(core: Core, ctx: CommandContext, saved: Locale | undefined, programme?: Programme): Locale {
  return saved ?? ctx.locale ?? programme?.locale ?? 'da';
}
