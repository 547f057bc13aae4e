import { distance } from 'fastest-levenshtein';
import { UserError } from '../domain/errors.ts';
import type { Locale } from '../domain/text.ts';
import type { Core } from '../app.ts';
import { getUserLocale } from '../store/user-settings.ts';
import { helpMessage } from './handlers/help.ts';
import { partnershipCommand, PARTNERSHIP_FORM, submitPartnershipForm } from './handlers/partnership.ts';
import { swapCommand } from './handlers/pairings.ts';
import { formatCommand, groupCommand, groupMemberCommand, organisationCommand, placeCommand } from './handlers/shapes.ts';
import { createCommand, CREATE_FORM, submitCreateForm } from './handlers/programme.ts';
import { cancelCommand, confirmMove, moveCommand, MOVE_CANCEL, MOVE_CONFIRM, workshopCommand } from './handlers/schedule.ts';
import { templateCommand, templatesCommand } from './handlers/templates.ts';
import { confirmLeave, LEAVE_CANCEL, LEAVE_CONFIRM, removeCommand } from './handlers/leave.ts';
import { languageCommand, planCommand, statusCommand } from './handlers/views.ts';
import { programmesCommand } from './handlers/programme-choice.ts';
import { EVALUATION_ACTIONS } from '../evaluations/actions.ts';
import { exportCommand, resultsCommand } from '../evaluations/commands.ts';
import { actionCommand, actionsCommand, doneButton } from '../actions/commands.ts';
import { ACTION_DONE, ACTION_FORM_OPEN } from '../actions/messages.ts';
import { ACTION_FORM, actionFormButton, submitActionForm } from '../actions/form.ts';
import { countCommand, type CommandOutcome } from '../ops/commands.ts';
import { checkLength, LABELS, TEXT_LIMITS } from './limits.ts';
import { stripMarks, withRepeatedTexts } from '../messages/model.ts';
import { formattedUserTexts } from '../store/user-texts.ts';
import { ephemeral } from './reply.ts';
import { normalize } from './resolve.ts';
import { tokenize } from './tokenize.ts';
import { COMMAND, tr } from './texts.ts';
import type { ActionInput, CommandContext, CommandReply, FormSubmission, InboundMessage } from './types.ts';

type Handler = (core: Core, args: string[], ctx: CommandContext, locale: Locale) => CommandReply | Promise<CommandReply>;

/** Danish subcommands first (what we show), English aliases after. */
export const SUBCOMMANDS: { names: string[]; run: Handler }[] = [
  { names: ['hjælp', 'help'], run: (core, _a, _c, locale) => help(core, locale) },
  { names: ['opret', 'create'], run: createCommand },
  { names: ['workshop'], run: workshopCommand },
  { names: ['partnerskab', 'partnership'], run: partnershipCommand },
  { names: ['gruppe', 'group'], run: groupCommand },
  { names: ['organisation', 'organization'], run: organisationCommand },
  { names: ['medlem', 'member'], run: groupMemberCommand },
  { names: ['fjern', 'remove'], run: removeCommand },
  { names: ['plan'], run: planCommand },
  { names: ['flyt', 'move'], run: moveCommand },
  { names: ['aflys', 'cancel'], run: cancelCommand },
  { names: ['format'], run: formatCommand },
  { names: ['sted', 'place'], run: placeCommand },
  { names: ['byt', 'swap'], run: swapCommand },
  { names: ['status'], run: statusCommand },
  { names: ['forløb', 'programmes'], run: programmesCommand },
  { names: ['skabeloner', 'templates'], run: templatesCommand },
  { names: ['skabelon', 'template'], run: templateCommand },
  { names: ['sprog', 'language'], run: (core, args, ctx) => languageCommand(core, args, ctx) },
  { names: ['resultater', 'results'], run: resultsCommand },
  { names: ['eksport', 'export'], run: exportCommand },
  { names: ['handling', 'action'], run: actionCommand },
  { names: ['handlinger', 'actions'], run: actionsCommand },
];

const ACTIONS: Record<string, (core: Core, action: ActionInput, ctx: CommandContext, locale: Locale) => CommandReply> = {
  [MOVE_CONFIRM]: confirmMove,
  [MOVE_CANCEL]: confirmMove,
  [LEAVE_CONFIRM]: confirmLeave,
  [LEAVE_CANCEL]: confirmLeave,
  ...EVALUATION_ACTIONS,
  [ACTION_DONE]: doneButton,
  [ACTION_FORM_OPEN]: actionFormButton,
};

const FORMS: Record<string, (core: Core, submission: FormSubmission, ctx: CommandContext, locale: Locale) => CommandReply | Promise<CommandReply>> = {
  [CREATE_FORM]: submitCreateForm,
  [PARTNERSHIP_FORM]: submitPartnershipForm,
  [ACTION_FORM]: submitActionForm,
};

/**
 * The single entry for a typed command. Every refusal is a UserError with text in the user's language;
 * anything else is logged and answered with a plain apology, never a stack trace.
 */
