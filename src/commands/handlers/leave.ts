import type { Programme } from '../../domain/entities.ts';
import { UserError } from '../../domain/errors.ts';
import { pick, type Locale } from '../../domain/text.ts';
import type { Core } from '../../app.ts';
import type { Block, RichMessage } from '../../messages/model.ts';
import { leave, previewLeave, type LeaveSummary } from '../../programmes/leave.ts';
import type { MemberWithDm } from '../../store/programmes.ts';
import { longDate } from '../../timeline/time.ts';
import { findGroup } from '../groups.ts';
import { lt, ltBoth, listWords } from '../leave-texts.ts';
import { ephemeral } from '../reply.ts';
import { both, currentProgramme, normalize, requireConsultant } from '../resolve.ts';
import { shapesService } from '../shapes-port.ts';
import { COMMAND } from '../texts.ts';
import type { ActionInput, CommandContext, CommandReply } from '../types.ts';

export const LEAVE_CONFIRM = 'leave.confirm';
export const LEAVE_CANCEL = 'leave.cancel';

/** What the confirm button carries: the programme, the memberships that end, and the person's name. */
interface LeaveButtonValue {
  p: string;
  m: string[];
  n: string;
}

const MENTION = /^<@([A-Za-z0-9._:-]+)(?:\|([^>]*))?>$/;
const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

/**
 * `fjern @anna ["Havet"]`: the person leaves the group named, or without one every group and the
 * programme. Nothing changes before the consultant confirms the preview (as `flyt`).
 */
export async function removeCommand(core: Core, args: string[], ctx: CommandContext, locale: Locale): Promise<CommandReply> {
  const programme = currentProgramme(core, ctx);
  requireConsultant(core, programme, ctx);
  const [who, ...groupWords] = args;
  if (!who) throw new UserError('usage', both('usage', { usage: `${COMMAND} fjern @anna "Havet"` }));
  const all = inGroupOrder(core, await personIn(core, programme, ctx, who));
  if (all.some((m) => m.userRef && m.userRef === ctx.userRef)) throw new UserError('leave_yourself', ltBoth('notYourself'));
  const name = all[0]!.displayName;
  let members = all;
  if (groupWords.length > 0) {
    const group = findGroup(core, programme, groupWords.join(' '));
    members = all.filter((m) => m.partnershipId === group.id);
    if (members.length === 0) {
      const groups = listWords(groupNames(core, programme, all, 'da'), 'da');
      throw new UserError('leave_not_in_group', { da: lt('da', 'notInGroup', { who: name, group: group.name, groups }), en: lt('en', 'notInGroup', { who: name, group: group.name, groups: listWords(groupNames(core, programme, all, 'en'), 'en') }) });
    }
  }
  const summary = previewLeave(core, programme, members);
  return { type: 'message', visibility: 'ephemeral', message: previewMessage(core, programme, name, members, summary, locale) };
}

/** The confirm button: permission checked again; memberships already gone are not counted twice. */
export function confirmLeave(core: Core, action: ActionInput, ctx: CommandContext, locale: Locale): CommandReply {
  if (action.actionId === LEAVE_CANCEL) return ephemeral(lt(locale, 'cancelled'));
  const { p, m, n } = JSON.parse(action.value) as LeaveButtonValue;
  const programme = core.repos.programmes.get(p);
  if (!programme || programme.workspaceId !== ctx.workspaceId || programme.platform !== ctx.platform) {
    throw new UserError('no_programme', both('noProgramme'));
  }
  requireConsultant(core, programme, ctx);
  const members = m.map((id) => core.repos.members.get(id)).filter((x): x is MemberWithDm => !!x);
  if (members.length === 0) return ephemeral(lt(locale, 'alreadyGone', { who: n }));
  const groups = listWords(groupNames(core, programme, members, locale), locale);
  const outcome = leave(core, programme, members.map((x) => x.id));
  const lines = [lt(locale, 'removed', { who: n, groups })];
  if (outcome.ownerless.length > 0) lines.push(lt(locale, 'removedOwnerless', { count: outcome.ownerless.length, command: COMMAND }));
  if (outcome.withdrawnPrompts > 0) lines.push(lt(locale, 'removedPrompts', { count: outcome.withdrawnPrompts }));
  if (outcome.withdrawnMessages > 0) lines.push(lt(locale, 'removedMessages', { count: outcome.withdrawnMessages, who: n }));
  if (outcome.channels === 'removed') lines.push(lt(locale, 'channelsKicked', { who: n }));
  if (outcome.channels === 'yours') lines.push(lt(locale, 'channelsYours', { platform: platformName(programme.platform, locale) }));
  return ephemeral(lines.join('\n'));
}

