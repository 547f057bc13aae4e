import type { Answerer, Core } from '../app.ts';
import type { CommandContext, CommandReply, InboundMessage } from '../commands/types.ts';
import { tokenize } from '../commands/tokenize.ts';
import type { Locale } from '../domain/text.ts';
import { addAction } from './commands.ts';
import { actionKeys, actionRepository } from './service.ts';

/**
 * A reply to the bot's question for a meeting's actions: in the direct conversation (or in the
 * question's thread), in the command's own syntax without the word, `@anna "Send udkast" 2027-02-01`.
 * The meeting is the one asked about (the newest, or the one whose thread it is). A message that does
 * not start with a person is left to the others (evaluation answers, typed commands).
 */
export function actionAnswerer(core: Core): Answerer {
  return async (message, ctx, locale) => answer(core, message, ctx, locale);
}

function answer(core: Core, message: InboundMessage, ctx: CommandContext, locale: Locale): CommandReply | null {
  const text = message.text.trim();
  if (!/^(<@|@|[^\s@<>]+@[^\s@<>]+\.)/.test(text)) return null;
  if (!message.direct && !message.threadRef) return null;
  const memberIds = core.db
    .prepare(`SELECT m.id FROM members m JOIN programmes g ON g.id = m.programme_id WHERE m.user_ref = ? AND g.platform = ? AND g.workspace_id = ?`)
    .pluck()
    .all(ctx.userRef, ctx.platform, ctx.workspaceId) as string[];
  const asks = actionRepository(core).asksOfMember(memberIds);
  if (asks.length === 0) return null;
  const ask = message.threadRef
    ? asks.find((a) => core.repos.deliveries.resultRef(actionKeys.ask(a.activityId)) === message.threadRef)
    : asks[0];
  if (!ask) return null;
  const programme = core.repos.programmes.get(ask.programmeId);
  const meeting = core.repos.activities.get(ask.activityId);
  if (!programme || !meeting) return null;
  return addAction(core, programme, tokenize(text), ctx, locale, meeting);
}
