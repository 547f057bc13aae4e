import { UserError } from '../../domain/errors.ts';
import type { Programme } from '../../domain/entities.ts';
import type { Template } from '../../domain/template.ts';
import { pick, type Locale } from '../../domain/text.ts';
import type { Core } from '../../app.ts';
import { formatDateTime } from '../../messages/format.ts';
import type { RichMessage } from '../../messages/model.ts';
import type { ActivityOverride } from '../../timeline/plan.ts';
import { isDateWord, looksLikeTime, parseDate, parseTime, parseTimeWord } from '../dates.ts';
import { ephemeral } from '../reply.ts';
import { resolveOccurrence, splitFollowing } from '../occurrence-ref.ts';
import { activityKey } from '../../timeline/plan.ts';
import { both, currentProgramme, normalize, requireConsultant } from '../resolve.ts';
import { COMMAND, tr } from '../texts.ts';
import { workshopStep } from '../workshops.ts';
import type { ActionInput, CommandContext, CommandReply } from '../types.ts';
import { activityName, MOVE_CANCEL, movePreviewMessage, type MoveButtonValue } from './move-preview.ts';

export { MOVE_CANCEL, MOVE_CONFIRM } from './move-preview.ts';

/**
 * `workshop midtvejs 2027-03-08 09:00 Kulturhuset, sal 2`: a new date or time goes through the same
 * preview and confirm as `flyt`; a place alone (the date and time as they are) is set at once.
 */
export function workshopCommand(core: Core, args: string[], ctx: CommandContext, locale: Locale): CommandReply {
  const programme = currentProgramme(core, ctx);
  requireConsultant(core, programme, ctx);
  const move = parseWorkshop(args, core.programmes.templateOf(programme));
  const preview = core.programmes.previewMove(programme, move);
  if (preview.changes.length > 0) return ephemeralMessage(movePreviewMessage(core, programme, move, preview, locale));
  core.programmes.applyMove(programme, move);
  const activity = core.repos.activities.listForProgramme(programme.id).find((a) => a.stepKey === move.stepKey)!;
  const title = pick(core.programmes.templateOf(programme).steps.find((s) => s.key === move.stepKey)!.title, locale);
  const when = formatDateTime(activity.startsAt, programme.timezone, locale);
  return ephemeral(tr(locale, 'workshopSet', { workshop: title, when, where: move.location ? ` (${move.location})` : '' }));
}

function parseWorkshop(args: string[], template: Template): ActivityOverride {
  const [which, dateWord, ...rest] = args;
  if (!which || !dateWord) throw new UserError('usage', both('usage', { usage: `${COMMAND} workshop midtvejs 2027-03-08 09:00 Sted` }));
  const stepKey = workshopStep(normalize(which), template);
  if (!stepKey) throw new UserError('unknown_workshop', both('unknownWorkshop', { name: which }));
  const date = parseDate(dateWord);
  // "25:00 Sted" is a wrong time, not a place called "25:00 Sted".
  const time = rest[0] && (parseTime(rest[0]) ?? (looksLikeTime(rest[0]) ? parseTimeWord(rest[0]) : undefined));
  const location = (time ? rest.slice(1) : rest).join(' ').trim() || null;
  return { stepKey, partnershipId: null, date, ...(time ? { startTime: time } : {}), location };
}

/** `flyt <aktivitet> [partnerskab] <dato> [tid]`: shows what would change, with buttons to confirm. */
export function moveCommand(core: Core, args: string[], ctx: CommandContext, locale: Locale): CommandReply {
  const programme = currentProgramme(core, ctx);
  requireConsultant(core, programme, ctx);
  const { words, following } = splitFollowing(args);
  const move = parseMove(core, programme, words);
  const preview = core.programmes.previewMove(programme, move, following);
  if (preview.changes.length === 0) {
    const key = activityKey(move.stepKey, move.partnershipId, undefined, move.occurrence);
    const current = preview.plan.activities.find((a) => a.key === key) ?? preview.plan.activities.find((a) => a.stepKey === move.stepKey && a.partnershipId === move.partnershipId)!;
    const activity = activityName(core, programme, move, locale);
    return ephemeral(tr(locale, 'movePreviewNone', { activity, when: formatDateTime(current.startsAt, programme.timezone, locale) }));
  }
  return ephemeralMessage(movePreviewMessage(core, programme, move, preview, locale, following));
}

/**
 * `aflys <aktivitet> [dato] [og følgende]`: cancels one occurrence of a repeating step (named by its
 * date or `~n`), or it and every later one. Done at once: nothing moves; a cancelled occurrence is not moved
 * again (`flyt` refuses it, and `flyt … og følgende` leaves it where it is).
 */
