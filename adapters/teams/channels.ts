/**
 * Channels for a programme and its partnerships. A bot cannot create channels; Graph can, in the team
 * where the consultant set the programme up. Without the Graph permission (403) each gets a thread
 * in the team's General channel instead, and the consultant is told which mode is in use.
 */
import { InvalidRequestError, TargetGoneError } from '../../src/platform/errors.ts';
import type { CreateChannelRequest } from '../../src/platform/port.ts';
import { digest } from '../../src/util/digest.ts';
import { GraphPermissionError, NameTakenError } from './errors.ts';
import type { GraphChannel } from './graph.ts';
import { numberedName, safeChannelName } from './names.ts';
import { notifyConsultants } from './notices.ts';
import { threadRef } from './refs.ts';
import type { Bound } from './runtime.ts';
import type { TeamRow } from './store.ts';
import { tt } from './texts.ts';

type Owner = NonNullable<CreateChannelRequest['owner']>;
const MAX_NAME_TRIES = 20;

export async function createChannel(bound: Bound, request: CreateChannelRequest): Promise<{ channelRef: string; name: string }> {
  const owner = request.owner;
  if (!owner) throw new InvalidRequestError('Teams creates channels per programme: the request must name its programme');
  const team = await teamOf(bound, request.workspaceId, owner.programmeId);
  // One creation at a time per team: a refusal is recorded before the next creation asks Graph.
  return oneAtATime(team.teamId, async () => {
    const refused = bound.refusals.isRefused(`team:${team.teamId}`, CREATE_PERMISSION);
    if (refused || bound.store.programmeTeam(owner.programmeId)?.mode === 'threads') return threadInGeneral(bound, team, owner, request.name);
    try {
      const channel = await standardChannel(bound, request, team, owner);
      announceMode(bound, owner.programmeId, team, 'channels');
      return { channelRef: channel.id, name: channel.displayName };
    } catch (error) {
      if (!(error instanceof GraphPermissionError)) throw error;
      bound.refusals.refuse(`team:${team.teamId}`, CREATE_PERMISSION, error.message);
      bound.core.logger.warn({ err: error, team: team.teamId }, 'no Graph permission to create channels; using threads in General');
      return threadInGeneral(bound, team, owner, request.name);
    }
  });
}

const CREATE_PERMISSION = 'Channel.Create.Group';
const queues = new Map<string, Promise<unknown>>();

/** Runs `fn` after the previous call for the same team has settled (within this process). */
function oneAtATime<T>(teamId: string, fn: () => Promise<T>): Promise<T> {
  const run = (queues.get(teamId) ?? Promise.resolve()).catch(() => undefined).then(fn);
  queues.set(teamId, run);
  void run.catch(() => undefined).then(() => queues.get(teamId) === run && queues.delete(teamId));
  return run;
}

/** The programme's team: where it was set up, else where its consultant last wrote to the bot. */
async function teamOf(bound: Bound, tenantId: string, programmeId: string): Promise<TeamRow & { aadGroupId: string }> {
  const { store, core, connector } = bound;
  let teamId = store.programmeTeam(programmeId)?.teamId;
  if (!teamId) {
    const creator = core.repos.programmes.get(programmeId)?.createdBy;
    const teams = store.teamsInTenant(tenantId);
    teamId = (creator && store.user(creator)?.lastTeamId) || (teams.length === 1 ? teams[0]!.teamId : undefined);
    if (!teamId) throw new InvalidRequestError(tt('en', 'noTeamError'));
    store.setProgrammeTeam(programmeId, teamId);
  }
  const team = store.team(teamId);
  if (!team) throw new InvalidRequestError(tt('en', 'noTeamError'));
  if (team.goneAt) throw new TargetGoneError(`Tovholder is no longer in the team ${team.name ?? teamId}`);
  if (team.aadGroupId) return { ...team, aadGroupId: team.aadGroupId };
  // Graph knows the team by its Microsoft 365 group id, which only the Connector's team details tell.
  const details = await connector.teamDetails(tenantId, teamId);
  if (!details.aadGroupId) throw new InvalidRequestError(`Teams did not say which group the team ${teamId} is`);
  store.upsertTeam(tenantId, { id: teamId, aadGroupId: details.aadGroupId, name: details.name });
  return { ...team, aadGroupId: details.aadGroupId };
}

/**
 * Creates the channel under a safe name; a taken name gets a number. The description carries a
 * marker, so after a lost answer (or a crash) the retry finds and reuses the channel it made.
 */
async function standardChannel(bound: Bound, request: CreateChannelRequest, team: TeamRow & { aadGroupId: string }, owner: Owner): Promise<GraphChannel> {
  const marker = `tovholder:${digest([request.workspaceId, owner.type, owner.id]).slice(0, 16)}`;
  const description = [request.topic, request.purpose].filter(Boolean).join(' · ').slice(0, 900);
  const base = safeChannelName(request.name, partnershipName(bound, owner));
  for (let n = 1; n <= MAX_NAME_TRIES; n += 1) {
    const displayName = n === 1 ? base : numberedName(base, n);
    try {
      const created = await bound.graph.createChannel(team.tenantId, team.aadGroupId, { displayName, description: `${description}\n(${marker})` });
      recordChannel(bound, team, created.id);
      return created;
    } catch (error) {
      if (!(error instanceof NameTakenError)) throw error;
      const ours = (await bound.graph.listChannels(team.tenantId, team.aadGroupId)).find((c) => c.description?.includes(marker));
      if (ours) {
        recordChannel(bound, team, ours.id);
        return ours;
      }
    }
  }
  throw new InvalidRequestError(`no free channel name like "${base}" in the team`);
}

function recordChannel(bound: Bound, team: TeamRow, channelId: string): void {
  bound.store.upsertConversation({ tenantId: team.tenantId, conversationId: channelId, kind: 'channel', team: { id: team.teamId }, userId: null });
}

function partnershipName(bound: Bound, owner: Owner): string | undefined {
  return owner.type === 'partnership' ? bound.core.repos.partnerships.get(owner.id)?.name : undefined;
}

/** The fallback: a thread in General (the team id is the General channel's id), started by its first post. */
function threadInGeneral(bound: Bound, team: TeamRow, owner: Owner, name: string): { channelRef: string; name: string } {
  const ref = threadRef(team.teamId, `${owner.type}:${owner.id}`);
  bound.store.addThread(ref, team.teamId);
  bound.store.setProgrammeMode(owner.programmeId, 'threads');
  announceMode(bound, owner.programmeId, team, 'threads');
  return { channelRef: ref, name };
}

/** Tells the consultants once which mode the programme's channels are in. */
function announceMode(bound: Bound, programmeId: string, team: TeamRow, mode: 'channels' | 'threads'): void {
  const current = bound.store.programmeTeam(programmeId)?.mode;
  if (current === null || current === undefined) bound.store.setProgrammeMode(programmeId, mode);
  notifyConsultants(bound.core, {
    programmeId,
    key: `mode:${mode}:${programmeId}`,
    text: (locale, p) => tt(locale, mode === 'channels' ? 'modeChannels' : 'modeThreads', { programme: p.name, team: team.name ?? team.teamId }),
  });
}
