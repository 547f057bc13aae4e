import { UserError } from '../../domain/errors.ts';
import type { Partnership, Programme } from '../../domain/entities.ts';
import type { Format } from '../../domain/template.ts';
import { pick, type Locale } from '../../domain/text.ts';
import type { Core } from '../../app.ts';
import { onePerPerson } from '../../programmes/members.ts';
import { resolveActivity, type ActivityRef } from '../activity-ref.ts';
import { byName, findGroup, findGroupType, findOrganisation, typeOfGroup } from '../groups.ts';
import { checkLength, LABELS, TEXT_LIMITS } from '../limits.ts';
import { memberOutcomeLine } from '../member-texts.ts';
import { ephemeral } from '../reply.ts';
import { both, currentProgramme, parseMember, requireConsultant } from '../resolve.ts';
import { shapesService, type FormatChange } from '../shapes-port.ts';
import { COMMAND, textsFor, tr } from '../texts.ts';
import type { CommandContext, CommandReply } from '../types.ts';
import { isMemberToken, resolveEmails } from './partnership.ts';

/** `gruppe netværk "Netværk Nord"`: a group of one of the template's types. */
export function groupCommand(core: Core, args: string[], ctx: CommandContext, locale: Locale): CommandReply {
  const programme = currentProgramme(core, ctx);
  requireConsultant(core, programme, ctx);
  const [typeWord, ...nameWords] = args;
  const name = nameWords.join(' ').trim();
  if (!typeWord || !name) throw new UserError('usage', both('usage', { usage: `${COMMAND} gruppe netværk "Netværk Nord"` }));
  const service = shapesService(core);
  const type = findGroupType(service.templateOf(programme), typeWord);
  const group = service.addGroup(programme, { groupType: type.key, name });
  return ephemeral(tr(locale, 'groupAdded', { type: pick(type.name, locale), name: group.name }));
}

/** `organisation "Netværk Nord" "Hjørring Kommune" @anna=chef @bo=konsulent`; an existing one gets the members. */
export async function organisationCommand(core: Core, args: string[], ctx: CommandContext, locale: Locale): Promise<CommandReply> {
  const programme = currentProgramme(core, ctx);
  requireConsultant(core, programme, ctx);
  const words = args.filter((a) => !isMemberToken(a));
  if (words.length < 2) throw new UserError('usage', both('usage', { usage: `${COMMAND} organisation "Netværk Nord" "Hjørring Kommune" @navn=rolle` }));
  const service = shapesService(core);
  const template = service.templateOf(programme);
  const group = findGroup(core, programme, words.slice(0, -1).join(' '));
  if (!typeOfGroup(template, group)?.organisations) throw new UserError('no_organisations', both('noOrganisations', { group: group.name }));
  const name = words.at(-1)!;
  checkLength(name, TEXT_LIMITS.name, LABELS.partnershipName);
  // Parsed before anything is added, so a wrong role changes nothing.
  const parsed = args.filter(isMemberToken).map((token) => parseMember(token, undefined, template));
  const members = await resolveEmails(core, ctx, parsed);
  const existing = service.organisationsOf(programme, group).find((o) => byName([o], name) && o.name.length === name.length);
  const organisation = existing ?? service.addOrganisation(programme, group, name);
  const lines = existing ? [] : [tr(locale, 'organisationAdded', { name: organisation.name, group: group.name })];
  for (const m of onePerPerson(members)) {
    const outcome = service.addMemberToPartnership(programme, group, { ...m, organisationId: organisation.id });
    lines.push(memberOutcomeLine(outcome, `${group.name} (${organisation.name})`, locale, template));
  }
  return ephemeral(lines.join('\n'));
}

/** `medlem "Havet" @carl=dagtilbud`, `medlem "Netværk Nord" "Hjørring" @carl=chef`: roles from the template. */
export async function groupMemberCommand(core: Core, args: string[], ctx: CommandContext, locale: Locale): Promise<CommandReply> {
  const programme = currentProgramme(core, ctx);
  requireConsultant(core, programme, ctx);
  const tokens = args.filter(isMemberToken);
  const words = args.filter((a) => !isMemberToken(a));
  if (words.length === 0 || tokens.length === 0) throw new UserError('usage', both('usage', { usage: `${COMMAND} medlem "Havet" @navn=dagtilbud` }));
  const service = shapesService(core);
  const template = service.templateOf(programme);
  const { group, organisationId, label } = groupAndOrganisation(core, programme, words);
  const members = await resolveEmails(core, ctx, tokens.map((token) => parseMember(token, undefined, template)));
  const outcomes = onePerPerson(members).map((m) => service.addMemberToPartnership(programme, group, organisationId ? { ...m, organisationId } : m));
  return ephemeral(outcomes.map((o) => memberOutcomeLine(o, label, locale, template)).join('\n'));
}

/** The whole phrase as a group ("Netværk Nord"), else all but the last word as the group and the last as its organisation. */
function groupAndOrganisation(core: Core, programme: Programme, words: string[]): { group: Partnership; organisationId: string | null; label: string } {
  try {
    const group = findGroup(core, programme, words.join(' '));
    return { group, organisationId: null, label: group.name };
  } catch (error) {
    if (words.length < 2) throw error;
    let group: Partnership;
    try {
      group = findGroup(core, programme, words.slice(0, -1).join(' '));
    } catch {
      throw error;
    }
    // Only a group of organisations can be followed by one; otherwise the whole phrase was meant as the group.
    if (!typeOfGroup(shapesService(core).templateOf(programme), group)?.organisations) throw error;
    const organisation = findOrganisation(core, programme, group, words.at(-1)!);
    return { group, organisationId: organisation.id, label: `${group.name} (${organisation.name})` };
  }
}

