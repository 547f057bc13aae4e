import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Core } from '../src/app.ts';
import type { ChatPlatform } from '../src/platform/port.ts';

/** An HTTP route an adapter serves on the bot's one HTTP server. */
export interface Route {
  /** Requests whose path starts with this prefix go to the handler ("/slack/events", "/api/messages", "/"). */
  prefix: string;
  handle(req: IncomingMessage, res: ServerResponse): void | Promise<void>;
  /** `bearer`: requests without an `Authorization: Bearer …` header are refused (401) before their body is read. */
  auth?: 'bearer';
}

/**
 * One platform adapter. It is created before the core (the core needs its outbound port) and attached
 * to the core afterwards (its inbound events need the core).
 */
export interface Adapter {
  port: ChatPlatform;
  routes: Route[];
  /** One line for the start-up screen, e.g. "Slack: HTTP mode, request URL /slack/events". */
  describe(baseUrl: string): string;
  attach(core: Core): Promise<void>;
  /**
   * Optional: called once the server answers HTTP, for what may load after that (Teams: the Bot
   * Framework SDK, which its route waits for). Start-up does not wait for what it starts.
   */
  listening?(): void;
  /**
   * Optional: connects the adapter to the core's database only (no HTTP, no sockets), for a one-shot
   * pass such as `tick` whose outbound sends need what the adapter stored (Teams: conversation refs).
   */
  bind?(core: Core): void;
  /**
   * Optional: asks the platform whether it still accepts our credentials (for /readyz); resolves with
   * a short description, rejects with the platform's refusal.
   */
  authCheck?(): Promise<string>;
  close(): Promise<void>;
}
