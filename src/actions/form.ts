import type { Core } from '../app.ts';
import { parseDate } from '../commands/dates.ts';
import { ephemeral } from '../commands/reply.ts';
import { currentProgramme } from '../commands/resolve.ts';
import { COMMAND } from '../commands/texts.ts';
import type { ActionInput, CommandContext, CommandReply, FormSpec, FormSubmission } from '../commands/types.ts';
import type { Programme } from '../domain/entities.ts';
import { UserError } from '../domain/errors.ts';
import type { Locale } from '../domain/text.ts';
import { checkActivityDate } from '../programmes/date-rules.ts';
import type { StoredActivity } from '../store/activities.ts';
import type { MemberWithDm } from '../store/programmes.ts';
import { longDate } from '../timeline/time.ts';
import { ACTION_TEXT_MAX, heldByGroup, mayGiveActions, ownerIn, requireAllowed, requireHeld } from './rules.ts';
import { inLocale, isMeeting, meetingTitle, recordAction } from './service.ts';
import { at, atBoth } from './texts.ts';

/** The form for one action (issue 14, item 3: "and a form"): a Slack modal, a Teams card, a local form. */
export const ACTION_FORM = 'action.add';

/** Slack's static menus hold at most 100 options; the newest meetings and the first people are kept. */
const MAX_OPTIONS = 100;

/** `handling` without words: the form, for the consultant or someone asked for a meeting's actions. */
export function actionFormCommand(core: Core, ctx: CommandContext, locale: Locale): CommandReply {
  const programme = currentProgramme(core, ctx);
  const meetings = meetingsFor(core, programme, ctx);
  if (!mayGiveActions(core, programme, ctx)) throw new UserError('action_not_allowed', atBoth('notAllowed'));
  if (meetings.length === 0) throw new UserError('action_no_meeting', atBoth('formNoMeeting', { programme: programme.name }));
  return formReply(core, programme, meetings, undefined, locale);
}

/** The button "Giv en handling" on the question after a meeting: the form with that meeting chosen. */
export function actionFormButton(core: Core, input: ActionInput, ctx: CommandContext, locale: Locale): CommandReply {
  const meeting = core.repos.activities.get(input.value);
  const programme = meeting && core.repos.programmes.get(meeting.programmeId);
  if (!meeting || !programme || programme.platform !== ctx.platform || programme.workspaceId !== ctx.workspaceId) {
    return ephemeral(at(locale, 'unknownMeeting'));
  }
  requireAllowed(core, programme, meeting, ctx);
  return formReply(core, programme, meetingsFor(core, programme, ctx), meeting, locale);
}

function formReply(core: Core, programme: Programme, meetings: StoredActivity[], chosen: StoredActivity | undefined, locale: Locale): CommandReply {
  const template = core.templates.ofProgramme(programme);
  const meetingOptions = (chosen && !meetings.some((m) => m.id === chosen.id) ? [chosen, ...meetings] : meetings)
    .slice(0, MAX_OPTIONS)
    .map((m) => ({ value: m.id, label: `${meetingTitle(core, template, m, locale)}, ${m.localDate}` }));
  const form: FormSpec = {
    formId: ACTION_FORM,
    title: at(locale, 'formTitle'),
    submitLabel: at(locale, 'formSubmit'),
    state: programme.id,
    fields: [
      { id: 'owner', label: at(locale, 'formOwner'), kind: 'select', required: true, options: ownerOptions(core, programme, chosen) },
      { id: 'text', label: at(locale, 'formText'), kind: 'text', required: true, maxLength: ACTION_TEXT_MAX, hint: at(locale, 'formTextHint') },
      { id: 'due', label: at(locale, 'formDue'), kind: 'date', required: true },
      { id: 'meeting', label: at(locale, 'formMeeting'), kind: 'select', required: true, options: meetingOptions, initial: (chosen ?? meetings[0])?.id },
    ],
  };
  const fallback = ephemeral(at(locale, 'usage', { command: COMMAND })).message;
  return { type: 'form', form, fallback };
}

/**
 * Who can own the action: the people of the meeting's group and those of the whole programme when a
 * meeting is chosen, else everyone in the programme; each person once, by their row in that group.
 */
