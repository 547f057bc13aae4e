import type { Core } from '../app.ts';
import type { CommandReply } from '../commands/types.ts';
import type { Programme } from '../domain/entities.ts';
import type { Locale } from '../domain/text.ts';
import { withUserTexts, type Block } from '../messages/model.ts';
import { longDate } from '../timeline/time.ts';
import { localDate } from '../evaluations/timing.ts';
import type { MeetingAction } from './repository.ts';
import { actionRepository, inLocale } from './service.ts';
import { at } from './texts.ts';

/**
 * Open actions, per group. Overdue ones are marked; an action whose owner has left the programme is
 * shown "uden ejer", so the consultant can give it to someone else.
 */
export function actionsList(core: Core, programme: Programme, filter: { mine?: string; groupId?: string | undefined }, locale: Locale): CommandReply {
  const today = localDate(core.clock.now(), programme.timezone);
  const members = new Map(core.repos.members.listForProgramme(programme.id).map((m) => [m.id, m]));
  let open = actionRepository(core).openForProgramme(programme.id).map((a) => inLocale(core, programme, a, locale));
  if (filter.mine) open = open.filter((a) => a.ownerMemberId && members.get(a.ownerMemberId)?.userRef === filter.mine);
  if (filter.groupId) open = open.filter((a) => a.partnershipId === filter.groupId);
  const title = filter.mine ? at(locale, 'listMine') : at(locale, 'listHeader', { programme: programme.name });
  const blocks: Block[] = [{ type: 'header', text: title }];
  if (open.length === 0) blocks.push({ type: 'section', text: at(locale, 'listEmpty') });
  const groups = core.repos.partnerships.listForProgramme(programme.id);
  const order = [...groups.map((g) => g.id), null];
  for (const groupId of order) {
    const mine = open.filter((a) => a.partnershipId === groupId);
    if (mine.length === 0) continue;
    const name = groupId === null ? at(locale, 'wholeProgramme') : groups.find((g) => g.id === groupId)!.name;
    blocks.push({ type: 'section', text: `*${name}*\n${mine.map((a) => line(a, today, locale)).join('\n')}` });
  }
  const text = blocks.map((b) => ('text' in b ? b.text : '')).join('\n');
  const typed = [programme.name, ...groups.map((g) => g.name), ...open.flatMap((a) => [a.text, a.meetingTitle, a.ownerName])];
  return { type: 'message', visibility: 'ephemeral', message: withUserTexts({ text, blocks }, typed) };
}

function line(action: MeetingAction, today: string, locale: Locale): string {
  const flags = [action.dueDate < today ? at(locale, 'overdue') : null].filter(Boolean);
  const owner = action.ownerMemberId ? action.ownerName : `${at(locale, 'noOwnerLabel')} (${action.ownerName})`;
  return at(locale, 'listLine', {
    text: action.text,
    owner,
    due: longDate(action.dueDate, locale),
    flags: flags.length > 0 ? ` – *${flags.join(', ')}*` : '',
    meeting: action.meetingTitle,
  });
}
