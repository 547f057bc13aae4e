/**
 * Slack's Socket Mode, as @slack/socket-mode speaks it: `apps.connections.open` (called with the
 * app-level token, xapp-…) answers a single-use `wss://` URL — here `ws://127.0.0.1:PORT/link/?ticket=…`
 * on the fake's own server; the app opens a WebSocket there and Slack sends `{"type":"hello"}`. Then
 * Slack sends envelopes `{envelope_id, type, payload, accepts_response_payload}` (type `slash_commands`,
 * `interactive` or `events_api`, whose payload is the Events API body) and the app acknowledges each by
 * sending `{envelope_id, payload?}` back within 3 s. `{"type":"disconnect","reason":…}` asks the app to
 * reconnect (it calls apps.connections.open again).
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import WebSocket from 'ws';
import type { SlackState } from './state.ts';
import type { Json } from './types.ts';

export const SOCKET_PATH = '/link/';

/** The app-level token the fake accepts unless told otherwise. */
export const DEFAULT_FAKE_APP_TOKEN = 'xapp-1-A0TOVHOLD-1-fakeapptoken';

export interface FakeSocketAck {
  envelopeId: string;
  /** What the app sent with the ack (`{}` for a plain ack). */
  payload: unknown;
  /** ms after the envelope was sent. */
  afterMs: number;
}

export interface FakeEnvelope {
  envelope_id: string;
  type: 'slash_commands' | 'interactive' | 'events_api';
  payload: Json;
  accepts_response_payload: boolean;
  retry_attempt?: number;
  retry_reason?: string;
}

export interface SlashCommandSpec {
  teamId: string;
  userId: string;
  channelId: string;
  text: string;
  command?: string;
  responseUrl: string;
  triggerId: string;
}

export class FakeSocketMode {
  /** Connections opened in all (a reconnect adds one). */
  opened = 0;
  /** Messages the app sent that were not acks (should be none). */
  readonly strays: unknown[] = [];
  readonly acks: FakeSocketAck[] = [];
  private readonly tickets = new Set<string>();
  private readonly sockets: WebSocket[] = [];
  private readonly sentAt = new Map<string, number>();
  private readonly server = new WebSocket.Server({ noServer: true });
  private origin = '';

  constructor(
    private readonly state: SlackState,
    /** The valid app-level token; anything else is refused like Slack refuses it. */
    public appToken: string,
    private readonly appId: string,
  ) {}

  setOrigin(origin: string): void {
    this.origin = origin;
  }

  /** apps.connections.open: a bot or user token is the wrong type, an unknown app token invalid. */
  open(token: string | undefined): Json & { ok: boolean } {
    if (!token) return { ok: false, error: 'not_authed' };
    if (!token.startsWith('xapp-')) return { ok: false, error: 'not_allowed_token_type' };
    if (token !== this.appToken) return { ok: false, error: 'invalid_auth' };
    const ticket = randomUUID();
    this.tickets.add(ticket);
    return { ok: true, url: `${this.origin.replace(/^http/, 'ws')}${SOCKET_PATH}?ticket=${ticket}&app_id=${this.appId}` };
  }