function ownerOptions(core: Core, programme: Programme, meeting: StoredActivity | undefined): { value: string; label: string }[] {
  const groups = new Map(core.repos.partnerships.listForProgramme(programme.id).map((g) => [g.id, g.name]));
  const members = core.repos.members
    .listForProgramme(programme.id)
    .filter((m) => !meeting?.partnershipId || m.partnershipId === meeting.partnershipId || m.partnershipId === null);
  const people = new Map<string, MemberWithDm>();
  for (const m of members) {
    const person = m.userRef ?? m.email ?? m.id;
    if (!people.has(person)) people.set(person, m);
  }
  return [...people.values()].slice(0, MAX_OPTIONS).map((m) => {
    const group = m.partnershipId ? groups.get(m.partnershipId) : undefined;
    return { value: m.id, label: group ? `${m.displayName} (${group})` : m.displayName };
  });
}

/** The held meetings this person may give actions for, newest first: all for the consultant, else those they were asked about. */
function meetingsFor(core: Core, programme: Programme, ctx: CommandContext): StoredActivity[] {
  const now = core.clock.now().toISOString();
  const consultant = core.repos.members.hasRole(programme.id, ctx.userRef, 'consultant');
  const asked = new Set(
    core.db
      .prepare(`SELECT k.activity_id FROM action_asks k JOIN members m ON m.id = k.member_id WHERE k.programme_id = ? AND k.status = 'asked' AND m.user_ref = ?`)
      .pluck()
      .all(programme.id, ctx.userRef) as string[],
  );
  return core.repos.activities
    .listForProgramme(programme.id)
    .filter((a) => isMeeting(a) && heldByGroup(core, programme, a, now) && (consultant || asked.has(a.id)))
    .sort((a, b) => b.endsAt.localeCompare(a.endsAt));
}

/**
 * A submitted form. Checked in the order of the form, the first problem refused in the user's words
 * and nothing stored: an empty text, a date that does not exist or is not a working day ahead, a person
 * who is no longer in the programme (the form was open while they left), a meeting not held.
 */
export function submitActionForm(core: Core, submission: FormSubmission, ctx: CommandContext, locale: Locale): CommandReply {
  const programme = core.repos.programmes.get(submission.state);
  if (!programme || programme.platform !== ctx.platform || programme.workspaceId !== ctx.workspaceId) {
    throw new UserError('no_programme', atBoth('formNoProgramme'));
  }
  const value = (id: string): string => {
    const raw = submission.values[id];
    return (Array.isArray(raw) ? (raw[0] ?? '') : (raw ?? '')).trim();
  };
  const owner = core.repos.members.get(value('owner'));
  if (!owner || owner.programmeId !== programme.id) throw new UserError('action_not_member', atBoth('formNotMember', { programme: programme.name }));
  const text = value('text');
  if (!text) throw new UserError('action_text', atBoth('formNoText'));
  if (text.length > ACTION_TEXT_MAX) throw new UserError('action_text_length', atBoth('formTooLong', { max: ACTION_TEXT_MAX }));
  if (!value('due')) throw new UserError('action_date', atBoth('noDate'));
  const dueDate = parseDate(value('due'));
  const now = core.clock.now();
  checkActivityDate(programme, dueDate, now);
  const meeting = core.repos.activities.get(value('meeting'));
  if (!meeting || meeting.programmeId !== programme.id || !isMeeting(meeting)) throw new UserError('action_not_meeting', atBoth('unknownMeeting'));
  requireHeld(core, programme, meeting, now);
  requireAllowed(core, programme, meeting, ctx);
  // The owner's row in the meeting's group, when they are in it under another row too.
  const rows = core.repos.members.listForProgramme(programme.id).filter((m) => (owner.userRef ? m.userRef === owner.userRef : m.id === owner.id));
  const chosen = ownerIn(rows.length > 0 ? rows : [owner], meeting);
  const action = recordAction(core, { programme, meeting, owner: chosen, text, dueDate, createdByName: ctx.userName });
  return ephemeral(at(locale, 'recorded', { text, owner: chosen.displayName, due: longDate(dueDate, locale), meeting: inLocale(core, programme, action, locale).meetingTitle }));
}
