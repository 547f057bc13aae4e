import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Clock } from '../../src/clock.ts';
import type { RichMessage } from '../../src/messages/model.ts';
import type { Db } from '../../src/store/db.ts';
import { BOT, GENERAL_CHANNEL, PEOPLE, WORKSPACE_ID, type LocalPerson } from './directory.ts';
import { SCHEMA, toMessage, type LocalMessage, type MessageRow } from './schema.ts';

export type { LocalMessage } from './schema.ts';

export interface LocalChannel {
  ref: string;
  workspaceId: string;
  name: string;
  kind: 'channel' | 'direct';
  topic: string | null;
  purpose: string | null;
  createdAt: string;
}

export interface NewLocalMessage {
  channelRef: string;
  authorRef: string;
  text: string;
  blocks?: RichMessage['blocks'] | null;
  threadRef?: string | null;
  visibleTo?: string | null;
  note?: string | null;
  idempotencyKey?: string | null;
  fileRef?: string | null;
}

const CHANNEL_COLUMNS = 'ref, workspace_id AS workspaceId, name, kind, topic, purpose, created_at AS createdAt';
const USER_COLUMNS = 'ref, handle, name, email, title, is_bot AS isBot';

/** A reference like Slack's: a letter and random characters. */
export function newRef(prefix: string): string {
  return `${prefix}${randomBytes(6).toString('hex').toUpperCase()}`;
}

/**
 * The local workspace's own "platform side": people, channels, members, messages and files. It lives in
 * the bot's SQLite file under local_* tables but on its own connection, like a real platform it is
 * separate from the bot's tables: a message can be stored here while the outbox row is still "sending".
 */
export class LocalStore {
  constructor(
    readonly db: Db,
    private readonly clock: Clock,
  ) {
    db.exec(SCHEMA);
    this.seed();
  }

