import type { Core } from '../app.ts';
import { resolveOccurrence } from '../commands/occurrence-ref.ts';
import { findGroup } from '../commands/groups.ts';
import { LABELS, lengthProblem } from '../commands/limits.ts';
import { ephemeral } from '../commands/reply.ts';
import { currentProgramme, normalize } from '../commands/resolve.ts';
import { isDateWord, parseDate } from '../commands/dates.ts';
import { COMMAND } from '../commands/texts.ts';
import type { ActionInput, CommandContext, CommandReply } from '../commands/types.ts';
import type { Programme } from '../domain/entities.ts';
import { UserError } from '../domain/errors.ts';
import type { Locale } from '../domain/text.ts';
import { checkActivityDate } from '../programmes/date-rules.ts';
import { endedBeforeGroup } from '../programmes/group-added.ts';
import type { StoredActivity } from '../store/activities.ts';
import type { MemberWithDm } from '../store/programmes.ts';
import { seriesKeyOf } from '../timeline/recurrence.ts';
import { longDate } from '../timeline/time.ts';
import { localDate } from '../evaluations/timing.ts';
import { actionsList } from './list.ts';
import { actionRepository, closeAction, inLocale, isMeeting, recordAction } from './service.ts';
import { actionFormCommand } from './form.ts';
import { ACTION_TEXT_MAX, heldByGroup, ownerIn, requireAllowed, requireHeld } from './rules.ts';
import { at, atBoth } from './texts.ts';

const MENTION = /^<@([A-Za-z0-9._:-]+)(?:\|([^>]*))?>$/;
const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

/** `handling @anna "Send udkast til skolerne" 2027-02-01 [møde]`; no words: the form. */
export function actionCommand(core: Core, args: string[], ctx: CommandContext, locale: Locale): CommandReply {
  if (args.length === 0) return actionFormCommand(core, ctx, locale);
  const programme = currentProgramme(core, ctx);
  return addAction(core, programme, args, ctx, locale, null);
}

/**
 * Parses and records one action. `askedMeeting`: the meeting a reply to the bot's question is about,
 * used when no meeting is named.
 */
export function addAction(core: Core, programme: Programme, args: string[], ctx: CommandContext, locale: Locale, askedMeeting: StoredActivity | null): CommandReply {
  const [ownerWord, text, dueWord, ...meetingWords] = args;
  if (!ownerWord) throw new UserError('action_usage', atBoth('usage', { command: COMMAND }));
  const candidates = ownerCandidates(core, programme, ownerWord);
  if (!text || isDateWord(text)) throw new UserError('action_text', atBoth('noText'));
  const tooLong = lengthProblem(text, ACTION_TEXT_MAX, LABELS.answer);
  if (tooLong) throw new UserError('action_text_length', tooLong);
  if (!dueWord || !isDateWord(dueWord)) throw new UserError('action_date', atBoth('noDate'));
  const dueDate = parseDate(dueWord);
  const now = core.clock.now();
  checkActivityDate(programme, dueDate, now);
  const meeting = meetingWords.length > 0
    ? namedMeeting(core, programme, meetingWords, now)
    : (askedMeeting ?? latestMeeting(core, programme, candidates, now));
  const owner = ownerIn(candidates, meeting);
  requireAllowed(core, programme, meeting, ctx);
  const action = recordAction(core, { programme, meeting, owner, text, dueDate, createdByName: ctx.userName });
  return ephemeral(at(locale, 'recorded', { text, owner: owner.displayName, due: longDate(dueDate, locale), meeting: inLocale(core, programme, action, locale).meetingTitle }));
}

/** The member rows (one per group) of the person named: a mention, an e-mail, or @name. */
function ownerCandidates(core: Core, programme: Programme, word: string): MemberWithDm[] {
  const members = core.repos.members.listForProgramme(programme.id);
  const mention = MENTION.exec(word);
  let found: MemberWithDm[];
  if (mention) found = members.filter((m) => m.userRef === mention[1]);
  else if (EMAIL.test(word)) found = members.filter((m) => m.email === word.toLowerCase());
  else if (word.startsWith('@') && word.length > 1) {
    const wanted = normalize(word.slice(1));
    const exact = members.filter((m) => normalize(m.displayName) === wanted);
    const first = members.filter((m) => normalize(m.displayName.split(/\s+/)[0] ?? '') === wanted);
    found = exact.length > 0 ? exact : first;
    // Two different people called Anna: ask for the mention rather than guess.
    if (new Set(found.map((m) => m.userRef ?? m.email ?? m.id)).size > 1) found = [];
  } else throw new UserError('action_owner', atBoth('noOwner'));
  if (found.length === 0) {
    const who = mention ? (mention[2] || mention[1]!) : word;
    throw new UserError('action_not_member', atBoth('notMember', { who, programme: programme.name }));
  }
  return found;
}