  /** The HTTP upgrade to a WebSocket at the URL apps.connections.open handed out (single use). */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://fake');
    const ticket = url.searchParams.get('ticket') ?? '';
    if (url.pathname !== SOCKET_PATH || !this.tickets.delete(ticket)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nconnection: close\r\n\r\n');
      return;
    }
    this.server.handleUpgrade(req, socket as Socket, head, (ws) => {
      this.opened += 1;
      this.sockets.push(ws);
      ws.on('close', () => this.sockets.splice(this.sockets.indexOf(ws), 1));
      ws.on('message', (data) => this.receive(String(data)));
      ws.send(JSON.stringify({ type: 'hello', num_connections: this.sockets.length, debug_info: { host: 'fake-applink', approximate_connection_time: 18060 }, connection_info: { app_id: this.appId } }));
    });
  }

  /** Open connections now. */
  get connections(): number {
    return this.sockets.filter((ws) => ws.readyState === WebSocket.OPEN).length;
  }

  /** Sends an envelope on the newest open connection; returns its envelope_id. */
  sendEnvelope(envelope: Omit<FakeEnvelope, 'envelope_id'> & { envelope_id?: string }): string {
    const ws = [...this.sockets].reverse().find((s) => s.readyState === WebSocket.OPEN);
    if (!ws) throw new Error('fake Slack: no open Socket Mode connection');
    const id = envelope.envelope_id ?? randomUUID();
    this.sentAt.set(id, performance.now());
    ws.send(JSON.stringify({ ...envelope, envelope_id: id }));
    return id;
  }

  /** A slash command as Slack sends it over Socket Mode: the form fields of the HTTP variant, as JSON. */
  slashCommand(spec: SlashCommandSpec): string {
    const team = this.state.team(spec.teamId);
    return this.sendEnvelope({
      type: 'slash_commands',
      accepts_response_payload: true,
      payload: {
        token: 'deprecated-verification-token',
        team_id: spec.teamId,
        team_domain: team.domain,
        channel_id: spec.channelId,
        channel_name: spec.channelId.startsWith('D') ? 'directmessage' : 'general',
        user_id: spec.userId,
        user_name: team.users.get(spec.userId)?.name ?? spec.userId.toLowerCase(),
        command: spec.command ?? '/tovholder',
        text: spec.text,
        api_app_id: this.appId,
        is_enterprise_install: 'false',
        response_url: spec.responseUrl,
        trigger_id: spec.triggerId,
      },
    });
  }

  /** An Events API delivery (`event_callback`) in an `events_api` envelope. */
  event(teamId: string, event: Json, options: { eventId?: string; retryAttempt?: number } = {}): string {
    const team = this.state.team(teamId);
    const eventId = options.eventId ?? `Ev${randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase()}`;
    return this.sendEnvelope({
      type: 'events_api',
      accepts_response_payload: false,
      retry_attempt: options.retryAttempt ?? 0,
      retry_reason: options.retryAttempt ? 'timeout' : '',
      payload: {
        token: 'deprecated-verification-token',
        team_id: teamId,
        api_app_id: this.appId,
        event,
        type: 'event_callback',
        event_id: eventId,
        event_time: Math.floor(Date.now() / 1000),
        authorizations: [{ enterprise_id: null, team_id: teamId, user_id: team.botUserId, is_bot: true, is_enterprise_install: false }],
        is_ext_shared_channel: false,
        event_context: `4-${Buffer.from(eventId).toString('base64url')}`,
      },
    });
  }

  /** Slack asking the app to reconnect (`refresh_requested` before it recycles a connection). */
  disconnect(reason = 'refresh_requested'): void {
    for (const ws of this.sockets) ws.send(JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'fake-applink' } }));
  }

  ackFor(envelopeId: string): FakeSocketAck | undefined {
    return this.acks.find((a) => a.envelopeId === envelopeId);
  }

  /** Resolves with the ack, or rejects after `timeoutMs` (Slack's limit is 3 s). */
  async waitForAck(envelopeId: string, timeoutMs = 3_000): Promise<FakeSocketAck> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const ack = this.ackFor(envelopeId);
      if (ack) return ack;
      if (performance.now() > deadline) throw new Error(`fake Slack: envelope ${envelopeId} was not acknowledged within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  close(): void {
    for (const ws of this.sockets) ws.terminate();
    this.server.close();
  }

  private receive(text: string): void {
    let message: { envelope_id?: unknown; payload?: unknown };
    try {
      message = JSON.parse(text) as typeof message;
    } catch {
      this.strays.push(text);
      return;
    }
    if (typeof message.envelope_id !== 'string') {
      this.strays.push(message);
      return;
    }
    const sent = this.sentAt.get(message.envelope_id);
    this.acks.push({ envelopeId: message.envelope_id, payload: message.payload ?? {}, afterMs: sent === undefined ? Number.NaN : performance.now() - sent });
  }
}
