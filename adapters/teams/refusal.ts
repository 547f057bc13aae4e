import type { IncomingMessage } from 'node:http';
import type { Logger } from '../../src/logger.ts';
import type { SdkOutput } from './sdk-console.ts';

/**
 * One structured line for an activity whose token did not verify: enough to see who probes the
 * endpoint and why the token failed, without the SDK's stack trace.
 */
export function logRefusal(logger: Logger, req: IncomingMessage, body: Record<string, unknown>, output: SdkOutput): void {
  const error = output.errors.at(-1);
  const conversation = (body.conversation as { id?: unknown } | undefined)?.id;
  logger.warn(
    {
      status: 401,
      reason: error instanceof Error ? error.message.slice(0, 300) : 'unauthorized',
      remoteAddress: req.socket.remoteAddress,
      channelId: typeof body.channelId === 'string' ? body.channelId : undefined,
      conversation: typeof conversation === 'string' ? conversation : undefined,
      activityType: typeof body.type === 'string' ? body.type : undefined,
    },
    'Teams activity refused: its token did not verify',
  );
}
