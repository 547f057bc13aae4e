import type { IncomingTemplateFile } from '../../../src/templates/uploads.ts';
import type { Logger } from '../../../src/logger.ts';
import { INTERACTIVE_TIMEOUT_MS, type SlackClients } from '../clients.ts';

/** The fields of a shared file on a `file_share` message that we read (files.info says the rest). */
export interface SlackEventFile {
  id: string;
  name?: string;
  title?: string;
  size?: number;
}

/** Where a private file's bytes may be fetched with the bot token: Slack's file host, or SLACK_API_URL's. */
const SLACK_FILES_HOST = 'files.slack.com';

/**
 * A shared file for the core (src/templates/uploads.ts): the core checks who sent it and its name and
 * size first, and only then asks for the text. Reading asks files.info for the file's
 * url_private_download (the event's copy may be partial, e.g. in Slack Connect) and fetches it with
 * `Authorization: Bearer <bot token>`; Slack answers a fetch without it with its sign-in page, so
 * anything but a 200 that is not HTML is a failure.
 */
export function slackTemplateFile(clients: SlackClients, botToken: string, file: SlackEventFile, logger: Logger): IncomingTemplateFile {
  return {
    name: file.name ?? file.title ?? file.id,
    ...(typeof file.size === 'number' ? { size: file.size } : {}),
    async read(maxBytes) {
      const info = await clients.get(botToken, 'interactive').files.info({ file: file.id });
      const described = info.file as { url_private_download?: string; url_private?: string; size?: number } | undefined;
      const url = described?.url_private_download ?? described?.url_private;
      if (!url || !mayCarryToken(url, clients.apiUrl)) throw new Error(`files.info gave no download address Tovholder trusts for ${file.id}`);
      if (typeof described?.size === 'number' && described.size > maxBytes) return null;
      try {
        return await fetchCapped(url, botToken, maxBytes);
      } catch (error) {
        logger.warn({ err: error, file: file.id }, 'downloading a shared Slack file failed');
        throw error;
      }
    },
  };
}

/** The bot token goes only to Slack over https, or to the configured API's own origin (a test's fake). */
function mayCarryToken(address: string, apiUrl: string | undefined): boolean {
  const url = new URL(address);
  if (url.protocol === 'https:' && url.hostname === SLACK_FILES_HOST) return true;
  return apiUrl !== undefined && url.origin === new URL(apiUrl).origin;
}

/** GET with the token, no redirects (a redirect is the sign-in page), stopping once past `maxBytes`. */
async function fetchCapped(url: string, botToken: string, maxBytes: number): Promise<string | null> {
  const response = await fetch(url, {
    headers: { authorization: `Bearer ${botToken}` },
    redirect: 'manual',
    signal: AbortSignal.timeout(INTERACTIVE_TIMEOUT_MS * 2),
  });
  const type = response.headers.get('content-type') ?? '';
  if (response.status !== 200 || type.startsWith('text/html')) {
    await response.body?.cancel();
    throw new Error(`Slack answered the file download with HTTP ${response.status} (${type || 'no type'})`);
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
