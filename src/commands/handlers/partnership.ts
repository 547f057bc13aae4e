import { UserError } from '../../domain/errors.ts';
import type { Programme } from '../../domain/entities.ts';
import { groupTypesOf, type Role } from '../../domain/template.ts';
import { shapesService } from '../shapes-port.ts';
import type { Locale } from '../../domain/text.ts';
import type { Core } from '../../app.ts';
import type { NewMember } from '../../programmes/service.ts';
import { TEXT_LIMITS } from '../limits.ts';
import { ephemeral } from '../reply.ts';
import { both, currentProgramme, parseMember, requireConsultant } from '../resolve.ts';
import { COMMAND, textsFor, tr } from '../texts.ts';
import type { CommandContext, CommandReply, FormSpec, FormSubmission } from '../types.ts';

export const PARTNERSHIP_FORM = 'partnership.add';
const USAGE = `${COMMAND} partnerskab "Navn" "Kulturinstitution" "Daginstitution" @navn=kultur @navn=dagtilbud`;

/** `partnerskab "Havet" "Nordsøen Oceanarium" "Børnehaven Bjørnen" @anna=kultur ...`; no words: the form. */
export async function partnershipCommand(core: Core, args: string[], ctx: CommandContext, locale: Locale): Promise<CommandReply> {
  const programme = currentProgramme(core, ctx);
  requireConsultant(core, programme, ctx);
  refuseWithoutPartnerships(core, programme);
  if (args.length === 0) {
    return { type: 'form', form: partnershipForm(programme, locale), fallback: ephemeral(tr(locale, 'usage', { usage: USAGE })).message };
  }
  const words = args.filter((a) => !isMemberToken(a));
  if (words.length < 3) throw new UserError('usage', both('usage', { usage: USAGE }));
  const [name, culture, daycare] = words as [string, string, string];
  const members = await resolveEmails(core, ctx, args.filter(isMemberToken).map((token) => parseMember(token)));
  return add(core, programme, locale, { name, culturalInstitution: culture, daycare, members });
}

/** A member as typed: a mention, or an e-mail address, either with `=rolle`. */
export function isMemberToken(token: string): boolean {
  return token.startsWith('<@') || /^[^\s@]+@[^\s@]+\.[^\s@=]+([=:]\S+)?$/.test(token);
}

/** People named by e-mail are looked up on the platform now, so they can be invited at once. */
export async function resolveEmails(core: Core, ctx: CommandContext, members: NewMember[]): Promise<NewMember[]> {
  const platform = core.platforms.get(ctx.platform);
  if (!platform?.lookupUserByEmail) return members;
  return Promise.all(
    members.map(async (m) => {
      if (m.userRef || !m.email) return m;
      const found = await platform.lookupUserByEmail!({ workspaceId: ctx.workspaceId, email: m.email }).catch(() => null);
      return found ? { ...m, userRef: found.userRef, displayName: found.displayName } : m;
    }),
  );
}

/** A programme whose template has no partnerships (a network programme) gets groups with `gruppe`. */
function refuseWithoutPartnerships(core: Core, programme: Programme): void {
  const template = shapesService(core).templateOf(programme);
  if (groupTypesOf(template).some((t) => t.key === 'partnership')) return;
  const types = groupTypesOf(template).map((t) => t.key);
  throw new UserError('no_partnerships', both('noPartnerships', { programme: programme.name, example: `${COMMAND} gruppe ${types[0]} "Navn"` }));
}

function add(core: Core, programme: Programme, locale: Locale, input: Parameters<Core['programmes']['addPartnership']>[1]): CommandReply {
  const partnership = core.programmes.addPartnership(programme, input);
  return ephemeral(tr(locale, 'partnershipAdded', { name: partnership.name, members: input.members.length }));
}

function partnershipForm(programme: Programme, locale: Locale): FormSpec {
  const t = textsFor(locale);
  return {
    formId: PARTNERSHIP_FORM,
    title: t.formPartnershipTitle,
    submitLabel: t.formPartnershipSubmit,
    state: programme.id,
    fields: [
      { id: 'name', label: t.formPartnershipName, kind: 'text', required: true, maxLength: TEXT_LIMITS.name },
      { id: 'culture', label: t.formCulture, kind: 'text', required: true, maxLength: TEXT_LIMITS.name },
      { id: 'daycare', label: t.formDaycare, kind: 'text', required: true, maxLength: TEXT_LIMITS.name },
      { id: 'culture_staff', label: t.formCultureStaff, kind: 'users', required: false },
      { id: 'daycare_staff', label: t.formDaycareStaff, kind: 'users', required: false },
    ],
  };
}

export function submitPartnershipForm(core: Core, submission: FormSubmission, ctx: CommandContext, locale: Locale): CommandReply {
  const programme = core.repos.programmes.get(submission.state);
  if (!programme || programme.platform !== ctx.platform || programme.workspaceId !== ctx.workspaceId) {
    throw new UserError('no_programme', both('noProgramme'));
  }
  requireConsultant(core, programme, ctx);
  refuseWithoutPartnerships(core, programme);
  const value = (id: string): string => String(submission.values[id] ?? '').trim();
  if (!value('name') || !value('culture') || !value('daycare')) throw new UserError('form_required', both('formRequired'));
  const users = (id: string, role: Role): NewMember[] => {
    const raw = submission.values[id];
    const list = Array.isArray(raw) ? raw : raw ? [raw] : [];
    return list.map((userRef) => ({ role, userRef, email: null, displayName: userRef }));
  };
  const members = [...users('culture_staff', 'culture_staff'), ...users('daycare_staff', 'daycare_staff')];
  return add(core, programme, locale, { name: value('name'), culturalInstitution: value('culture'), daycare: value('daycare'), members });
}
