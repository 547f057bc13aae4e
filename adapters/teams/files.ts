/**
 * Files in Teams (the evaluation export), as Teams lets bots send them: only in a personal chat, and
 * only with the user's consent, because the file goes to the user's OneDrive.
 * 1. The outbox's upload delivery posts a file consent card (uploadFile); the file waits in the
 *    database (teams_file_offers), so a restart loses nothing.
 * 2. The user presses Allow or Decline: Teams sends a `fileConsent/invoke` with, on Allow, an upload
 *    address in the user's OneDrive. The bot PUTs the file there (one request, Content-Range for the
 *    whole file), posts the file info card, and answers the invoke with 200.
 * An offer is uploaded once: a second Allow (a retried invoke) changes nothing.
 */
import { createHash } from 'node:crypto';
import type { UploadRequest } from '../../src/platform/port.ts';
import { UnsupportedError } from '../../src/platform/errors.ts';
import type { Db } from '../../src/store/db.ts';
import { mapHttpFailure, mapNetworkFailure } from './errors.ts';
import { messageRef, parseChannelRef } from './refs.ts';
import type { Bound } from './runtime.ts';

export const FILE_CONSENT = 'application/vnd.microsoft.teams.card.file.consent';
export const FILE_INFO = 'application/vnd.microsoft.teams.card.file.info';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS teams_file_offers (
    offer_id        TEXT PRIMARY KEY,
    tenant_id       TEXT NOT NULL,
    conversation_id TEXT NOT NULL,
    filename        TEXT NOT NULL,
    content         BLOB,                     -- dropped once uploaded or declined
    state           TEXT NOT NULL,            -- offered | uploaded | declined
    created_at      TEXT NOT NULL
  );
`;

export interface FileOffer {
  offerId: string;
  tenantId: string;
  conversationId: string;
  filename: string;
  content: Buffer | null;
  state: 'offered' | 'uploaded' | 'declined';
}

export class FileOffers {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
  ) {
    db.exec(SCHEMA);
  }

  /** One offer per delivery (a retried delivery does not make a second; a new export does). */
  offer(input: { key: string; tenantId: string; conversationId: string; filename: string; content: Buffer }): string {
    const offerId = createHash('sha256').update(input.key).update('\0').update(input.conversationId).digest('hex').slice(0, 32);
    this.db
      .prepare(`INSERT INTO teams_file_offers (offer_id, tenant_id, conversation_id, filename, content, state, created_at)
                VALUES (?, ?, ?, ?, ?, 'offered', ?) ON CONFLICT (offer_id) DO NOTHING`)
      .run(offerId, input.tenantId, input.conversationId, input.filename, input.content, this.now().toISOString());
    return offerId;
  }

  get(offerId: string): FileOffer | undefined {
    const row = this.db
      .prepare('SELECT offer_id AS offerId, tenant_id AS tenantId, conversation_id AS conversationId, filename, content, state FROM teams_file_offers WHERE offer_id = ?')
      .get(offerId) as FileOffer | undefined;
    return row;
  }

  settle(offerId: string, state: 'uploaded' | 'declined'): void {
    this.db.prepare(`UPDATE teams_file_offers SET state = ?, content = NULL WHERE offer_id = ? AND state = 'offered'`).run(state, offerId);
  }
}

/** The outbox's upload: a consent card in the personal chat; the file waits for the user's answer. */
export async function offerFile(bound: Bound, request: UploadRequest): Promise<{ fileRef: string }> {
  const target = parseChannelRef(request.channelRef);
  const conversationId = target.kind === 'conversation' ? target.conversationId : '';
  if (bound.store.conversation(conversationId)?.kind !== 'personal') throw new UnsupportedError('Teams lets a bot send files only in a personal chat');
  const key = request.idempotencyKey ?? createHash('sha256').update(request.filename).update(request.content).digest('hex');
  const offerId = bound.files.offer({ key, tenantId: request.workspaceId, conversationId, filename: request.filename, content: request.content });
  const card = {
    type: 'message',
    ...(request.comment ? { text: request.comment } : {}),
    attachments: [
      {
        contentType: FILE_CONSENT,
        name: request.filename,
        content: { description: request.title, sizeInBytes: request.content.length, acceptContext: { offerId }, declineContext: { offerId } },
      },
    ],
  };
  const { id } = await bound.connector.send(request.workspaceId, conversationId, card);
  return { fileRef: messageRef(conversationId, id) };
}

export interface UploadInfo {
  name?: string;
  uploadUrl?: string;
  contentUrl?: string;
  uniqueId?: string;
  fileType?: string;
}

/** One PUT of the whole file to the upload session Teams opened in the user's OneDrive. */
export async function putFile(uploadUrl: string, content: Buffer, timeoutMs: number): Promise<void> {
  let response: Response;
  try {
    response = await fetch(uploadUrl, {
      method: 'PUT',
      headers: { 'content-length': String(content.length), 'content-range': `bytes 0-${content.length - 1}/${content.length}` },
      body: new Uint8Array(content),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw mapNetworkFailure('graph', error);
  }
  await response.arrayBuffer().catch(() => undefined);
  if (!response.ok) throw mapHttpFailure({ service: 'graph', status: response.status, code: '', message: 'file upload refused', retryAfter: response.headers.get('retry-after') });
}

/** The card that shows the uploaded file in the chat. */
export function fileInfoActivity(info: UploadInfo, filename: string): Record<string, unknown> {
  return {
    type: 'message',
    attachments: [{ contentType: FILE_INFO, contentUrl: info.contentUrl, name: info.name ?? filename, content: { uniqueId: info.uniqueId, fileType: info.fileType } }],
  };
}