export async function handleCommand(core: Core, raw: string, ctx: CommandContext): Promise<CommandReply> {
  const locale = userLocale(core, ctx);
  // The metric's label: a subcommand's Danish name, never what the user typed (a fixed, small set).
  let name = 'hjælp';
  const counted = (outcome: CommandOutcome) => countCommand(core.db, core.logger, name, outcome);
  // Nobody can type the core's own mention marks into a name (src/messages/model.ts).
  const text = stripMarks(raw);
  return guarded(core, ctx, locale, [text], async () => {
    // Before any splitting or matching: the work a command causes is bounded by its length.
    checkLength(text, TEXT_LIMITS.command, LABELS.command);
    const [word = '', ...args] = tokenize(text);
    if (!word) return help(core, locale);
    const command = SUBCOMMANDS.find((c) => c.names.some((n) => normalize(n) === normalize(word)));
    name = command?.names[0] ?? 'ukendt';
    if (!command) return unknown(word, locale);
    return command.run(core, args, ctx, locale);
  }, counted);
}

export async function handleAction(core: Core, action: ActionInput, ctx: CommandContext): Promise<CommandReply> {
  const locale = userLocale(core, ctx);
  return guarded(core, ctx, locale, [], async () => {
    const handler = ACTIONS[action.actionId];
    if (!handler) throw new UserError('unknown_action', { da: 'Den knap kender jeg ikke (længere).', en: 'I do not know that button (any more).' });
    return handler(core, action, ctx, locale);
  });
}

export async function handleForm(core: Core, submission: FormSubmission, ctx: CommandContext): Promise<CommandReply> {
  const locale = userLocale(core, ctx);
  const values = Object.fromEntries(Object.entries(submission.values).map(([k, v]) => [k, typeof v === 'string' ? stripMarks(v) : v?.map(stripMarks)]));
  const typed = Object.values(values).flatMap((v) => v ?? []);
  return guarded(core, ctx, locale, typed, async () => {
    const handler = FORMS[submission.formId];
    if (!handler) throw new UserError('unknown_form', { da: 'Den formular kender jeg ikke.', en: 'I do not know that form.' });
    return handler(core, { ...submission, values }, ctx, locale);
  });
}

/**
 * A plain message to the bot: an answer to an evaluation (thread reply or direct message), or a command
 * typed without the slash (Teams has no slash commands). Returns null when there is nothing to say,
 * e.g. ordinary conversation between partners in their channel.
 */
export async function handleInboundMessage(core: Core, inbound: InboundMessage, ctx: CommandContext): Promise<CommandReply | null> {
  const locale = userLocale(core, ctx);
  const message = { ...inbound, text: stripMarks(inbound.text) };
  return guarded(core, ctx, locale, [message.text], async () => {
    const answered = await core.inbound.answer(message, ctx, locale);
    if (answered) return answered;
    if (message.direct) return handleCommand(core, message.text.replace(/^\/?tovholder\s*/i, ''), ctx);
    return null;
  });
}

export function userLocale(core: Core, ctx: CommandContext): Locale {
  return getUserLocale(core.db, ctx.platform, ctx.workspaceId, ctx.userRef) ?? ctx.locale ?? core.defaults.locale;
}

/**
 * Runs a handler: a refusal becomes its message, anything else an apology. Whatever the reply repeats
 * of what users gave (the workspace's names and places, or what this user typed: refusals quote it) is
 * noted, so every renderer shows it as written rather than as formatting (src/messages/model.ts).
 */
async function guarded<T extends CommandReply | null>(
  core: Core,
  ctx: CommandContext,
  locale: Locale,
  typed: string[],
  run: () => Promise<T>,
  counted?: (outcome: CommandOutcome) => void,
): Promise<T | CommandReply> {
  const marked = <R extends CommandReply | null>(reply: R): R => markUserTexts(core, ctx, typed, reply);
  try {
    const reply = await run();
    counted?.('ok');
    return marked(reply);
  } catch (error) {
    counted?.(error instanceof UserError ? 'refused' : 'error');
    if (error instanceof UserError) return marked(ephemeral(error.in(locale)));
    core.logger.error({ err: error, platform: ctx.platform, workspace: ctx.workspaceId, user: ctx.userRef }, 'command failed');
    return ephemeral(tr(locale, 'internalError'));
  }
}

function markUserTexts<R extends CommandReply | null>(core: Core, ctx: CommandContext, typed: string[], reply: R): R {
  if (!reply) return reply;
  const candidates = [...typed.flatMap((t) => [t, ...tokenize(t)]), ...formattedUserTexts(core.db, ctx.platform, ctx.workspaceId)];
  if (reply.type === 'form') return { ...reply, fallback: withRepeatedTexts(reply.fallback, candidates) };
  return { ...reply, message: withRepeatedTexts(reply.message, candidates) };
}

function help(core: Core, locale: Locale): CommandReply {
  return { type: 'message', visibility: 'ephemeral', message: helpMessage(locale, core.templates.list().map((t) => t.id)) };
}

function unknown(word: string, locale: Locale): CommandReply {
  const names = SUBCOMMANDS.flatMap((c) => c.names);
  const closest = names.map((n) => ({ n, d: distance(normalize(n), normalize(word)) })).sort((a, b) => a.d - b.d)[0];
  const parts = [tr(locale, 'unknownCommand', { word })];
  if (closest && closest.d <= 2) parts.push(tr(locale, 'didYouMean', { suggestion: `${COMMAND} ${closest.n}` }));
  parts.push(tr(locale, 'seeHelp', { command: COMMAND }));
  return ephemeral(parts.join(' '));
}