export function cancelCommand(core: Core, args: string[], ctx: CommandContext, locale: Locale): CommandReply {
  const programme = currentProgramme(core, ctx);
  requireConsultant(core, programme, ctx);
  const { words, following } = splitFollowing(args);
  const usage = `${COMMAND} aflys kvartalsmøde 2027-04-06 ${locale === 'da' ? 'og følgende' : 'and following'}`;
  const dateIndex = words.findIndex(isDateWord);
  const named = dateIndex === -1 ? words : words.slice(0, dateIndex);
  if (named.length === 0) throw new UserError('usage', both('usage', { usage }));
  const date = dateIndex === -1 ? undefined : parseDate(words[dateIndex]!);
  const ref = resolveOccurrence(core, programme, named, date, { verb: 'aflys', rest: date ?? '' });
  if (!ref.step.repeat) throw new UserError('not_a_series', { da: '«aflys» gælder en gang af en aktivitet, der gentages.', en: '“cancel” applies to one occurrence of a repeating activity.' });
  if (ref.occurrence === undefined) throw new UserError('usage', both('usage', { usage }));
  const changes = core.programmes.cancelOccurrence(programme, { stepKey: ref.step.key, partnershipId: ref.groupId, occurrence: ref.occurrence }, following);
  return ephemeral(tr(locale, 'cancelledOccurrences', { count: changes.length }));
}

/**
 * `<aktivitet>` is whatever resolveActivity takes (a step and its group, or a plan key). A window
 * step's date is set the same way; a date outside its window the service refuses, naming the window.
 */
function parseMove(core: Core, programme: Programme, args: string[]): ActivityOverride {
  const usage = `${COMMAND} flyt nysgerrighed Havet 2027-01-20 10:00`;
  let dateIndex = args.findIndex(isDateWord);
  if (dateIndex < 1) throw new UserError('usage', both('usage', { usage }));
  // A series' occurrence is named by the date it has now, then the new one: `flyt kvartalsmøde 2027-04-06 2027-04-13`.
  const twoDates = args[dateIndex + 1] !== undefined && isDateWord(args[dateIndex + 1]!);
  const current = twoDates ? parseDate(args[dateIndex]!) : undefined;
  const ref = resolveOccurrence(core, programme, args.slice(0, dateIndex), current, { verb: 'flyt', rest: args[dateIndex]! });
  if (twoDates) dateIndex += 1;
  const time = args[dateIndex + 1] ? parseTimeWord(args[dateIndex + 1]!) : undefined;
  return {
    stepKey: ref.step.key,
    partnershipId: ref.groupId,
    ...(ref.occurrence === undefined ? {} : { occurrence: ref.occurrence }),
    date: parseDate(args[dateIndex]!),
    ...(time ? { startTime: time } : {}),
  };
}

/**
 * The confirm button: permission is checked again, and the move is made only on the plan it was
 * previewed on; a second click, or a click after another change, says so and changes nothing.
 */
export function confirmMove(core: Core, action: ActionInput, ctx: CommandContext, locale: Locale): CommandReply {
  if (action.actionId === MOVE_CANCEL) return ephemeral(tr(locale, 'moveCancelled'));
  const { p, v, f, ...move } = JSON.parse(action.value) as MoveButtonValue;
  const programme = core.repos.programmes.get(p);
  if (!programme || programme.workspaceId !== ctx.workspaceId || programme.platform !== ctx.platform) {
    throw new UserError('no_programme', both('noProgramme'));
  }
  requireConsultant(core, programme, ctx);
  if (v !== core.programmes.planVersion(programme)) {
    return ephemeral(tr(locale, alreadyMade(core, programme, move) ? 'moveAlreadyMade' : 'moveOutdated', { command: COMMAND }));
  }
  const changes = core.programmes.applyMove(programme, move, f === 1);
  return ephemeral(tr(locale, 'moved', { count: changes.length }));
}

/** Whether the plan already holds this move (the same date, and the time if one was given). */
function alreadyMade(core: Core, programme: Programme, move: ActivityOverride): boolean {
  return core.repos.activities
    .overrides(programme.id)
    .some((o) => o.stepKey === move.stepKey && o.partnershipId === move.partnershipId && o.occurrence === move.occurrence && o.date === move.date && (!move.startTime || o.startTime === move.startTime));
}

function ephemeralMessage(message: RichMessage): CommandReply {
  return { type: 'message', visibility: 'ephemeral', message };
}
