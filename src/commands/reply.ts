import { plainMessage } from '../messages/model.ts';
import type { CommandReply } from './types.ts';

export type MessageReply = Extract<CommandReply, { type: 'message' }>;

/** A reply only the user sees. */
export function ephemeral(text: string): MessageReply {
  return { type: 'message', visibility: 'ephemeral', message: plainMessage(text) };
}
