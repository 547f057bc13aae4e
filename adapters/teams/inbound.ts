/**
 * One authenticated inbound activity: its references are stored first (so a reminder can reach the
 * conversation months later, via the latest serviceUrl), then it goes to the same core entries Slack
 * uses: typed text to handleCommand / handleInboundMessage, Action.Submit and Action.Execute to
 * handleAction / handleForm.
 */
import type { Activity, TurnContext } from 'botbuilder';
import { handleAction, handleCommand, handleForm, handleInboundMessage, SUBCOMMANDS } from '../../src/commands/router.ts';
import { normalize } from '../../src/commands/resolve.ts';
import type { CommandContext, CommandReply } from '../../src/commands/types.ts';
import { plainMessage } from '../../src/messages/model.ts';
import { TargetGoneError } from '../../src/platform/errors.ts';
import { commandContext, commandText, seenFrom } from './activity.ts';
import type { Json } from './connector.ts';
import { onFileConsent } from './consent.ts';
import { attachedFiles } from './shared-files.ts';
import { receiveTemplateFile } from '../../src/templates/uploads.ts';
import { isFormValue, parseSubmission } from './forms.ts';
import { reportGone } from './gone.ts';
import { baseConversationId, isThreadId } from './refs.ts';
import { sendReply } from './reply.ts';
import type { Bound, TeamsRuntime } from './runtime.ts';
import type { SeenActivity } from './store.ts';
import { tt } from './texts.ts';

export async function onTurn(runtime: TeamsRuntime, context: TurnContext): Promise<void> {
  const activity = context.activity;
  const seen = seenFrom(activity);
  if (!seen) return;
  const bound = runtime.get();
  bound.store.recordActivity(seen);
  try {
    if (activity.type === 'conversationUpdate' || activity.type === 'installationUpdate') onMembership(bound, activity, seen);
    else if (activity.type === 'message') await onMessage(runtime, activity, seen);
    else if (activity.type === 'invoke') await onInvoke(runtime, context, seen);
  } finally {
    // A command may have queued work (channels, welcomes): send it now, not at the next minute.
    bound.core.scheduler.kick();
  }
}

/**
 * Install is recorded above. An uninstall marks the team (or chat) gone, so sends there stop at once,
 * and tells the consultants now (later sends fail without a call, so nothing else would tell them).
 */
function onMembership(bound: Bound, activity: Activity, seen: SeenActivity): void {
  const botId = activity.recipient?.id;
  // People joined or left the team: the next roster check reads it again.
  if (seen.team && (activity.membersAdded?.length || activity.membersRemoved?.length)) bound.rosters.forget(seen.team.id);
  // Installed or updated in a team: that is when a team owner grants resource-specific consent.
  const added = (activity.membersAdded ?? []).some((m) => m.id === botId) || (activity.type === 'installationUpdate' && /^add/.test(activity.action ?? ''));
  if (added && seen.team) bound.refusals.forgetTeam(seen.team.id);
  const removed = (activity.membersRemoved ?? []).some((m) => m.id === botId) || (activity.type === 'installationUpdate' && activity.action === 'remove');
  if (!removed) return;
  const error = new TargetGoneError('Tovholder was uninstalled');
  reportGone(bound, { workspaceId: seen.tenantId, channelRef: seen.conversationId, conversationId: seen.conversationId, error });
}

async function onMessage(runtime: TeamsRuntime, activity: Activity, seen: SeenActivity): Promise<void> {
  const bound = runtime.get();
  // A person wrote in a team channel (with resource-specific consent the bot hears every message there): the group is not quiet.
  if (seen.kind === 'channel' && activity.from?.role !== 'bot') {
    bound.core.activity.noteHumanMessage({ platform: 'teams', workspaceId: seen.tenantId, channelRef: baseConversationId(activity.conversation.id) });
  }
  const ctx = commandContext(activity, seen, bound.store);
  const reply = await withProgrammeTeam(bound, ctx, seen, () => answerMessage(runtime, activity, seen, ctx));
  if (reply) await sendReply(runtime, activity, seen, reply);
}

async function answerMessage(runtime: TeamsRuntime, activity: Activity, seen: SeenActivity, ctx: CommandContext): Promise<CommandReply | null> {
  const { core } = runtime.get();
  const value = activity.value as Json | undefined;
  if (isFormValue(value)) return handleForm(core, await parseSubmission(value, (aad) => resolveUser(runtime, seen, aad)), ctx);
  if (value && typeof value.actionId === 'string') return handleAction(core, { actionId: value.actionId, value: String(value.value ?? '') }, ctx);
  const text = commandText(activity).replace(/^\/?tovholder\b\s*/i, '');
  // A file attached in the personal chat is a template upload (Teams delivers files only there).
  const files = seen.kind === 'personal' ? attachedFiles(activity, runtime.logger) : [];
  if (files.length > 0) return receiveFiles(core, files, ctx);
  if (seen.kind === 'personal') return handleInboundMessage(core, { text, threadRef: null, direct: true }, ctx);
  // In a channel the bot only hears @mentions: a command, or an answer in the thread of a question.
  if (startsWithCommand(text)) return handleCommand(core, text, ctx);
  const threadRef = isThreadId(activity.conversation.id) ? activity.conversation.id : null;
  return (await handleInboundMessage(core, { text, threadRef, direct: false }, ctx)) ?? handleCommand(core, text, ctx);
}

