import { chatMethods } from './chat.ts';
import type { MethodHandler } from './context.ts';
import { conversationMethods } from './conversations.ts';
import { fileMethods } from './files.ts';
import { userAndViewMethods } from './users-views.ts';

/** Every Web API method the fake implements; anything else is `unknown_method`. */
export const METHODS: Readonly<Record<string, MethodHandler>> = {
  ...userAndViewMethods,
  ...conversationMethods,
  ...chatMethods,
  ...fileMethods,
};

export { postChannelKey } from './chat.ts';
export { DOWNLOAD_PATH, fileObject, UPLOAD_PATH } from './files.ts';
export { TriggerRegistry, type MethodContext, type MethodHandler, type MethodResult } from './context.ts';
