import type { RichMessage } from '../../src/messages/model.ts';

/**
 * The local workspace's tables. CREATE IF NOT EXISTS rather than core migrations: they belong to the
 * adapter (the core never reads them), and a database without them is simply a fresh workspace.
 */
export const SCHEMA = `
  CREATE TABLE IF NOT EXISTS local_users (
    ref      TEXT PRIMARY KEY,
    handle   TEXT NOT NULL UNIQUE,
    name     TEXT NOT NULL,
    email    TEXT,
    title    TEXT NOT NULL DEFAULT '',
    is_bot   INTEGER NOT NULL DEFAULT 0,
    position INTEGER NOT NULL DEFAULT 0
  );
  CREATE TABLE IF NOT EXISTS local_channels (
    ref          TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL,
    name         TEXT NOT NULL,
    kind         TEXT NOT NULL, -- channel | direct
    topic        TEXT,
    purpose      TEXT,
    created_at   TEXT NOT NULL,
    UNIQUE (workspace_id, name)
  );
  CREATE TABLE IF NOT EXISTS local_members (
    channel_ref TEXT NOT NULL REFERENCES local_channels(ref) ON DELETE CASCADE,
    user_ref    TEXT NOT NULL,
    PRIMARY KEY (channel_ref, user_ref)
  );
  CREATE TABLE IF NOT EXISTS local_messages (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    ref             TEXT NOT NULL UNIQUE,
    channel_ref     TEXT NOT NULL REFERENCES local_channels(ref) ON DELETE CASCADE,
    thread_ref      TEXT,
    author_ref      TEXT NOT NULL,
    visible_to      TEXT,          -- NULL: everyone in the channel; else the one user of an ephemeral message
    text            TEXT NOT NULL,
    blocks          TEXT,          -- RichMessage blocks as JSON (bot messages)
    note            TEXT,          -- e.g. the command an ephemeral reply answers
    idempotency_key TEXT,
    file_ref        TEXT,
    created_at      TEXT NOT NULL,
    edited_at       TEXT
  );
  CREATE INDEX IF NOT EXISTS local_messages_by_channel ON local_messages(channel_ref, seq);
  CREATE INDEX IF NOT EXISTS local_messages_by_key ON local_messages(channel_ref, idempotency_key) WHERE idempotency_key IS NOT NULL;
  CREATE TABLE IF NOT EXISTS local_settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
  CREATE TABLE IF NOT EXISTS local_files (
    ref         TEXT PRIMARY KEY,
    channel_ref TEXT NOT NULL REFERENCES local_channels(ref) ON DELETE CASCADE,
    filename    TEXT NOT NULL,
    title       TEXT NOT NULL,
    content     BLOB NOT NULL,
    created_at  TEXT NOT NULL
  );
`;

/** A stored message as the page and the port see it. */
export interface LocalMessage {
  seq: number;
  ref: string;
  channelRef: string;
  threadRef: string | null;
  authorRef: string;
  visibleTo: string | null;
  text: string;
  blocks: RichMessage['blocks'] | null;
  note: string | null;
  idempotencyKey: string | null;
  fileRef: string | null;
  createdAt: string;
  editedAt: string | null;
}

export interface MessageRow {
  seq: number;
  ref: string;
  channel_ref: string;
  thread_ref: string | null;
  author_ref: string;
  visible_to: string | null;
  text: string;
  blocks: string | null;
  note: string | null;
  idempotency_key: string | null;
  file_ref: string | null;
  created_at: string;
  edited_at: string | null;
}

export const toMessage = (r: MessageRow): LocalMessage => ({
  seq: r.seq,
  ref: r.ref,
  channelRef: r.channel_ref,
  threadRef: r.thread_ref,
  authorRef: r.author_ref,
  visibleTo: r.visible_to,
  text: r.text,
  blocks: r.blocks ? (JSON.parse(r.blocks) as RichMessage['blocks']) : null,
  note: r.note,
  idempotencyKey: r.idempotency_key,
  fileRef: r.file_ref,
  createdAt: r.created_at,
  editedAt: r.edited_at,
});