/** Each file is checked (and added if valid) on its own; the answers go back as one message. */
async function receiveFiles(core: Bound['core'], files: ReturnType<typeof attachedFiles>, ctx: CommandContext): Promise<CommandReply> {
  const replies: CommandReply[] = [];
  for (const file of files) replies.push(await receiveTemplateFile(core, file, ctx));
  if (replies.length === 1) return replies[0]!;
  const messages = replies.map((r) => (r.type === 'message' ? r.message : r.fallback));
  return { type: 'message', visibility: 'ephemeral', message: { text: messages.map((m) => m.text).join('\n\n'), blocks: messages.flatMap((m) => m.blocks) } };
}

/** Action.Execute: the answer goes back in the HTTP response (an invoke response), as a message. */
async function onInvoke(runtime: TeamsRuntime, context: TurnContext, seen: SeenActivity): Promise<void> {
  const activity = context.activity;
  if (activity.name === 'fileConsent/invoke') return onFileConsent(runtime, context, seen);
  if (activity.name !== 'adaptiveCard/action') return;
  const action = ((activity.value ?? {}) as { action?: { verb?: string; data?: Json } }).action ?? {};
  const data = action.data ?? {};
  const bound = runtime.get();
  const ctx = commandContext(activity, seen, bound.store);
  const reply = await withProgrammeTeam(bound, ctx, seen, async () => {
    if (isFormValue(data)) return handleForm(bound.core, await parseSubmission(data, (aad) => resolveUser(runtime, seen, aad)), ctx);
    const actionId = typeof data.actionId === 'string' ? data.actionId : (action.verb ?? '');
    return handleAction(bound.core, { actionId, value: String(data.value ?? '') }, ctx);
  });
  const text = reply.type === 'message' ? reply.message.text : reply.fallback.text;
  await context.sendActivity({ type: 'invokeResponse', value: { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: text } } });
  if (reply.type === 'form') await sendReply(runtime, activity, seen, reply);
}

function startsWithCommand(text: string): boolean {
  const first = normalize(text.split(/\s+/)[0] ?? '');
  return !first || SUBCOMMANDS.some((c) => c.names.some((n) => normalize(n) === first));
}

/**
 * Programmes created by this turn are placed in the team it came from (the team where the consultant
 * typed `opret`). From a personal chat: the team they last wrote from; if none, they are told.
 */
async function withProgrammeTeam<T extends CommandReply | null>(bound: Bound, ctx: CommandContext, seen: SeenActivity, run: () => Promise<T>): Promise<T | CommandReply> {
  const { core, store } = bound;
  const before = new Set(core.repos.programmes.listInWorkspace('teams', ctx.workspaceId).map((p) => p.id));
  const reply = await run();
  const created = core.repos.programmes.listInWorkspace('teams', ctx.workspaceId).filter((p) => !before.has(p.id));
  if (created.length === 0) return reply;
  const teamId = seen.team?.id ?? store.user(ctx.userRef)?.lastTeamId ?? soleTeam(bound, ctx.workspaceId);
  for (const programme of created) if (teamId) store.setProgrammeTeam(programme.id, teamId);
  if (teamId || !reply || reply.type !== 'message') return reply;
  const note = tt(ctx.locale ?? core.defaults.locale, 'noTeam');
  // The reply's user texts (the programme's name) stay noted, so they still show as written.
  return { ...reply, message: { ...reply.message, ...plainMessage(`${reply.message.text}\n${note}`) } };
}

function soleTeam(bound: Bound, tenantId: string): string | undefined {
  const teams = bound.store.teamsInTenant(tenantId);
  return teams.length === 1 ? teams[0]!.teamId : undefined;
}

/** A people-picker answer (AAD object id) as the Bot Framework id the core knows people by. */
async function resolveUser(runtime: TeamsRuntime, seen: SeenActivity, aadObjectId: string): Promise<string> {
  const { store, connector } = runtime.get();
  const known = store.userBy(seen.tenantId, 'aad_object_id', aadObjectId);
  if (known) return known.userId;
  const where = seen.team?.id ?? seen.conversationId;
  const member = await connector.member(seen.tenantId, where, aadObjectId).catch(() => null);
  if (!member) return aadObjectId;
  store.upsertUser(seen.tenantId, { id: member.id, name: member.name, aadObjectId, email: member.email ?? member.userPrincipalName });
  return member.id;
}
