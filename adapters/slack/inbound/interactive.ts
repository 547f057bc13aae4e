import type { AckFn, App, BlockAction, ButtonAction, ViewResponseAction, ViewSubmitAction } from '@slack/bolt';
import { userLocale } from '../../../src/commands/router.ts';
import { ephemeral } from '../../../src/commands/reply.ts';
import { tr } from '../../../src/commands/texts.ts';
import type { CommandContext, CommandReply, FormSubmission } from '../../../src/commands/types.ts';
import type { Logger } from '../../../src/logger.ts';
import { coreActionId } from '../blocks.ts';
import { CALLBACK_PREFIX, fromSubmission, type SubmittedView } from '../modal.ts';
import { turnAfterAcks } from './ack-first.ts';
import { commandContext, type Asker } from './context.ts';
import type { InboundDeps } from './deps.ts';
import { blockErrors, runForm, type FormOutcome } from './forms.ts';
import { showReply, type ReplyTarget } from './replies.ts';
import { fromSlackText } from './slack-text.ts';

/** The one slash command; its subcommands are the core's. */
export const SLASH_COMMAND = '/tovholder';

/**
 * How long a modal submission may wait for the core before we answer Slack (Slack allows 3 s, Bolt
 * gives up at 3.001 s). The core's forms take milliseconds; past this the modal closes and the answer,
 * refusal included, follows as a message.
 */
const FORM_ACK_DEADLINE_MS = 2_000;

type Where = Omit<ReplyTarget, 'client' | 'locale'>;

/**
 * Slash command and button clicks: acknowledged at once (Slack gives 3 s and does not retry), then
 * handed to the core, then answered via response_url or a modal. Modal submissions are answered in the
 * acknowledgement itself, so that a refused input keeps the modal open.
 */
export function registerInteractive(app: App, deps: InboundDeps): void {
  app.command(SLASH_COMMAND, async ({ command, ack, context }) => {
    await ack();
    const asker: Asker = { teamId: command.team_id, userId: command.user_id, userName: command.user_name, channelId: command.channel_id || null };
    const where: Where = { userId: command.user_id, channelId: asker.channelId, responseUrl: command.response_url || null, triggerId: command.trigger_id || null };
    // With should_escape, Slack escapes & < > and wraps e-mails and links; the core gets what was typed.
    const text = fromSlackText(command.text ?? '');
    await interact(deps, context.botToken, asker, where, (ctx) => deps.core.commands.command(text, ctx));
  });

  app.action<BlockAction>({ type: 'block_actions' }, async ({ action, body, ack, context }) => {
    await ack();
    if (action.type !== 'button') return;
    const button = action as ButtonAction;
    const channelId = body.channel?.id ?? (body.container.channel_id as string | undefined) ?? null;
    const asker: Asker = { teamId: context.teamId ?? body.team?.id ?? '', userId: body.user.id, userName: body.user.name ?? body.user.username, channelId };
    // Only an ephemeral preview is replaced; a button on a shared message gets a private answer.
    const where: Where = { userId: body.user.id, channelId, responseUrl: body.response_url ?? null, triggerId: body.trigger_id ?? null, replaceOriginal: body.container.is_ephemeral === true };
    await interact(deps, context.botToken, asker, where, (ctx) => deps.core.commands.action({ actionId: coreActionId(button.action_id), value: button.value ?? '' }, ctx));
  });

  app.view<ViewSubmitAction>({ callback_id: new RegExp(`^${CALLBACK_PREFIX}`), type: 'view_submission' }, async ({ ack, view, body, context }) => {
    const submitted = view as SubmittedView;
    const { submission, origin } = fromSubmission(submitted);
    const asker: Asker = { teamId: context.teamId ?? body.team?.id ?? '', userId: body.user.id, userName: body.user.name, channelId: origin.channelRef };
    const where: Where = { userId: body.user.id, channelId: origin.channelRef, responseUrl: origin.responseUrl, triggerId: null };
    await submitForm(deps, context.botToken, { asker, where, view: submitted, submission }, ack);
  });
}

