import { RateLimitError, TargetGoneError, TransientError, type PlatformError } from '../../src/platform/errors.ts';
import type { ChatPlatform, CreateChannelRequest, FindSentRequest, InviteRequest, PostRequest, UpdateRequest } from '../../src/platform/port.ts';
import type { RichMessage } from '../../src/messages/model.ts';

export interface SentMessage {
  channelRef: string;
  messageRef: string;
  idempotencyKey: string;
  message: RichMessage;
  threadRef?: string;
}

type Failure = PlatformError | { acceptThenFail: true };

/**
 * An in-memory chat platform for core tests. It enforces a per-channel post limit (like Slack's ~1/s)
 * when given a clock reading function, and lets a test inject failures for the next calls.
 */
export class FakePlatform implements ChatPlatform {
  readonly channels = new Map<string, { name: string; members: Set<string>; topic?: string }>();
  readonly sent: SentMessage[] = [];
  readonly calls: { method: string; args: unknown }[] = [];
  private readonly failures: Failure[] = [];
  private seq = 0;
  private lastPost = new Map<string, number>();
  goneTargets = new Set<string>();

  constructor(
    readonly name = 'fake',
    private readonly options: { postIntervalMs?: number; now?: () => number; findSent?: boolean } = {},
  ) {
    if (options.findSent === false) this.findSent = undefined;
  }

  /** The next calls fail in this order (one failure per call). */
  failNext(...failures: Failure[]): void {
    this.failures.push(...failures);
  }

  async createChannel(request: CreateChannelRequest): Promise<{ channelRef: string; name: string }> {
    this.record('createChannel', request);
    this.maybeFail();
    const channelRef = `C${++this.seq}`;
    this.channels.set(channelRef, { name: request.name, members: new Set(), topic: request.topic });
    return { channelRef, name: request.name };
  }

  async inviteMembers(request: InviteRequest): Promise<void> {
    this.record('inviteMembers', request);
    this.maybeFail();
    const channel = this.channels.get(request.channelRef);
    if (!channel) throw new TargetGoneError(`channel ${request.channelRef} not found`);
    for (const user of request.userRefs) channel.members.add(user);
  }

  async openDirect(request: { workspaceId: string; userRef: string }): Promise<{ channelRef: string }> {
    this.record('openDirect', request);
    this.maybeFail();
    return { channelRef: `D-${request.userRef}` };
  }

  async postMessage(request: PostRequest): Promise<{ messageRef: string }> {
    this.record('postMessage', request);
    if (this.goneTargets.has(request.channelRef)) throw new TargetGoneError('bot removed');
    this.enforcePace(request.channelRef);
    const failure = this.failures.shift();
    const messageRef = `m${++this.seq}`;
    if (failure && 'acceptThenFail' in failure) {
      this.sent.push({ channelRef: request.channelRef, messageRef, idempotencyKey: request.idempotencyKey, message: request.message, threadRef: request.threadRef });
      throw new TransientError('connection reset after the message was stored');
    }
    if (failure) throw failure;
    this.sent.push({ channelRef: request.channelRef, messageRef, idempotencyKey: request.idempotencyKey, message: request.message, threadRef: request.threadRef });
    return { messageRef };
  }

  async updateMessage(request: UpdateRequest): Promise<void> {
    this.record('updateMessage', request);
    this.maybeFail();
  }

  findSent? = async (request: FindSentRequest): Promise<{ messageRef: string } | null> => {
    this.record('findSent', request);
    const found = this.sent.find((m) => m.channelRef === request.channelRef && m.idempotencyKey === request.idempotencyKey);
    return found ? { messageRef: found.messageRef } : null;
  };

  messagesIn(channelRef: string): SentMessage[] {
    return this.sent.filter((m) => m.channelRef === channelRef);
  }

  private record(method: string, args: unknown): void {
    this.calls.push({ method, args });
  }

  private maybeFail(): void {
    const failure = this.failures.shift();
    if (failure && !('acceptThenFail' in failure)) throw failure;
  }

  private enforcePace(channelRef: string): void {
    const { postIntervalMs, now } = this.options;
    if (!postIntervalMs || !now) return;
    const t = now();
    const last = this.lastPost.get(channelRef);
    if (last !== undefined && t - last < postIntervalMs) {
      throw new RateLimitError(postIntervalMs - (t - last));
    }
    this.lastPost.set(channelRef, t);
  }
}