const FORMAT_WORDS: Record<string, Format> = {
  fysisk: 'physical',
  fysiskt: 'physical',
  physical: 'physical',
  virtuel: 'virtual',
  virtuelt: 'virtual',
  virtual: 'virtual',
  online: 'virtual',
  hybrid: 'hybrid',
  hybridt: 'hybrid',
};

const formatOf = (word: string): Format | undefined => FORMAT_WORDS[word.toLowerCase()];

/** `format temamoede-2 "Netværk Nord" virtuel https://...`, `fysisk ["sted"]`, `hybrid ["sted"] <link>`. */
export function formatCommand(core: Core, args: string[], ctx: CommandContext, locale: Locale): CommandReply {
  const programme = currentProgramme(core, ctx);
  requireConsultant(core, programme, ctx);
  const at = args.findIndex((a, i) => i > 0 && formatOf(a));
  if (at < 1) {
    const word = args.filter((a) => !looksLikeLink(a)).at(-1);
    if (args.length < 2 || !word) throw new UserError('usage', both('usage', { usage: `${COMMAND} format temamoede-2 virtuel https://meet.example/abc` }));
    throw new UserError('unknown_format', both('formatUnknown', { word, key: args[0]! }));
  }
  const format = formatOf(args[at]!)!;
  const ref = resolveActivity(core, programme, args.slice(0, at), { verb: 'format', rest: args.slice(at).join(' ') });
  // The activity as she typed it, so the example in a refusal works when copied.
  const typed = args.slice(0, at).map((a) => (/\s/.test(a) ? `"${a}"` : a)).join(' ');
  const change = formatChange(format, args.slice(at + 1), typed);
  shapesService(core).setFormat(programme, ref.key, change);
  const details = [change.location, change.meetingLink].filter(Boolean).map((d) => `, ${d}`).join('');
  return ephemeral(tr(locale, 'formatSet', { activity: activityLabel(core, programme, ref, locale), format: textsFor(locale).formats[format], details }));
}

/** What follows the format word: a place for physical, a link for virtual, a place and a link for hybrid. */
function formatChange(format: Format, rest: string[], activity: string): FormatChange {
  const formatWord = { physical: 'fysisk', virtual: 'virtuel', hybrid: 'hybrid' }[format];
  const needsLink = () => new UserError('format_needs_link', both('formatNeedsLink', { format: formatWord, formatEn: format, key: activity }));
  const place = (words: string[]) => {
    const text = words.join(' ').trim();
    if (text) checkLength(text, TEXT_LIMITS.place, LABELS.place);
    return text || undefined;
  };
  if (format === 'physical') {
    if (rest.some(looksLikeLink)) throw new UserError('format_no_link', both('formatNoLink'));
    const location = place(rest);
    return { format, meetingLink: null, ...(location ? { location } : {}) };
  }
  const last = rest.at(-1);
  if (!last) throw needsLink();
  if (format === 'virtual') {
    if (rest.length > 1 || !isMeetingLink(last)) throw new UserError('format_bad_link', both('formatBadLink', { link: rest.find((w) => !isMeetingLink(w)) ?? last }));
    return { format, meetingLink: last, location: null };
  }
  if (!isMeetingLink(last)) {
    if (looksLikeLink(last)) throw new UserError('format_bad_link', both('formatBadLink', { link: last }));
    throw needsLink();
  }
  const location = place(rest.slice(0, -1));
  return { format, meetingLink: last, ...(location ? { location } : {}) };
}

/** A link people can open safely from a reminder: https, with a host that has a dot (or localhost). */
export function isMeetingLink(text: string): boolean {
  if (!URL.canParse(text)) return false;
  const url = new URL(text);
  return url.protocol === 'https:' && (url.hostname.includes('.') || url.hostname === 'localhost');
}

function looksLikeLink(text: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(text) || /^www\./i.test(text) || /^[\w-]+(\.[\w-]+)+\/\S*/.test(text);
}

/** `sted temamoede-2 "Netværk Nord" "Kulturhuset, sal 2"`: the place alone, the format as it is. */
export function placeCommand(core: Core, args: string[], ctx: CommandContext, locale: Locale): CommandReply {
  const programme = currentProgramme(core, ctx);
  requireConsultant(core, programme, ctx);
  if (args.length < 2) throw new UserError('usage', both('usage', { usage: `${COMMAND} sted temamoede-2 "Kulturhuset, sal 2"` }));
  const place = args.at(-1)!.trim();
  checkLength(place, TEXT_LIMITS.place, LABELS.place);
  const ref = resolveActivity(core, programme, args.slice(0, -1), { verb: 'sted', rest: `"${place}"` });
  shapesService(core).setFormat(programme, ref.key, { location: place });
  return ephemeral(tr(locale, 'placeSet', { activity: activityLabel(core, programme, ref, locale), place }));
}

/** "Temamøde 2 (Netværk Nord)", "Kommunebesøg (Netværk Nord, Hjørring)", "Fælles seminar". */
function activityLabel(core: Core, programme: Programme, ref: ActivityRef, locale: Locale): string {
  const title = pick(ref.step.title, locale);
  if (!ref.groupId) return title;
  const service = shapesService(core);
  const group = service.groupsOf(programme).find((g) => g.id === ref.groupId);
  const unit = ref.unitId && group ? service.organisationsOf(programme, group).find((o) => o.id === ref.unitId) : undefined;
  const where = [group?.name, unit?.name].filter(Boolean).join(', ');
  return where ? `${title} (${where})` : title;
}
