import type { Locale } from '../domain/text.ts';
import { withUserTexts, type RichMessage } from '../messages/model.ts';
import { longDate } from '../timeline/time.ts';
import type { MeetingAction } from './repository.ts';
import { at } from './texts.ts';

/** The Færdig button's action id; its value is the action's id. */
export const ACTION_DONE = 'action.done';

/** What a message about an action needs besides the action. */
export interface ActionContext {
  programmeName: string;
  createdByName: string;
  locale: Locale;
}

function params(action: MeetingAction, locale: Locale): Record<string, string> {
  return { text: action.text, meeting: action.meetingTitle, meetingDate: longDate(action.meetingDate, locale), due: longDate(action.dueDate, locale) };
}

function withButton(action: MeetingAction, ctx: ActionContext, text: string): RichMessage {
  const { locale } = ctx;
  const message: RichMessage = {
    text,
    blocks: [
      { type: 'section', text },
      { type: 'actions', buttons: [{ actionId: ACTION_DONE, label: at(locale, 'doneButton'), value: action.id, style: 'primary' }] },
      { type: 'context', text: at(locale, 'context', { programme: ctx.programmeName, by: ctx.createdByName }) },
    ],
  };
  // The action's text and the meeting's name are what people typed: shown as written, not as formatting.
  return withUserTexts(message, [action.text, action.meetingTitle, ctx.programmeName, ctx.createdByName]);
}

/** The owner's direct message when the action is given: what, from which meeting, by when, and Færdig. */
export function assignedMessage(action: MeetingAction, ctx: ActionContext): RichMessage {
  return withButton(action, ctx, at(ctx.locale, 'assigned', params(action, ctx.locale)));
}

/** Reminder `index` (0: two working days before, 1: on the day), with the Færdig button again. */
export function reminderMessage(action: MeetingAction, ctx: ActionContext, index: number): RichMessage {
  return withButton(action, ctx, at(ctx.locale, index === 0 ? 'reminderBefore' : 'reminderToday', params(action, ctx.locale)));
}

/** What a sent message becomes once the action is done: no button, the day it was done. */
export function closedMessage(action: MeetingAction, locale: Locale, doneDate: string): RichMessage {
  const text = at(locale, 'closedNote', { ...params(action, locale), date: longDate(doneDate, locale) });
  return withUserTexts({ text, blocks: [{ type: 'section', text }] }, [action.text, action.meetingTitle]);
}

/** The meeting owner's question after the meeting. */
export function askMessage(input: { meeting: string; date: string; key: string; command: string; locale: Locale }): RichMessage {
  const text = at(input.locale, 'ask', { meeting: input.meeting, date: longDate(input.date, input.locale), key: input.key, command: input.command });
  return withUserTexts({ text, blocks: [{ type: 'section', text }] }, [input.meeting]);
}
