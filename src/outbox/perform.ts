import { UnsupportedError } from '../platform/errors.ts';
import type { ChatPlatform } from '../platform/port.ts';
import type { Delivery } from './types.ts';

/**
 * Does what a delivery asks of the platform, in `channelRef` (empty for a channel's creation); returns
 * the id of what it made (a message, a channel, a file), or null. Pacing, retries and the outcome's
 * record are the dispatcher's.
 */
export async function perform(delivery: Delivery, platform: ChatPlatform, channelRef: string): Promise<string | null> {
  const { workspaceId, payload } = delivery;
  switch (payload.op) {
    case 'create_channel': {
      const { target, programmeId } = delivery;
      const owner = programmeId && (target.type === 'programme' || target.type === 'partnership') ? { programmeId, type: target.type, id: target.id } : undefined;
      // The delivery row, written before the first attempt, is the durable record of the intent.
      const earlierAttemptSince = delivery.uncertain ? new Date(delivery.firstAttemptAt ?? delivery.createdAt) : undefined;
      const created = await platform.createChannel({ workspaceId, name: payload.name, topic: payload.topic, purpose: payload.purpose, owner, earlierAttemptSince });
      return created.channelRef;
    }
    case 'invite':
      await platform.inviteMembers({ workspaceId, channelRef, userRefs: payload.userRefs });
      return null;
    case 'remove':
      // Only queued for platforms that can (src/programmes/leave.ts); a later adapter without it skips.
      if (platform.removeMembers) await platform.removeMembers({ workspaceId, channelRef, userRefs: payload.userRefs });
      return null;
    case 'post': {
      const posted = await platform.postMessage({
        workspaceId,
        channelRef,
        message: payload.message,
        idempotencyKey: delivery.idempotencyKey,
        threadRef: payload.threadRef,
      });
      return posted.messageRef;
    }
    case 'update':
      if (!platform.updateMessage) return null;
      await platform.updateMessage({ workspaceId, channelRef, messageRef: payload.messageRef, message: payload.message });
      return payload.messageRef;
    case 'upload': {
      if (!platform.uploadFile) throw new UnsupportedError(`${platform.name} cannot share files`);
      const { filename, title, comment } = payload;
      const content = Buffer.from(payload.contentBase64, 'base64');
      const uploaded = await platform.uploadFile({ workspaceId, channelRef, filename, title, comment, content, idempotencyKey: delivery.idempotencyKey });
      return uploaded.fileRef;
    }
  }
}
