/**
 * The user's answer to a file consent card (`fileConsent/invoke`): on Allow the file goes to the upload
 * address Teams gave (the user's OneDrive) and the file info card is posted; on Decline the offer is
 * closed. Answered with an invoke response; an offer is uploaded at most once (see files.ts).
 */
import type { TurnContext } from 'botbuilder';
import { localeOf } from './activity.ts';
import { fileInfoActivity, putFile, type UploadInfo } from './files.ts';
import type { TeamsRuntime } from './runtime.ts';
import type { SeenActivity } from './store.ts';
import { tt, type TeamsTextKey } from './texts.ts';

interface ConsentValue {
  action?: string;
  context?: { offerId?: unknown };
  uploadInfo?: UploadInfo;
}

export async function onFileConsent(runtime: TeamsRuntime, context: TurnContext, seen: SeenActivity): Promise<void> {
  const bound = runtime.get();
  const value = (context.activity.value ?? {}) as ConsentValue;
  const locale = localeOf(context.activity) ?? bound.core.defaults.locale;
  const offerId = typeof value.context?.offerId === 'string' ? value.context.offerId : '';
  const offer = bound.files.get(offerId);
  const say = (key: TeamsTextKey, file = offer?.filename ?? '') => tell(runtime, seen, tt(locale, key, { file }));
  let status = 200;
  // Only the chat it was offered in may answer it.
  if (!offer || offer.conversationId !== seen.conversationId || offer.tenantId !== seen.tenantId) await say('fileGone');
  else if (offer.state !== 'offered') {
    // A repeated answer (Teams retried the invoke, or a second press): done already.
  } else if (value.action === 'decline') {
    bound.files.settle(offerId, 'declined');
    await say('fileDeclined');
  } else if (value.action === 'accept' && offer.content && value.uploadInfo?.uploadUrl) {
    try {
      await putFile(value.uploadInfo.uploadUrl, offer.content, runtime.settings.timeoutMs);
      bound.files.settle(offerId, 'uploaded');
      await bound.connector.send(seen.tenantId, seen.conversationId, fileInfoActivity(value.uploadInfo, offer.filename)).catch((error: unknown) => {
        // The file is in the user's OneDrive; only the card showing it is missing.
        runtime.logger.warn({ err: error, offer: offerId }, 'file uploaded, but its info card could not be posted');
      });
    } catch (error) {
      runtime.logger.warn({ err: error, offer: offerId }, 'file upload to OneDrive failed; the offer stays open');
      status = 500;
      await say('fileFailed');
    }
  }
  await context.sendActivity({ type: 'invokeResponse', value: { status } });
}

async function tell(runtime: TeamsRuntime, seen: SeenActivity, text: string): Promise<void> {
  await runtime
    .get()
    .connector.send(seen.tenantId, seen.conversationId, { type: 'message', text, textFormat: 'markdown' })
    .catch((error: unknown) => runtime.logger.info({ err: error }, 'could not answer a file consent'));
}