function namedMeeting(core: Core, programme: Programme, words: string[], now: Date): StoredActivity {
  // A series' occurrence is named by its number (`kvartalsmoede~2`) or its date (`kvartalsmøde 2027-04-06`).
  const dateAt = words.findIndex(isDateWord);
  const date = dateAt >= 0 ? parseDate(words[dateAt]!) : undefined;
  const rest = words.filter((_, i) => i !== dateAt);
  const ref = resolveOccurrence(core, programme, rest, date, { verb: 'handling', rest: '' });
  const name = words.join(' ');
  const iso = now.toISOString();
  const activities = core.repos.activities.listForProgramme(programme.id);
  const activity = !ref.step.repeat
    ? activities.find((a) => a.planKey === ref.key)
    : ref.occurrence !== undefined
      ? activities.find((a) => a.planKey === `${ref.key}~${ref.occurrence}`)
      // A series named without which time: its latest held occurrence.
      : activities.filter((a) => seriesKeyOf(a.planKey) === ref.key && heldByGroup(core, programme, a, iso)).sort((a, b) => b.endsAt.localeCompare(a.endsAt))[0];
  if (!activity && ref.step.repeat && ref.occurrence === undefined) throw new UserError('action_meeting_ahead', atBoth('seriesNotHeld', { name }));
  if (!activity || !isMeeting(activity)) throw new UserError('action_not_meeting', atBoth('notMeeting', { name }));
  requireHeld(core, programme, activity, now);
  return activity;
}

/** The latest meeting held in one of the owner's groups, or for the whole programme (which they attend too). */
function latestMeeting(core: Core, programme: Programme, candidates: MemberWithDm[], now: Date): StoredActivity {
  const groups = new Set(candidates.map((m) => m.partnershipId));
  const iso = now.toISOString();
  const held = core.repos.activities
    .listForProgramme(programme.id)
    // A cancelled occurrence was never held, nor was one before the group joined.
    // A meeting of the whole programme counts once one of the owner's groups had joined it.
    .filter((a) => isMeeting(a) && heldByGroup(core, programme, a, iso) && (a.partnershipId === null ? [...groups].some((g) => g === null || !endedBeforeGroup(core.db, g, a.endsAt, programme.createdAt)) : groups.has(a.partnershipId)))
    .sort((a, b) => b.endsAt.localeCompare(a.endsAt));
  if (held[0]) return held[0];
  throw new UserError('action_no_meeting', atBoth('noMeeting', { owner: candidates[0]!.displayName, command: COMMAND }));
}

/** `handlinger [gruppe | mine]`. */
export function actionsCommand(core: Core, args: string[], ctx: CommandContext, locale: Locale): CommandReply {
  const programme = currentProgramme(core, ctx);
  const consultant = core.repos.members.hasRole(programme.id, ctx.userRef, 'consultant');
  const word = normalize(args.join(' '));
  if (!consultant || word === 'mine') return actionsList(core, programme, { mine: ctx.userRef }, locale);
  const group = args.length > 0 ? findGroup(core, programme, args.join(' ')) : undefined;
  return actionsList(core, programme, { groupId: group?.id }, locale);
}

/** Færdig: only the owner closes their action, once. */
export function doneButton(core: Core, input: ActionInput, ctx: CommandContext, locale: Locale): CommandReply {
  const action = actionRepository(core).get(input.value);
  const programme = action && core.repos.programmes.get(action.programmeId);
  if (!action || !programme || programme.platform !== ctx.platform || programme.workspaceId !== ctx.workspaceId) return ephemeral(at(locale, 'unknownAction'));
  const owner = action.ownerMemberId ? core.repos.members.get(action.ownerMemberId) : undefined;
  const params = { text: action.text, owner: action.ownerName };
  if (!owner) return ephemeral(at(locale, 'ownerless', params));
  if (owner.userRef !== ctx.userRef) return ephemeral(at(locale, 'notYours', params));
  if (action.status === 'done' || !closeAction(core, programme, action, owner)) {
    const doneAt = actionRepository(core).get(action.id)?.doneAt ?? core.clock.now().toISOString();
    return ephemeral(at(locale, 'alreadyDone', { ...params, date: longDate(localDate(new Date(doneAt), programme.timezone), locale) }));
  }
  return ephemeral(at(locale, 'doneThanks', params));
}