/**
 * Runs one interaction against the core and shows its answer. The core answers refusals itself;
 * anything else that fails here is logged and the user gets the plain apology, never a stack trace.
 */
async function interact(deps: InboundDeps, botToken: string | undefined, asker: Asker, where: Where, run: (ctx: CommandContext) => Promise<CommandReply>): Promise<void> {
  // Let the acks of requests that are already waiting go out before this command's work.
  await turnAfterAcks();
  const log = deps.logger.child({ team: asker.teamId, user: asker.userId });
  const ctx = commandContext(asker);
  try {
    await answer(deps, botToken, where, ctx, log, async () => run(ctx));
  } finally {
    // A command may have queued channel set-up or messages: send them now, not at the next minute.
    deps.core.scheduler.kick();
  }
}

interface Submitted {
  asker: Asker;
  where: Where;
  view: SubmittedView;
  submission: FormSubmission;
}

type Failed = { failed: unknown };
const LATE = Symbol('late');

/**
 * A modal submission. A refusal goes back in the acknowledgement as `response_action: 'errors'` on
 * the refused field(s), in the user's language: Slack keeps the modal open with everything typed.
 * Success, or an answer that took too long, closes the modal; the answer follows as a message.
 */
async function submitForm(deps: InboundDeps, botToken: string | undefined, form: Submitted, ack: AckFn<ViewResponseAction>): Promise<void> {
  const { asker, where, view, submission } = form;
  const log = deps.logger.child({ team: asker.teamId, user: asker.userId, form: submission.formId });
  const ctx = commandContext(asker);
  const attempt: Promise<FormOutcome | Failed> = runForm(deps.core, submission, ctx).catch((error: unknown) => ({ failed: error }));
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<typeof LATE>((resolve) => {
    timer = setTimeout(() => resolve(LATE), FORM_ACK_DEADLINE_MS);
  });
  try {
    const early = await Promise.race([attempt, deadline]);
    clearTimeout(timer);
    if (early !== LATE && !('reply' in early)) {
      const locale = userLocale(deps.core, ctx);
      if ('failed' in early) log.error({ err: early.failed }, 'submitting a Slack form failed');
      // An unexpected failure too keeps the modal open (with the plain apology): the input is not lost.
      const [text, code] = 'refusal' in early ? [early.refusal.in(locale), early.refusal.code] : [tr(locale, 'internalError'), 'internal'];
      const errors = blockErrors(view, submission, text, code);
      if (Object.keys(errors).length > 0) {
        await ack({ response_action: 'errors', errors });
        return;
      }
    }
    // Accepted, or the refusal cannot be shown in the modal: it closes and the answer follows.
    await ack();
    await answer(deps, botToken, where, ctx, log, async () => {
      const outcome = early === LATE ? await attempt : early;
      if ('reply' in outcome) return outcome.reply;
      if ('refusal' in outcome) return ephemeral(outcome.refusal.in(outcome.locale));
      throw outcome.failed;
    });
  } finally {
    clearTimeout(timer);
    deps.core.scheduler.kick();
  }
}

/** Shows the core's reply to the user; a failure is logged and answered with the plain apology. */
async function answer(deps: InboundDeps, botToken: string | undefined, where: Where, ctx: CommandContext, log: Logger, run: () => Promise<CommandReply>): Promise<void> {
  if (!botToken) {
    log.error('no bot token for this workspace; cannot answer');
    return;
  }
  const client = deps.clients.get(botToken, 'interactive');
  const target: ReplyTarget = { ...where, client, locale: userLocale(deps.core, ctx) };
  try {
    const reply = await run();
    // The answer, too, waits for the acks of requests that arrived while the command ran.
    await turnAfterAcks();
    await showReply(reply, target, log);
  } catch (error) {
    log.error({ err: error }, 'answering a Slack interaction failed');
    await showReply(ephemeral(tr(target.locale, 'internalError')), target, log).catch((again: unknown) => log.warn({ err: again }, 'could not tell the user either'));
  }
}
