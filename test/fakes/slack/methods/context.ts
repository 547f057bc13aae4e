/**
 * What a Web API method handler gets and returns, and the access rules shared by the handlers
 * ("can the bot see / post in this conversation?").
 */
import type { SlackState, TeamState } from '../state.ts';
import type { FakeSlackChannel, Json } from '../types.ts';

export interface MethodContext {
  state: SlackState;
  team: TeamState;
  /** Arguments, JSON-decoded where Slack takes JSON strings. */
  params: Json;
  /** `http://127.0.0.1:PORT` (no trailing slash). */
  origin: string;
  now: number;
  options: { chatWritePublic: boolean; triggerLifetimeMs: number };
  triggers: TriggerRegistry;
}

/** A JSON body: `{ok: true, ...}` or `{ok: false, error, ...}` (always HTTP 200). */
export type MethodResult = Json & { ok: boolean };

export type MethodHandler = (ctx: MethodContext) => MethodResult;

export function ok(body: Json = {}): MethodResult {
  return { ok: true, ...body };
}

export function fail(error: string, extra: Json = {}): MethodResult {
  return { ok: false, error, ...extra };
}

/** Slack's way of explaining `invalid_arguments` / `invalid_blocks`. */
export function failWithMessages(error: string, messages: string[]): MethodResult {
  return fail(error, { response_metadata: { messages: messages.map((m) => `[ERROR] ${m}`) } });
}

export type Lookup = { channel: FakeSlackChannel } | { error: string };

/**
 * A conversation as the bot sees it. Private channels, IMs and MPIMs the bot is not in do not exist
 * for it (`channel_not_found`); nor does anything of another workspace.
 */
export function visibleChannel(ctx: MethodContext, id: string | undefined): Lookup {
  if (!id) return { error: 'channel_not_found' };
  const channel = ctx.team.channels.get(id.startsWith('#') ? '' : id) ?? byName(ctx, id);
  if (!channel) return { error: 'channel_not_found' };
  if (channel.isPrivate && !channel.members.includes(ctx.team.botUserId)) return { error: 'channel_not_found' };
  return { channel };
}

function byName(ctx: MethodContext, nameOrId: string): FakeSlackChannel | undefined {
  const name = nameOrId.replace(/^#/, '');
  for (const channel of ctx.team.channels.values()) if (!channel.isIm && !channel.isMpim && channel.name === name) return channel;
  return undefined;
}

/** Like visibleChannel, and the bot must be a member (`not_in_channel`) of a live one (`is_archived`). */
export function memberChannel(ctx: MethodContext, id: string | undefined): Lookup {
  const found = visibleChannel(ctx, id);
  if ('error' in found) return found;
  if (found.channel.isArchived) return { error: 'is_archived' };
  if (!found.channel.members.includes(ctx.team.botUserId)) return { error: 'not_in_channel' };
  return found;
}

/**
 * trigger_ids: the ones the fake issued (fake.newTriggerId) expire after triggerLifetimeMs; any
 * well-formed one is single-use (`exchanged_trigger_id`); a malformed one is `invalid_trigger_id`.
 */
export class TriggerRegistry {
  private readonly issued = new Map<string, number>();
  private readonly used = new Set<string>();
  private seq = 0;

  issue(now: number): string {
    this.seq += 1;
    const id = `${Math.floor(now / 1000)}.${1000 + this.seq}.${(0xabc0 + this.seq).toString(16)}f00d`;
    this.issued.set(id, now);
    return id;
  }

  exchange(id: string | undefined, now: number, lifetimeMs: number): string | undefined {
    if (!id || !/^\d+\.\d+\.[0-9a-f]+$/i.test(id)) return 'invalid_trigger_id';
    if (this.used.has(id)) return 'exchanged_trigger_id';
    const issuedAt = this.issued.get(id);
    if (issuedAt !== undefined && now - issuedAt > lifetimeMs) return 'expired_trigger_id';
    this.used.add(id);
    return undefined;
  }
}
