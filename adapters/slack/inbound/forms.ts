import type { Core } from '../../../src/app.ts';
import { ACTION_FORM, submitActionForm } from '../../../src/actions/form.ts';
import { PARTNERSHIP_FORM, submitPartnershipForm } from '../../../src/commands/handlers/partnership.ts';
import { CREATE_FORM, submitCreateForm } from '../../../src/commands/handlers/programme.ts';
import { isDateWord, normalizeDate } from '../../../src/commands/resolve.ts';
import { handleForm, userLocale } from '../../../src/commands/router.ts';
import type { CommandContext, CommandReply, FormSubmission } from '../../../src/commands/types.ts';
import { UserError } from '../../../src/domain/errors.ts';
import type { Locale } from '../../../src/domain/text.ts';
import { checkDate } from '../../../src/programmes/service.ts';
import { longDate } from '../../../src/timeline/time.ts';
import { inputBlockIds, type SubmittedView } from '../modal.ts';

/** What the core made of a submitted form: an answer, or a refusal with its reason in the user's language. */
export type FormOutcome = { reply: CommandReply } | { refusal: UserError; locale: Locale };

type Submit = (core: Core, submission: FormSubmission, ctx: CommandContext, locale: Locale) => CommandReply | Promise<CommandReply>;

/**
 * The core's form handlers, called directly rather than through handleForm: the router turns a
 * UserError into a plain ephemeral message, indistinguishable from success, and then the modal would
 * close and the input be lost. A form not listed here still goes through handleForm (its refusal is
 * then shown as a message, the modal closed).
 */
const SUBMITTERS: Record<string, Submit> = {
  [CREATE_FORM]: submitCreateForm,
  [PARTNERSHIP_FORM]: submitPartnershipForm,
  [ACTION_FORM]: submitActionForm,
};

/** Runs a submitted form through the core. Anything but a refusal is thrown, as from handleForm. */
export async function runForm(core: Core, submission: FormSubmission, ctx: CommandContext): Promise<FormOutcome> {
  const submit = SUBMITTERS[submission.formId];
  if (!submit) return { reply: await handleForm(core, submission, ctx) };
  const locale = userLocale(core, ctx);
  try {
    return { reply: await submit(core, submission, ctx, locale) };
  } catch (error) {
    if (error instanceof UserError) return { refusal: error, locale };
    throw error;
  }
}

/** Refusals that are about one named field of our forms (the block id is the core's field id). */
/** The core's refusals of a real date by its rules (range, past, day off): each begins with that date, written out. */
const DATE_RULES = new Set(['date_out_of_range', 'date_in_past', 'not_working_day']);

const FIELD_OF: Record<string, string> = {
  programme_exists: 'name',
  partnership_exists: 'name',
  unknown_template: 'template',
  // The action form (src/actions/form.ts).
  action_not_member: 'owner',
  action_text: 'text',
  action_text_length: 'text',
  action_date: 'due',
  action_not_meeting: 'meeting',
  action_meeting_cancelled: 'meeting',
  action_meeting_ahead: 'meeting',
};

/**
 * The refusal as Slack's per-block errors (`response_action: 'errors'`), so the modal stays open
 * with the user's input. The core does not say which field it refused; the code and the submitted
 * values tell us for the common cases, and anything else is shown on the first block — still in
 * the open modal, where the user can correct it or cancel. Empty only if the view has no inputs.
 */
export function blockErrors(view: SubmittedView, submission: FormSubmission, text: string, code: string): Record<string, string> {
  const blocks = inputBlockIds(view);
  const on = (ids: string[]): Record<string, string> => Object.fromEntries(ids.map((id) => [id, text]));
  const present = (id: string | undefined): id is string => !!id && blocks.some((b) => b.id === id);
  let fields: string[] = [];
  if (code === 'form_required') {
    // Slack refuses an empty required input itself, so what the core found empty is blank text.
    fields = blocks.filter((b) => b.required && isBlank(submission.values[b.id])).map((b) => b.id);
  } else if (code === 'invalid_date') {
    fields = blocks.filter((b) => isBadDate(submission.values[b.id])).map((b) => b.id);
  } else if (DATE_RULES.has(code)) {
    fields = blocks.filter((b) => isRefusedDate(submission.values[b.id], text)).map((b) => b.id);
  } else if (present(FIELD_OF[code])) {
    fields = [FIELD_OF[code]];
  }
  if (fields.length === 0 && blocks[0]) fields = [blocks[0].id];
  return on(fields);
}

function isBlank(value: string | string[] | undefined): boolean {
  return typeof value !== 'object' && !String(value ?? '').trim();
}

/** The field whose date the refusal names: its text begins with that date, written out in either language. */
function isRefusedDate(value: string | string[] | undefined, text: string): boolean {
  if (typeof value !== 'string' || !isDateWord(value.trim())) return false;
  try {
    const date = normalizeDate(value.trim());
    return text.startsWith(longDate(date, 'da')) || text.startsWith(longDate(date, 'en'));
  } catch {
    return false;
  }
}

/** The dates the core refuses, by the core's own check. */
function isBadDate(value: string | string[] | undefined): boolean {
  if (typeof value !== 'string' || !isDateWord(value.trim())) return false;
  try {
    checkDate(normalizeDate(value.trim()));
    return false;
  } catch {
    return true;
  }
}