  /** Opens the store on its own connection to the bot's database file. */
  static open(path: string, clock: Clock): LocalStore {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    return new LocalStore(db, clock);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /** The people and #generelt; re-running adds whoever is missing and changes nothing else. */
  seed(): void {
    const insert = this.db.prepare('INSERT OR IGNORE INTO local_users (ref, handle, name, email, title, is_bot, position) VALUES (?, ?, ?, ?, ?, ?, ?)');
    this.db.transaction(() => {
      [BOT, ...PEOPLE].forEach((p, i) => insert.run(p.ref, p.handle, p.name, p.email, p.title, p.isBot ? 1 : 0, i));
      if (!this.channel(GENERAL_CHANNEL)) {
        this.insertChannel({ ref: GENERAL_CHANNEL, workspaceId: WORKSPACE_ID, name: 'generelt', kind: 'channel', topic: 'Hele arbejdsrummet', purpose: null });
      }
      this.addMembers(GENERAL_CHANNEL, [BOT.ref, ...PEOPLE.map((p) => p.ref)]);
    })();
  }

  /** People a demo brings (a network programme's municipalities): in the workspace and #generelt from now on. */
  addPeople(people: LocalPerson[]): void {
    const insert = this.db.prepare('INSERT OR IGNORE INTO local_users (ref, handle, name, email, title, is_bot, position) VALUES (?, ?, ?, ?, ?, ?, ?)');
    const next = (this.db.prepare('SELECT COALESCE(MAX(position), 0) + 1 AS n FROM local_users').get() as { n: number }).n;
    this.db.transaction(() => {
      people.forEach((p, i) => insert.run(p.ref, p.handle, p.name, p.email, p.title, 0, next + i));
      this.addMembers(GENERAL_CHANNEL, people.map((p) => p.ref));
    })();
  }

  // ── people ──────────────────────────────────────────────────────────────

  users(): LocalPerson[] {
    const rows = this.db.prepare(`SELECT ${USER_COLUMNS} FROM local_users ORDER BY position, name`).all() as (Omit<LocalPerson, 'isBot'> & { isBot: number })[];
    return rows.map((r) => ({ ...r, isBot: r.isBot === 1 }));
  }

  user(ref: string): LocalPerson | undefined {
    return this.users().find((u) => u.ref === ref);
  }

  userByEmail(email: string): LocalPerson | undefined {
    return this.users().find((u) => u.email?.toLowerCase() === email.trim().toLowerCase());
  }

  // ── channels ────────────────────────────────────────────────────────────

  insertChannel(channel: Omit<LocalChannel, 'createdAt'>): LocalChannel {
    const createdAt = this.clock.now().toISOString();
    this.db
      .prepare('INSERT INTO local_channels (ref, workspace_id, name, kind, topic, purpose, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(channel.ref, channel.workspaceId, channel.name, channel.kind, channel.topic, channel.purpose, createdAt);
    return { ...channel, createdAt };
  }

  channel(ref: string): LocalChannel | undefined {
    return this.db.prepare(`SELECT ${CHANNEL_COLUMNS} FROM local_channels WHERE ref = ?`).get(ref) as LocalChannel | undefined;
  }

  channelByName(workspaceId: string, name: string): LocalChannel | undefined {
    return this.db.prepare(`SELECT ${CHANNEL_COLUMNS} FROM local_channels WHERE workspace_id = ? AND name = ?`).get(workspaceId, name) as LocalChannel | undefined;
  }

  /** The conversations a user is in: channels first (oldest first), then direct ones. */
  channelsOf(userRef: string): LocalChannel[] {
    return this.db
      .prepare(
        `SELECT ${CHANNEL_COLUMNS} FROM local_channels c JOIN local_members m ON m.channel_ref = c.ref
         WHERE m.user_ref = ? ORDER BY c.kind, c.created_at, c.name`,
      )
      .all(userRef) as LocalChannel[];
  }

  addMembers(channelRef: string, userRefs: string[]): void {
    const insert = this.db.prepare('INSERT OR IGNORE INTO local_members (channel_ref, user_ref) VALUES (?, ?)');
    for (const ref of userRefs) insert.run(channelRef, ref);
  }

  members(channelRef: string): string[] {
    return this.db.prepare('SELECT user_ref FROM local_members WHERE channel_ref = ? ORDER BY rowid').pluck().all(channelRef) as string[];
  }

  isMember(channelRef: string, userRef: string): boolean {
    return !!this.db.prepare('SELECT 1 FROM local_members WHERE channel_ref = ? AND user_ref = ?').get(channelRef, userRef);
  }

  // ── messages ────────────────────────────────────────────────────────────

  insertMessage(message: NewLocalMessage): LocalMessage {
    const ref = newRef('M');
    const createdAt = this.clock.now().toISOString();
    this.db
      .prepare(
        `INSERT INTO local_messages (ref, channel_ref, thread_ref, author_ref, visible_to, text, blocks, note, idempotency_key, file_ref, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        ref,
        message.channelRef,
        message.threadRef ?? null,
        message.authorRef,
        message.visibleTo ?? null,
        message.text,
        message.blocks ? JSON.stringify(message.blocks) : null,
        message.note ?? null,
        message.idempotencyKey ?? null,
        message.fileRef ?? null,
        createdAt,
      );
    return this.message(ref)!;
  }

  message(ref: string): LocalMessage | undefined {
    const row = this.db.prepare('SELECT * FROM local_messages WHERE ref = ?').get(ref) as MessageRow | undefined;
    return row && toMessage(row);
  }

  updateMessage(ref: string, content: { text: string; blocks: RichMessage['blocks'] }): boolean {
    const info = this.db
      .prepare('UPDATE local_messages SET text = ?, blocks = ?, edited_at = ? WHERE ref = ?')
      .run(content.text, JSON.stringify(content.blocks), this.clock.now().toISOString(), ref);
    return info.changes > 0;
  }

  deleteMessage(ref: string): void {
    this.db.prepare('DELETE FROM local_messages WHERE ref = ?').run(ref);
  }

  /** What one user sees in a channel: everything public plus their own ephemeral messages. */
  messagesFor(channelRef: string, userRef: string, limit = 400): LocalMessage[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM (SELECT * FROM local_messages WHERE channel_ref = ? AND (visible_to IS NULL OR visible_to = ?)
         ORDER BY seq DESC LIMIT ?) ORDER BY seq`,
      )
      .all(channelRef, userRef, limit) as MessageRow[];
    return rows.map(toMessage);
  }

  /** The newest message each of a user's conversations has for them (for unread marks). */
  lastSeqFor(userRef: string): Map<string, number> {
    const rows = this.db
      .prepare(
        `SELECT channel_ref AS channelRef, MAX(seq) AS seq FROM local_messages
         WHERE (visible_to IS NULL OR visible_to = ?) AND author_ref <> ? GROUP BY channel_ref`,
      )
      .all(userRef, userRef) as { channelRef: string; seq: number }[];
    return new Map(rows.map((r) => [r.channelRef, r.seq]));
  }

  findByKey(channelRef: string, idempotencyKey: string, since: Date): LocalMessage | undefined {
    const row = this.db
      .prepare('SELECT * FROM local_messages WHERE channel_ref = ? AND idempotency_key = ? AND created_at >= ? ORDER BY seq LIMIT 1')
      .get(channelRef, idempotencyKey, since.toISOString()) as MessageRow | undefined;
    return row && toMessage(row);
  }

  // ── files ───────────────────────────────────────────────────────────────

  insertFile(file: { channelRef: string; filename: string; title: string; content: Buffer }): string {
    const ref = newRef('F');
    this.db
      .prepare('INSERT INTO local_files (ref, channel_ref, filename, title, content, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(ref, file.channelRef, file.filename, file.title, file.content, this.clock.now().toISOString());
    return ref;
  }

  file(ref: string): { ref: string; channelRef: string; filename: string; title: string; content: Buffer } | undefined {
    return this.db
      .prepare('SELECT ref, channel_ref AS channelRef, filename, title, content FROM local_files WHERE ref = ?')
      .get(ref) as { ref: string; channelRef: string; filename: string; title: string; content: Buffer } | undefined;
  }

  // ── settings ────────────────────────────────────────────────────────────

  setting(key: string): string | undefined {
    return this.db.prepare('SELECT value FROM local_settings WHERE key = ?').pluck().get(key) as string | undefined;
  }

  setSetting(key: string, value: string): void {
    this.db.prepare('INSERT INTO local_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }
}
