/**
 * Conversations the Connector refuses (app uninstalled, bot removed: 403; conversation deleted: 404).
 * They are marked in the store so every later delivery to them fails at once instead of retrying,
 * and the programme's consultants are told once.
 */
import { NotFoundError, TargetGoneError, type PlatformError } from '../../src/platform/errors.ts';
import type { HttpFailure } from './errors.ts';
import { notifyConsultants, ownersOf, programmesOfUser } from './notices.ts';
import type { Bound } from './runtime.ts';
import { tt } from './texts.ts';

/** A failure that means "this conversation is unreachable", not "this message is gone". */
export function isGoneFailure(error: unknown): error is PlatformError {
  if (error instanceof TargetGoneError) return true;
  if (!(error instanceof NotFoundError)) return false;
  const code = (error.cause as HttpFailure | undefined)?.code ?? '';
  return code !== 'ActivityNotFound' && code !== 'MemberNotFoundInConversation';
}

/** Refuses at once, without a call, a send to a conversation marked gone. */
export function failIfGone(bound: Bound, conversationId: string): void {
  const reason = bound.store.goneReason(conversationId);
  if (reason) throw new TargetGoneError(`Tovholder can no longer reach this conversation (${reason}); not trying again until it writes to us`);
}

function shortReason(error: PlatformError): string {
  const cause = error.cause as HttpFailure | undefined;
  return cause?.code ? `${cause.status} ${cause.code}` : error.message.slice(0, 120);
}

export function reportGone(bound: Bound, input: { workspaceId: string; channelRef: string; conversationId: string; error: PlatformError }): void {
  const { store, core } = bound;
  const reason = shortReason(input.error);
  const row = store.conversation(input.conversationId);
  // 403 in a channel: the bot is not in the team any more, so no channel of that team works.
  if (row?.kind === 'channel' && row.teamId && input.error instanceof TargetGoneError) {
    const teamId = row.teamId;
    // The team carries the mark (conversations inherit it), so a reinstall lifts it for all of them.
    store.markGone({ teamId }, reason);
    const team = store.team(teamId)?.name ?? teamId;
    const programmes = new Set([...store.programmesInTeam(teamId), ...ownersOf(core, input.workspaceId, input.channelRef).map((o) => o.programmeId)]);
    for (const programmeId of programmes) {
      notifyConsultants(core, { programmeId, key: `gone:${teamId}:${programmeId}`, text: (locale, p) => tt(locale, 'goneTeam', { team, programme: p.name }) });
    }
    return;
  }
  store.markGone({ conversationId: input.conversationId }, reason);
  for (const owner of ownersOf(core, input.workspaceId, input.channelRef)) {
    notifyConsultants(core, {
      programmeId: owner.programmeId,
      key: `gone:${input.conversationId}:${owner.programmeId}`,
      unreachable: input.channelRef,
      text: (locale, p) =>
        owner.member
          ? tt(locale, 'goneDirect', { name: owner.member, programme: p.name, reason })
          : tt(locale, 'goneChannel', { where: owner.where, programme: p.name, reason }),
    });
  }
}

/** A 1:1 chat could not even be opened: tell the consultants of the person's programmes, once. */
export function reportUnreachableUser(bound: Bound, input: { workspaceId: string; userRef: string; error: PlatformError }): void {
  const reason = shortReason(input.error);
  for (const { programmeId, name } of programmesOfUser(bound.core, input.workspaceId, input.userRef)) {
    notifyConsultants(bound.core, {
      programmeId,
      key: `gone:user:${input.userRef}:${programmeId}`,
      text: (locale, p) => tt(locale, 'goneDirect', { name, programme: p.name, reason }),
    });
  }
}
