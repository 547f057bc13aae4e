import type { RichMessage } from '../messages/model.ts';

/**
 * Where a delivery goes, named by what it means rather than by platform id: the channel of a programme
 * or partnership may not exist yet when a delivery is enqueued (its creation is itself a delivery),
 * and a member's direct conversation is opened on first use.
 */
export type DeliveryTarget =
  | { type: 'programme'; id: string }
  | { type: 'partnership'; id: string }
  | { type: 'member'; id: string }
  | { type: 'channel'; channelRef: string };

/** What a delivery does on the platform. */
export type DeliveryOp =
  | { op: 'create_channel'; name: string; topic?: string; purpose?: string }
  | { op: 'invite'; userRefs: string[] }
  /** Takes people out of a channel (a member who leaves); a platform that cannot is skipped. */
  | { op: 'remove'; userRefs: string[] }
  | { op: 'post'; message: RichMessage; threadRef?: string }
  | { op: 'update'; messageRef: string; message: RichMessage }
  /** A file, base64-encoded so the payload stays JSON. */
  | { op: 'upload'; filename: string; title: string; contentBase64: string; comment?: string };

export type DeliveryStatus = 'pending' | 'sending' | 'sent' | 'failed';

export interface NewDelivery {
  /** Unique per logical message: enqueuing the same key twice is a no-op. */
  idempotencyKey: string;
  platform: string;
  workspaceId: string;
  programmeId: string | null;
  target: DeliveryTarget;
  payload: DeliveryOp;
  /** Not before this instant (defaults to now). */
  notBefore?: Date;
  /**
   * A send of this message was already tried outside the outbox and may have arrived (an adapter's
   * inline answer that got no response): the first attempt checks findSent before posting.
   */
  uncertain?: boolean;
}

export interface Delivery extends Omit<NewDelivery, 'notBefore' | 'uncertain'> {
  id: number;
  status: DeliveryStatus;
  attempts: number;
  /** An earlier attempt may have reached the platform: check before sending again. */
  uncertain: boolean;
  nextAttemptAt: string;
  firstAttemptAt: string | null;
  lastError: string | null;
  resultRef: string | null;
  createdAt: string;
}
