/**
 * Files a user attaches in the personal chat with the bot (the manifest's `supportsFiles`). Teams
 * stores the file in the user's OneDrive and puts on the message an attachment of type
 * application/vnd.microsoft.teams.file.download.info whose content.downloadUrl is pre-authenticated
 * for a short while: fetched with no token of ours. Channels and group chats carry no such attachment.
 */
import type { Activity } from 'botbuilder';
import type { IncomingTemplateFile } from '../../src/templates/uploads.ts';
import type { Logger } from '../../src/logger.ts';

export const FILE_DOWNLOAD_INFO = 'application/vnd.microsoft.teams.file.download.info';

const DOWNLOAD_TIMEOUT_MS = 10_000;

interface DownloadInfo {
  downloadUrl?: unknown;
  fileType?: unknown;
}

/** The shared files on a personal-chat message, for the core's template upload. */
export function attachedFiles(activity: Partial<Activity>, logger: Logger): IncomingTemplateFile[] {
  return (activity.attachments ?? [])
    .filter((a) => a.contentType === FILE_DOWNLOAD_INFO && typeof (a.content as DownloadInfo | undefined)?.downloadUrl === 'string')
    .map((a) => {
      const url = (a.content as DownloadInfo).downloadUrl as string;
      return { name: a.name ?? 'fil', read: (maxBytes: number) => download(url, maxBytes, logger) };
    });
}

/**
 * GET the pre-authenticated address, stopping once past `maxBytes`. Only https, except a loopback
 * address (a local fake in tests): the address comes from an authenticated activity, but a bot that
 * fetches whatever it is told should still not wander into the internal network over plain http.
 */
async function download(address: string, maxBytes: number, logger: Logger): Promise<string | null> {
  const url = new URL(address);
  const loopback = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) throw new Error(`refusing to download a shared file from ${url.origin}`);
  const response = await fetch(url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
  if (response.status !== 200) {
    await response.body?.cancel();
    logger.warn({ status: response.status, host: url.host }, 'downloading a file shared in Teams failed');
    throw new Error(`the shared file's download answered HTTP ${response.status}`);
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  // Leaving the loop early cancels the stream: the rest of an oversized file is never read.
  for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
    total += chunk.byteLength;
    if (total > maxBytes) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