/**
 * Every membership of the person named in the programme: a mention, an e-mail address (also looked up
 * on the platform, as `medlem` does), or a name ("@anna", "Anna Jensen"; a first name if only one has it).
 */
async function personIn(core: Core, programme: Programme, ctx: CommandContext, word: string): Promise<MemberWithDm[]> {
  const members = core.repos.members.listForProgramme(programme.id);
  const mention = MENTION.exec(word);
  const refuse = (who: string) => new UserError('leave_unknown_person', ltBoth('unknownPerson', { who, programme: programme.name }));
  if (mention) {
    const found = members.filter((m) => m.userRef === mention[1]);
    if (found.length === 0) throw refuse(mention[2] || mention[1]!);
    return found;
  }
  if (EMAIL.test(word)) {
    const email = word.toLowerCase();
    const platform = core.platforms.get(ctx.platform);
    const user = platform?.lookupUserByEmail ? await platform.lookupUserByEmail({ workspaceId: ctx.workspaceId, email }).catch(() => null) : null;
    const found = members.filter((m) => m.email?.toLowerCase() === email || (!!user && m.userRef === user.userRef));
    if (found.length === 0) throw refuse(word);
    return found;
  }
  const wanted = normalize(word.replace(/^@/, ''));
  if (!wanted) throw refuse(word);
  const exact = members.filter((m) => normalize(m.displayName) === wanted);
  const found = exact.length > 0 ? exact : members.filter((m) => normalize(m.displayName.split(/\s+/)[0] ?? '') === wanted);
  if (found.length === 0) throw refuse(word);
  // Two different people called Anna: ask for the mention rather than guess.
  if (new Set(found.map((m) => m.userRef ?? m.email ?? m.id)).size > 1) {
    throw new UserError('leave_ambiguous', ltBoth('ambiguous', { who: word, programme: programme.name }));
  }
  return found;
}

/** The programme's own membership first, then the groups in the order they were added (as `plan` lists them). */
function inGroupOrder(core: Core, members: MemberWithDm[]): MemberWithDm[] {
  const position = (m: MemberWithDm) => (m.partnershipId ? (core.repos.partnerships.get(m.partnershipId)?.position ?? 0) + 1 : 0);
  return [...members].sort((a, b) => position(a) - position(b));
}

/** The groups of these memberships by name; a membership of the programme itself by its role. */
function groupNames(core: Core, programme: Programme, members: MemberWithDm[], locale: Locale): string[] {
  const roles = shapesService(core).templateOf(programme).roles;
  return members.map((m) => {
    if (m.partnershipId) return core.repos.partnerships.get(m.partnershipId)?.name ?? '–';
    const role = roles.find((r) => r.role === m.role);
    return lt(locale, 'programmeItself', { role: role ? pick(role.title, locale).toLowerCase() : m.role });
  });
}

function previewMessage(core: Core, programme: Programme, who: string, members: MemberWithDm[], summary: LeaveSummary, locale: Locale): RichMessage {
  const title = lt(locale, 'previewTitle', { who, programme: programme.name });
  const blocks: Block[] = [
    { type: 'header', text: title },
    { type: 'section', text: lt(locale, 'previewMemberships', { list: groupNames(core, programme, members, locale).map((g) => `• ${g}`).join('\n') }) },
  ];
  if (summary.ownerless.length > 0) {
    const list = summary.ownerless.map((a) => lt(locale, 'actionLine', { text: a.text, due: longDate(a.dueDate, locale) })).join('\n');
    blocks.push({ type: 'section', text: lt(locale, 'previewOwnerless', { count: summary.ownerless.length, list }) });
  }
  if (summary.withdrawnPrompts > 0) blocks.push({ type: 'section', text: lt(locale, 'previewPrompts', { count: summary.withdrawnPrompts }) });
  blocks.push({ type: 'context', text: lt(locale, 'previewKept', { who }) });
  const value: LeaveButtonValue = { p: programme.id, m: members.map((m) => m.id), n: who };
  blocks.push({
    type: 'actions',
    buttons: [
      { actionId: LEAVE_CONFIRM, label: lt(locale, 'confirm'), value: JSON.stringify(value), style: 'danger' },
      { actionId: LEAVE_CANCEL, label: lt(locale, 'cancel'), value: '' },
    ],
  });
  return { text: title, blocks };
}

function platformName(platform: string, locale: Locale): string {
  if (platform === 'local') return locale === 'da' ? 'det lokale arbejdsrum' : 'the local workspace';
  return platform === 'slack' ? 'Slack' : platform === 'teams' ? 'Teams' : platform;
}
