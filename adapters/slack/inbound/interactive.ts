import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { handleAction, handleCommand, handleForm, userLocale } from '../../../src/commands/router.ts';
import { ephemeral } from '../../../src/commands/reply.ts';
import { tr } from '../../../src/commands/texts.ts';
import type { CommandContext, CommandReply } from '../../../src/commands/types.ts';
import { coreActionId } from '../blocks.ts';
import { CALLBACK_PREFIX, fromSubmission, type SubmittedView } from '../modal.ts';
import { commandContext, type Asker } from './context.ts';
import type { InboundDeps } from './deps.ts';
import { showReply, type ReplyTarget } from './replies.ts';

/** The one slash command; its subcommands are the core's. */
export const SLASH_COMMAND = '/tovholder';

type Where = Omit<ReplyTarget, 'client' | 'locale'>;

/**
 * Slash command, button clicks and modal submissions: acknowledged at once (Slack gives 3 s and does
 * not retry), then handed to the core, then answered via response_url or a modal.
 */
export function registerInteractive(app: App, deps: InboundDeps): void {
  app.command(SLASH_COMMAND, async ({ command, ack, context }) => {
    await ack();
    const asker: Asker = { teamId: command.team_id, userId: command.user_id, userName: command.user_name, channelId: command.channel_id || null };
    const where: Where = { userId: command.user_id, channelId: asker.channelId, responseUrl: command.response_url || null, triggerId: command.trigger_id || null };
    await interact(deps, context.botToken, asker, where, (ctx) => handleCommand(deps.core, command.text ?? '', ctx));
  });

  app.action<BlockAction>({ type: 'block_actions' }, async ({ action, body, ack, context }) => {
    await ack();
    if (action.type !== 'button') return;
    const button = action as ButtonAction;
    const channelId = body.channel?.id ?? (body.container.channel_id as string | undefined) ?? null;
    const asker: Asker = { teamId: context.teamId ?? body.team?.id ?? '', userId: body.user.id, userName: body.user.name ?? body.user.username, channelId };
    // Only an ephemeral preview is replaced; a button on a shared message gets a private answer.
    const where: Where = { userId: body.user.id, channelId, responseUrl: body.response_url ?? null, triggerId: body.trigger_id ?? null, replaceOriginal: body.container.is_ephemeral === true };
    await interact(deps, context.botToken, asker, where, (ctx) => handleAction(deps.core, { actionId: coreActionId(button.action_id), value: button.value ?? '' }, ctx));
  });

  app.view({ callback_id: new RegExp(`^${CALLBACK_PREFIX}`), type: 'view_submission' }, async ({ ack, view, body, context }) => {
    // Closing the modal at once; the answer (or the refusal, in Danish) follows as an ephemeral message.
    await ack();
    const { submission, origin } = fromSubmission(view as SubmittedView);
    const asker: Asker = { teamId: context.teamId ?? body.team?.id ?? '', userId: body.user.id, userName: body.user.name, channelId: origin.channelRef };
    const where: Where = { userId: body.user.id, channelId: origin.channelRef, responseUrl: origin.responseUrl, triggerId: null };
    await interact(deps, context.botToken, asker, where, (ctx) => handleForm(deps.core, submission, ctx));
  });
}

/**
 * Runs one interaction against the core and shows its answer. The core answers refusals itself;
 * anything else that fails here is logged and the user gets the plain apology, never a stack trace.
 */
async function interact(deps: InboundDeps, botToken: string | undefined, asker: Asker, where: Where, run: (ctx: CommandContext) => Promise<CommandReply>): Promise<void> {
  const log = deps.logger.child({ team: asker.teamId, user: asker.userId });
  if (!botToken) {
    log.error('no bot token for this workspace; cannot answer');
    return;
  }
  const client = deps.clients.get(botToken, 'interactive');
  const ctx = commandContext(asker, await deps.locales.get(client, asker.teamId, asker.userId));
  const target: ReplyTarget = { ...where, client, locale: userLocale(deps.core, ctx) };
  try {
    await showReply(await run(ctx), target, log);
  } catch (error) {
    log.error({ err: error }, 'answering a Slack interaction failed');
    await showReply(ephemeral(tr(target.locale, 'internalError')), target, log).catch((again: unknown) => log.warn({ err: again }, 'could not tell the user either'));
  } finally {
    // A command may have queued channel set-up or messages: send them now, not at the next minute.
    deps.core.scheduler.kick();
  }
}
